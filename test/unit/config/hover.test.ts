// Hovers in a configuration: on a keyword, what the command does in the user's words and where
// ACOS versions differ; on a name, the object summed up with its definition.
import * as assert from 'assert';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../../server/src/service';
import { lines, withCursor, workspace } from './support';

const CONFIG = lines(
  '!version 2.7.2-P4, build 32 (Jun-10-2015,13:11)',
  'ip nat pool SNAT 210.21.1.10 210.21.1.12 netmask /24',
  'slb server GW 210.21.1.1',
  '   port 0  tcp',
  '       no health-check',
  '   port 0  udp',
  'slb service-group vpn_udp udp',
  '    member GW:0',
  'slb virtual-server wild 0.0.0.0',
  '   port 0  udp',
  '      service-group vpn_udp',
  '      source-nat pool SNAT',
  '   port 0  others',
  '      service-group vpn_udp',
  'end',
);

/** The hover at the `|` of a document, as plain markdown (null when there is none). */
function hoverAt(marked: string): { markdown: string; hovered: string } | null {
  const { document, position } = withCursor(marked);
  const hover: Hover | null = createLanguageService().doHover(document, position);
  if (!hover) return null;
  return {
    markdown: (hover.contents as MarkupContent).value,
    hovered: document.getText(hover.range),
  };
}

describe('Configuration hovers', () => {
  it('on a keyword: the usage, what it does, the ACOS versions note and the block it is in', () => {
    const hover = hoverAt(CONFIG.replace('    member GW:0', '    mem|ber GW:0'))!;
    assert.strictEqual(hover.hovered, 'member');
    assert.strictEqual(
      hover.markdown,
      [
        '```balancer-config\nmember SERVER PORT\n```',
        'A server port in the group. A member may name a port the server block does not list.',
        '*ACOS versions:* ACOS 2 writes `member SERVER:PORT` (options on the same line); ACOS 4 writes `member SERVER PORT` (options on lines under it).',
        '*In:* a service group (`slb service-group`).',
      ].join('\n\n'),
    );
  });

  it('on a multi-word keyword and its `no` form', () => {
    assert.strictEqual(
      hoverAt(CONFIG.replace('source-nat pool SNAT', 'source-nat po|ol SNAT'))!.hovered,
      'source-nat pool',
    );
    const no = hoverAt(CONFIG.replace('no health-check', 'no health-ch|eck'))!;
    assert.strictEqual(no.hovered, 'no health-check');
    assert.match(no.markdown, /^```balancer-config\nno health-check MONITOR\n```/);
    assert.match(no.markdown, /`no health-check` undoes it/);
  });

  it('on `others`: why a wildcard VIP needs it for IPsec', () => {
    const hover = hoverAt(CONFIG.replace('port 0  others', 'port 0  oth|ers'))!;
    assert.strictEqual(hover.hovered, 'others');
    assert.match(hover.markdown, /ESP and AH \(IPsec\), GRE, ICMP/);
  });

  it('on a reference: the object summed up, where it is defined and used, and its definition', () => {
    const hover = hoverAt(
      CONFIG.replace(
        '      service-group vpn_udp\n      source-nat',
        '      service-group vpn_|udp\n      source-nat',
      ),
    )!;
    assert.strictEqual(hover.hovered, 'vpn_udp');
    assert.strictEqual(
      hover.markdown,
      [
        '**service group** `vpn_udp`: udp; member GW:0',
        'Defined at line 7; used 2 times.',
        '```balancer-config\nslb service-group vpn_udp udp\n    member GW:0\n```',
      ].join('\n\n'),
    );
  });

  it('on a server in an ACOS 2 member, a NAT pool, and a definition', () => {
    assert.match(
      hoverAt(CONFIG.replace('member GW:0', 'member G|W:0'))!.markdown,
      /^\*\*server\*\* `GW`: 210\.21\.1\.1; ports 0 tcp, 0 udp\n/,
    );
    assert.match(
      hoverAt(CONFIG.replace('source-nat pool SNAT', 'source-nat pool SN|AT'))!.markdown,
      /^\*\*NAT pool\*\* `SNAT`: 210\.21\.1\.10 to 210\.21\.1\.12, netmask \/24\n/,
    );
    assert.match(
      hoverAt(CONFIG.replace('slb virtual-server wild', 'slb virtual-server wi|ld'))!.markdown,
      /^\*\*virtual server\*\* `wild`: 0\.0\.0\.0; vports 0 udp, 0 others\n/,
    );
  });

  it('names the file of a definition in another file of the workspace', () => {
    const { service, documents } = workspace({
      'groups.a10.cfg': 'slb service-group g tcp\n  member s 80\n',
      'vip.a10.cfg': 'slb virtual-server v 1.2.3.4\n  port 80 tcp\n    service-group g\n',
    });
    const hover = service.doHover(documents['vip.a10.cfg'], { line: 2, character: 19 })!;
    assert.match(
      (hover.contents as MarkupContent).value,
      /Defined at groups\.a10\.cfg, line 1; used once\./,
    );
  });

  it('says when a name is defined nowhere, and that aFleX scripts live on the box', () => {
    assert.match(
      hoverAt('slb virtual-server v 1.2.3.4\n  port 80 tcp\n    service-group nowh|ere\n')!
        .markdown,
      /^\*\*service group\*\* `nowhere`: not defined in the workspace; used once\.$/,
    );
    assert.match(
      hoverAt('slb virtual-server v 1.2.3.4\n  port 80 http\n    aflex red|irect\n')!.markdown,
      /aFleX scripts are not part of the running-config/,
    );
  });

  it('has no hover on blank lines, comments, values and unknown commands', () => {
    for (const marked of [
      '|\nslb server s 1.1.1.1',
      '! a com|ment',
      'slb server s 1.1.1|.1',
      'slb server s 1.1.1.1\n  frobn|icate',
    ]) {
      assert.strictEqual(hoverAt(marked), null, marked);
    }
  });
});
