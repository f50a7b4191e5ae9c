// The `port 0 others` quick fix, on any configuration: applied, it removes the finding it fixes,
// it only inserts whole lines, and it leaves the user's text and the other findings alone.
import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service';
import {
  configLine,
  documentOf,
  messageOf,
  joined,
  mutatedSeed,
  virtualServerBlock,
} from './documents';

const CONFIG = 'balancer-config';
const MISSING_OTHERS = 'lbconf/missing-others-vport';

/** Configurations likely to lack `port 0 others`: VIP blocks (some opened twice) among loose lines. */
const configs = fc.oneof(
  joined(
    fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: virtualServerBlock },
          configLine.map((l) => [l]),
        ),
        {
          minLength: 1,
          maxLength: 8,
        },
      )
      .map((parts) => parts.flat()),
  ),
  mutatedSeed([
    'seed/vip-before-fix.summary.txt',
    'config/acos2-wildcard.a10.cfg',
    'config/acos4-inbound.a10.cfg',
  ]),
);

/** One finding of the rule and the fix the service offers for it. */
interface Fixable {
  readonly diagnostic: Diagnostic;
  readonly action: CodeAction;
  readonly edits: readonly TextEdit[];
}

/** The rule's findings in a text, each with the single quick fix the service offers for it. */
function fixables(text: string): {
  document: TextDocument;
  fixables: Fixable[];
  diagnostics: Diagnostic[];
} {
  const service = createLanguageService();
  const document = documentOf(CONFIG, text);
  const diagnostics = service.doValidation(document);
  const found = diagnostics
    .filter((d) => d.code === MISSING_OTHERS)
    .map((diagnostic) => {
      const actions = service.doCodeActions(document, diagnostic.range, [diagnostic]);
      assert.strictEqual(actions.length, 1, `${actions.length} fixes for ${messageOf(diagnostic)}`);
      const [action] = actions;
      return { diagnostic, action, edits: action.edit?.changes?.[document.uri] ?? [] };
    });
  return { document, fixables: found, diagnostics };
}

function vipOf(diagnostic: Diagnostic): string | undefined {
  return (diagnostic.data as { vip?: string } | undefined)?.vip;
}

describe('The `port 0 others` quick fix (property)', function () {
  this.timeout(30_000);

  it('removes, once applied, the finding it fixes', () => {
    let fixesSeen = 0;
    fc.assert(
      fc.property(configs, (text) => {
        const { document, fixables: found } = fixables(text);
        for (const { diagnostic, edits } of found) {
          fixesSeen += 1;
          const fixed = TextDocument.applyEdits(document, [...edits]);
          const after = createLanguageService().doValidation(documentOf(CONFIG, fixed));
          const still = after.filter(
            (d) => d.code === MISSING_OTHERS && vipOf(d) === vipOf(diagnostic),
          );
          assert.deepStrictEqual(
            still.map(messageOf),
            [],
            `the fix for ${vipOf(diagnostic)} left its finding in:\n${fixed}`,
          );
        }
      }),
      { numRuns: 400 },
    );
    // A generator that hardly reaches the rule would prove nothing.
    assert.ok(fixesSeen >= 100, `only ${fixesSeen} fixes were exercised`);
  });

  it("only inserts whole lines at the end of a line, in the document's line end, and keeps every character of the user's text", () => {
    fc.assert(
      fc.property(configs, (text) => {
        const { document, fixables: found } = fixables(text);
        const lineEnd = /\r\n|\n|\r/.exec(text)?.[0] ?? '\n';
        for (const { action, edits } of found) {
          assert.strictEqual(edits.length, 1, `${action.title}: ${edits.length} edits`);
          const [{ range, newText }] = edits;
          assert.deepStrictEqual(
            range.start,
            range.end,
            `${action.title} replaces text: ${JSON.stringify(range)}`,
          );
          const offset = document.offsetAt(range.start);
          const lineText = document.getText({
            start: { line: range.start.line, character: 0 },
            end: { line: range.start.line + 1, character: 0 },
          });
          assert.strictEqual(
            range.start.character,
            lineText.replace(/[\r\n]+$/, '').length,
            `${action.title} inserts inside a line`,
          );
          assert.ok(
            newText.startsWith(lineEnd),
            `${action.title} does not start a new line: ${JSON.stringify(newText)}`,
          );
          assert.ok(
            !/[\r\n]$/.test(newText),
            `${action.title} leaves an empty line: ${JSON.stringify(newText)}`,
          );
          const ends = newText.match(/\r\n|\n|\r/g) ?? [];
          assert.ok(
            ends.every((e) => e === lineEnd),
            `${action.title} mixes line ends: ${JSON.stringify(newText)}`,
          );

          const fixed = TextDocument.applyEdits(document, [...edits]);
          assert.strictEqual(
            fixed.slice(0, offset),
            text.slice(0, offset),
            'text before the insertion changed',
          );
          assert.strictEqual(
            fixed.slice(offset + newText.length),
            text.slice(offset),
            'text after the insertion changed',
          );
        }
      }),
      { numRuns: 400 },
    );
  });

  it('leaves the findings of every other virtual server as they were', () => {
    fc.assert(
      fc.property(configs, (text) => {
        const { document, fixables: found, diagnostics } = fixables(text);
        for (const { diagnostic, edits } of found) {
          const fixed = TextDocument.applyEdits(document, [...edits]);
          const after = createLanguageService().doValidation(documentOf(CONFIG, fixed));
          const others = (ds: Diagnostic[]): string[] =>
            ds
              .filter(
                (d) =>
                  d !== diagnostic &&
                  !(d.code === MISSING_OTHERS && vipOf(d) === vipOf(diagnostic)),
              )
              .map((d) => `${String(d.code)}: ${messageOf(d)}`)
              .sort();
          assert.deepStrictEqual(
            others(after),
            others(diagnostics),
            `fixing ${vipOf(diagnostic)} changed other findings in:\n${fixed}`,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
