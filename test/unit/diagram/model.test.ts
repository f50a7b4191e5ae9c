// The flow diagram's model on the seed's dumps: which lanes, and for each packet the row the
// picture draws, written as one readable line (`LINE from → to [via the balancer] label
// {translation} #flow marks`), so a whole dump reads as its expected diagram.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
  type FlowDiagram,
} from '../../../server/src/service';
import { fixture } from '../support';

function diagramOf(text: string, configs: TextDocument[] = []): FlowDiagram {
  const service = createLanguageService({ workspace: { configDocuments: () => configs } });
  const answer = service.getFlowDiagram(
    TextDocument.create('file:///w/capture.axdebug.txt', CAPTURE_LANGUAGE, 1, text),
  );
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

/** A row as one line: `5 10.1.1.254 → [port 1 | port 6] → 192.168.0.108 TCP SYN {source ...} #2 one-way`. */
function rowsOf(diagram: FlowDiagram): string[] {
  return diagram.rows.map((r) => {
    const lane = (i: number): string => diagram.lanes[i].label;
    const through =
      r.received && r.sent
        ? `[${r.inPort} | ${r.outPort}]`
        : r.received
          ? `[${r.inPort} |]`
          : r.sent
            ? `[| ${r.outPort}]`
            : '';
    const parts = [`${r.line + 1}`, lane(r.from), '→', through, '→', lane(r.to), r.label];
    if (r.translation) parts.push(`{${r.translation}}`);
    if (r.flow !== undefined) parts.push(`#${r.flow}${r.direction === 'back' ? ' back' : ''}`);
    if (r.answers !== undefined) parts.push(`answers ${diagram.rows[r.answers].line + 1}`);
    parts.push(...r.marks.filter((m) => m !== 'single-copy'));
    return parts.filter((p) => p !== '').join(' ');
  });
}

describe('The flow diagram of a capture', () => {
  it("draws the seed's dump before the fix: ESP leaves untranslated and one-way, SYNs get no answer, pings get ICMP errors", () => {
    const diagram = diagramOf(fixture('seed/capture-before-fix.axdebug.txt'));
    assert.deepStrictEqual(
      diagram.lanes.map(
        (l) => `${l.side} ${l.label}${l.details.length ? ` (${l.details.join('; ')})` : ''}`,
      ),
      [
        'inside 10.1.1.254',
        'balancer balancer (port 1 · port 6; 183.62.*.*; 183.62.8.14)',
        'outside *.*.*.*',
        'outside 192.168.0.108',
      ],
    );
    assert.deepStrictEqual(rowsOf(diagram), [
      '1 10.1.1.254 → [port 1 | port 6] → *.*.*.* ESP spi 0x7eb7fb45 seq 0x1a #1 unanswered one-way untranslated',
      '3 10.1.1.254 → [port 1 | port 6] → *.*.*.* ESP spi 0x7eb7fb45 seq 0x1b #1 unanswered one-way untranslated',
      '5 10.1.1.254 → [port 1 | port 6] → 192.168.0.108 TCP SYN {source 10.1.1.254:22518 → 183.62.*.*:2614 (source NAT with port translation)} #2 unanswered one-way',
      '7 10.1.1.254 → [port 1 | port 6] → 192.168.0.108 TCP SYN {source 10.1.1.254:60641 → 183.62.*.*:6753 (source NAT with port translation)} #3 unanswered one-way',
      '9 10.1.1.254 → [port 1 | port 6] → *.*.*.* ICMP echo request seq 7948 {source 10.1.1.254 → 183.62.*.* (source NAT)} #4 one-way',
      '11 *.*.*.* → [| port 1] → 10.1.1.254 ICMP time exceeded in transit #4 back answers 9 icmp-error',
      '12 10.1.1.254 → [port 1 | port 6] → *.*.*.* ICMP echo request seq 8048 {source 10.1.1.254 → 183.62.8.14 (source NAT)} #4 one-way',
      '14 *.*.*.* → [| port 1] → 10.1.1.254 ICMP time exceeded in transit #4 back answers 12 icmp-error',
    ]);
    assert.deepStrictEqual(
      diagram.rows.filter((r) => r.reports !== undefined).map((r) => r.reports),
      [4, 4],
    );
    assert.deepStrictEqual(
      diagram.peers.map((p) => `${p.name}: ${p.summary}`),
      ['10.1.1.254 ↔ *.*.*.*: one-way ESP (nothing back from the peer)'],
    );
    assert.deepStrictEqual(
      [diagram.dialect, diagram.timeUnit, diagram.rows.map((r) => r.at)],
      ['axdebug', 'ticks', [0, 152, 290, 358, 474, 477, 478, 482]],
    );
  });

  it('draws the dump after the fix: ESP out as the VIP and back under its own SPI, both ways, the ping answered', () => {
    const diagram = diagramOf(fixture('seed/capture-after-fix.axdebug.txt'));
    assert.deepStrictEqual(rowsOf(diagram), [
      '1 10.1.1.254 → [port 1 | port 6] → *.*.*.* ESP spi 0x50a5abe3 seq 0xf3 {source 10.1.1.254 → 210.21.*.* (source NAT)} #1',
      '3 *.*.*.* → [| port 1] → 10.1.1.254 ESP spi 0x8dcc49fe seq 0xfa #2 back answers 1',
      '4 10.1.1.254 → [port 1 | port 6] → *.*.*.* ESP spi 0x50a5abe3 seq 0xf4 {source 10.1.1.254 → 210.21.*.* (source NAT)} #1 answers 3',
      '6 *.*.*.* → [| port 1] → 10.1.1.254 ESP spi 0x8dcc49fe seq 0xfb #2 back answers 4',
      '7 balancer → [| port 1] → 10.1.1.254 ICMP echo request seq 5496 #3',
      '8 10.1.1.254 → [port 1 |] → balancer ICMP echo reply seq 5496 #3 back answers 7',
    ]);
    assert.deepStrictEqual(
      diagram.peers.map((p) => p.state),
      ['both-ways'],
    );
    assert.deepStrictEqual(
      diagram.flows.map((f) => `${f.id} ${f.name}${f.oneWay ? ' one-way' : ''}`),
      [
        '1 ESP spi 0x50a5abe3 10.1.1.254 → *.*.*.*',
        '2 ESP spi 0x8dcc49fe *.*.*.* → 10.1.1.254',
        '3 ICMP echo 210.21.*.* ↔ 10.1.1.254',
      ],
    );
  });

  it("names the balancer's address by the VIP of the workspace's configuration", () => {
    const vip = TextDocument.create(
      'file:///w/vip-before-fix.summary.txt',
      CONFIG_LANGUAGE,
      1,
      fixture('seed/vip-before-fix.summary.txt'),
    );
    const diagram = diagramOf(fixture('seed/capture-after-fix.axdebug.txt'), [vip]);
    assert.deepStrictEqual(diagram.lanes[1].details, [
      'port 1 · port 6',
      '210.21.*.*: may be VIP vip_210.21.*.* (vip-before-fix.summary.txt)',
    ]);
  });

  it('reads seconds from tcpdump and places hosts by what the balancer translated', () => {
    const diagram = diagramOf(fixture('capture/f5-nat-vpn.tcpdump.txt'));
    assert.deepStrictEqual(
      diagram.lanes.map((l) => `${l.side} ${l.label}`),
      [
        'inside 10.1.1.254',
        'inside 10.1.1.10',
        'balancer balancer',
        'outside 203.0.113.9',
        'outside 192.0.2.80',
      ],
    );
    assert.strictEqual(diagram.timeUnit, 'seconds');
    assert.deepStrictEqual(
      diagram.rows.slice(0, 3).map((r) => r.at),
      [0, 0.019999, 1],
    );
  });

  it('says why there is nothing to draw: an empty dump, a file that is no capture', () => {
    assert.strictEqual(diagramOf('').message, 'This dump is empty: there is no packet to draw.');
    assert.strictEqual(
      diagramOf('hello\nworld\n').message,
      'No line of this file is a packet of an axdebug or tcpdump capture: there is nothing to draw.',
    );
    const answer = createLanguageService().getFlowDiagram(
      TextDocument.create('file:///w/a.a10.cfg', CONFIG_LANGUAGE, 1, 'slb server a 1.2.3.4\n'),
    );
    assert.deepStrictEqual(answer, {
      error:
        'file:///w/a.a10.cfg is not a capture dump (axdebug or tcpdump text): only a capture has a flow diagram.',
    });
  });

  it('keeps a fully masked peer on its own lane when the translated source is masked too: `*.*.*.*` is no address of the balancer', () => {
    const masked = fixture('seed/capture-before-fix.axdebug.txt').replace(
      /183\.62\.8\.14|183\.62\.\*\.\*/g,
      '*.*.*.*',
    );
    const diagram = diagramOf(masked);
    assert.deepStrictEqual(
      diagram.lanes.map((l) => `${l.side} ${l.label}`),
      ['inside 10.1.1.254', 'balancer balancer', 'outside *.*.*.*', 'outside 192.168.0.108'],
    );
    assert.match(
      rowsOf(diagram)[0],
      /^1 10\.1\.1\.254 → \[port 1 \| port 6\] → \*\.\*\.\*\.\* ESP/,
    );
  });

  it('counts on past midnight in a tcpdump dump of plain times of day', () => {
    const dump = [
      '23:59:59.900000 IP 10.1.1.254.500 > 203.0.113.9.500: isakmp: phase 1 I ident',
      '00:00:00.100000 IP 203.0.113.9.500 > 10.1.1.254.500: isakmp: phase 1 R ident',
      '',
    ].join('\n');
    assert.deepStrictEqual(
      diagramOf(dump).rows.map((r) => r.at),
      [0, 0.2],
    );
  });

  it('names the address of any VIP under the balancer, not only one that carries IPsec', () => {
    const dump = [
      '@100 i( 6, 0, a1)> ip 198.51.100.7 > 203.0.113.10 tcp 40000 > 443 S 1:0(0)',
      '@100 o( 1, 0, a1)> ip 198.51.100.7 > 10.0.0.5 tcp 40000 > 443 S 1:0(0)',
      '',
    ].join('\n');
    const web = TextDocument.create(
      'file:///w/web.a10.cfg',
      CONFIG_LANGUAGE,
      1,
      'slb virtual-server vip_web 203.0.113.10\n  port 443 https\n!\n',
    );
    const balancer = diagramOf(dump, [web]).lanes.find((l) => l.side === 'balancer')!;
    assert.ok(
      balancer.details.some((d) => d.includes('VIP vip_web')),
      balancer.details.join('; '),
    );
  });
});
