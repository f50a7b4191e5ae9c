// Long lines and binary junk tokenize to the end and leave the grammar ready for the next line.
// A regex that backtracks catastrophically never returns and fails here on Mocha's timeout;
// how fast each of these lines tokenizes (against VS Code's 500 ms per-line limit) is printed
// by `npm run bench:grammar`, not asserted in a test.
import * as assert from 'node:assert/strict';
import * as vsctm from 'vscode-textmate';
import { binaryLines, denseLine, MB, PATHOLOGICAL, randomBytes } from './hardLines';
import { type GrammarName, expectScopes, loadGrammar, tokenize } from './tokenize';

/** Tokenizes a line with no time limit and checks that the tokens start at 0 and run in order. */
function tokenizesWhole(grammar: vsctm.IGrammar, line: string): boolean {
  const result = grammar.tokenizeLine2(line, vsctm.INITIAL);
  const tokens = result.tokens;
  if (result.stoppedEarly || tokens.length < 2 || tokens[0] !== 0) return false;
  for (let i = 2; i < tokens.length; i += 2)
    if (tokens[i] <= tokens[i - 2] || tokens[i] > line.length) return false;
  return true;
}

const GRAMMARS: readonly GrammarName[] = ['config', 'capture'];

describe('grammar robustness', function () {
  this.timeout(120_000);

  for (const name of GRAMMARS) {
    describe(`balancer-${name}`, () => {
      let grammar: vsctm.IGrammar;

      before(async () => {
        grammar = await loadGrammar(name);
        // Compile every rule set once, so the first timed line does not pay for it.
        grammar.tokenizeLine2(denseLine(4096), vsctm.INITIAL);
      });

      it('tokenizes 1 MB of random binary bytes on one line to the end', () => {
        for (const [label, line] of Object.entries(binaryLines(MB))) {
          assert.ok(tokenizesWhole(grammar, line), `${label}: tokens do not cover the line`);
        }
      });

      for (const [label, line] of Object.entries(PATHOLOGICAL)) {
        it(`tokenizes a 1 MB line of ${label} to the end`, () => {
          assert.ok(tokenizesWhole(grammar, line), 'tokens do not cover the line');
        });
      }

      it('reads a real line correctly after a document of binary junk', async () => {
        const junk = Buffer.from(randomBytes(256 * 1024, 0xbad)).toString('latin1');
        const real =
          name === 'config'
            ? 'slb server GW_ISP1 210.21.1.1'
            : '@1777313 o( 6, 0, 1f426)> ip 210.21.*.* > *.*.*.* esp spi=0x50a5abe3 seq=0xf3';
        const lines = await tokenize(name, `${junk}\n${real}`);
        const last = lines[lines.length - 1];
        assert.equal(last.text, real);
        assert.ok(
          lines.every((line) => line.endsAtRoot),
          'a junk line left the grammar in a nested rule',
        );
        expectScopes(
          last,
          name === 'config'
            ? [
                ['slb server', 'keyword.control.block'],
                ['GW_ISP1', 'entity.name.type.server'],
                ['210.21.1.1', 'constant.numeric.ip-address.ipv4'],
              ]
            : [
                ['o', 'keyword.other.direction.out'],
                ['210.21.*.*', 'meta.address.source constant.numeric.ip-address.ipv4.masked'],
                ['0x50a5abe3', 'constant.numeric.spi'],
              ],
        );
      });
    });
  }
});
