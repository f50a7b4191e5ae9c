// The shape of a configuration as the editor shows it: the outline by block, folding, and the
// semantic tokens that tell defined names from undefined ones.
import * as assert from 'assert';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { createLanguageService, semanticTokensLegend } from '../../../server/src/service';
import { parseConfig } from '../../../server/src/service/config/parser';
import type { ConfigNode } from '../../../server/src/service/config/ast';
import { configDocument, fixture } from '../support';
import { lines } from './support';

/** `name (detail) [children]` for each symbol, indented by depth. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

describe('Configuration structure', () => {
  it('nests lines by indentation, whatever its width (ACOS 2: 3/6/7 spaces; ACOS 4: 2/4)', () => {
    const tree = (node: ConfigNode, depth = 0): string[] => [
      `${'.'.repeat(depth)}${node.line.words.map((w) => w.text).join(' ')}`,
      ...node.children.flatMap((c) => tree(c, depth + 1)),
    ];
    const config = parseConfig(
      lines(
        'slb server s 1.1.1.1',
        '   port 0  tcp',
        '       no health-check',
        '   port 0  udp',
        'slb service-group g tcp',
        '  member s 80',
        '    priority 8',
        '  method round-robin',
      ),
    );
    assert.deepStrictEqual(
      config.blocks.flatMap((b) => tree(b.node)),
      [
        'slb server s 1.1.1.1',
        '.port 0 tcp',
        '..no health-check',
        '.port 0 udp',
        'slb service-group g tcp',
        '.member s 80',
        '..priority 8',
        '.method round-robin',
      ],
    );
  });

  it('tells a whole running-config (headers or `end`) from a fragment', () => {
    assert.strictEqual(
      parseConfig(fixture('config/acos4-inbound.a10.cfg')).wholeRunningConfig,
      true,
    );
    assert.strictEqual(parseConfig('slb server s 1.1.1.1\nend\n').wholeRunningConfig, true);
    assert.strictEqual(
      parseConfig(fixture('seed/vip-before-fix.summary.txt')).wholeRunningConfig,
      false,
    );
    assert.strictEqual(parseConfig('slb server s 1.1.1.1\n').wholeRunningConfig, false);
  });

  it('outlines by block: objects by their names, with their ports, members and vports', () => {
    const symbols = createLanguageService().findDocumentSymbols(
      configDocument(fixture('config/real-acos2-llb.a10.cfg')),
    );
    const shown = outline(symbols);
    for (const expected of [
      'access-list 101 (2 rules)',
      'vlan 10',
      'SNAT_CT (183.62.10.20 - 183.62.10.29)',
      'SNAT_ALL (NAT pool group)',
      'gw_ping (icmp)',
      'idle_300 (template tcp)',
      'src_ip_600 (template persist source-ip)',
      'GW_CT (183.62.10.1)',
      '  port 0 tcp',
      'LINK_TCP (tcp)',
      '  member GW_CU:0 priority 8',
      '_wildcard_outbound (0.0.0.0)',
      '  port 0 others (LINK_UDP)',
      'WWW_VIP',
      '  port 8080 http (WEB_80)',
      'vrid 1 (VRRP-A)',
    ]) {
      assert.ok(
        shown.includes(expected),
        `${expected} is not in the outline:\n${shown.join('\n')}`,
      );
    }
    const summary = outline(
      createLanguageService().findDocumentSymbols(
        configDocument(fixture('seed/vip-after-fix.summary.txt')),
      ),
    );
    assert.deepStrictEqual(summary, [
      'vip_210.21.*.* (210.21.*.*)',
      '  port 0 tcp (vpn_tcp)',
      '  port 0 udp (vpn_udp)',
      '  port 0 others (vpn_udp)',
    ]);
  });

  it('folds blocks, their nested parts, the header comments and `! region` markers', () => {
    const text = lines(
      '!Current configuration: 1 bytes',
      '!version 2.7.2',
      '!',
      '! region SLB',
      'slb server s 1.1.1.1',
      '   port 0  tcp',
      '       no health-check',
      '   port 0  udp',
      '!',
      '! endregion',
      'end',
    );
    const ranges = createLanguageService().getFoldingRanges(configDocument(text));
    assert.deepStrictEqual(
      ranges.map((r) => `${r.startLine + 1}-${r.endLine + 1}${r.kind ? ` ${r.kind}` : ''}`),
      ['1-2 comment', '4-10 region', '5-8', '6-7'],
    );
  });

  it('gives names the token type of what they name, and undefined uses the `unresolved` modifier', () => {
    const text = lines(
      'slb server s 1.1.1.1',
      'slb service-group g tcp',
      '  member s 80',
      '  member t 80',
      'slb virtual-server v 1.2.3.4',
      '  port 80 tcp',
      '    service-group g',
      '    template tcp default',
    );
    const { data } = createLanguageService().getSemanticTokens(configDocument(text));
    const tokens: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
      const modifiers = semanticTokensLegend.tokenModifiers.filter(
        (_, bit) => data[i + 4] & (1 << bit),
      );
      tokens.push(
        `${line + 1}:${character + 1}+${data[i + 2]} ${semanticTokensLegend.tokenTypes[data[i + 3]]}${modifiers.map((m) => `.${m}`).join('')}`,
      );
    }
    assert.deepStrictEqual(tokens, [
      '1:12+1 class.declaration',
      '2:19+1 enum.declaration',
      '3:10+1 class',
      '4:10+1 variable.unresolved',
      '5:20+1 interface.declaration',
      '7:19+1 enum',
      '8:18+7 struct.defaultLibrary',
    ]);
  });
});
