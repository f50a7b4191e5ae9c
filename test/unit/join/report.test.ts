// "Explain this capture": the report an engineer pastes into a ticket. Per IPsec peer it gives
// the phases seen, the NAT seen, the VIP and vport that handled the traffic, the findings and the
// configuration change that fixes them; every fact links to its line in the dump or the configuration.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
} from '../../../server/src/service';
import { fixture } from '../support';

const DUMP_URI = 'file:///ws/dump.axdebug.txt';
const CONFIG_URI = 'file:///ws/llb-acos2.a10.cfg';

/** The report of a dump, with the given configuration texts in the workspace. */
function reportOf(dump: string, configs: string[] = []): string {
  const documents = configs.map((text, i) =>
    TextDocument.create(
      i === 0 ? CONFIG_URI : `file:///ws/more-${i}.a10.cfg`,
      CONFIG_LANGUAGE,
      1,
      text,
    ),
  );
  const service = createLanguageService({ workspace: { configDocuments: () => documents } });
  const report = service.explainCapture(TextDocument.create(DUMP_URI, CAPTURE_LANGUAGE, 1, dump));
  assert.ok(report !== null);
  return report;
}

/** The lines of one `## ` section, up to the next. */
function section(report: string, heading: string): string[] {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${heading}`));
  assert.ok(start >= 0, `no section ${heading} in:\n${report}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end).filter((l) => l !== '');
}

describe('Explain this capture (the Markdown report)', () => {
  const before = fixture('seed/capture-before-fix.axdebug.txt');
  const after = fixture('seed/capture-after-fix.axdebug.txt');
  const acos2 = fixture('config/acos2-wildcard.a10.cfg');

  it("tells the seed's story for its peer: one-way ESP, left untranslated, through a VIP without `others`, and the fix", () => {
    const peer = section(reportOf(before, [acos2]), 'IPsec peer 1');
    assert.deepStrictEqual(peer.slice(0, 8), [
      '## IPsec peer 1: 10.1.1.254 ↔ \\*.\\*.\\*.\\*',
      '**Status:** one-way ESP (nothing back from the peer).',
      '| Phase | What the dump shows |',
      '|---|---|',
      '| Phase 1 (IKE) | no IKE in this dump |',
      '| NAT traversal | not seen: ESP travels as IP protocol 50 |',
      `| Phase 2 out | ESP spi 0x7eb7fb45, 2 packets from [line 1](${DUMP_URI}#L1) |`,
      '| Phase 2 back | **none**: nothing comes back from the peer |',
    ]);
    assert.ok(
      peer.includes(`- ESP: **not translated**: leaves as 10.1.1.254, [line 2](${DUMP_URI}#L2)`),
    );
    const handled = peer.find((l) => l.startsWith('- ESP: virtual server'));
    assert.match(
      handled ?? '',
      /\[\\_wildcard\\_vserver\]\(file:\/\/\/ws\/llb-acos2\.a10\.cfg#L21\).*It has \*\*no vport for ESP\*\*/,
    );
    // Each finding of the peer, linked to its line in the dump.
    assert.deepStrictEqual(
      peer
        .filter((l) => l.startsWith('- **'))
        .map((l) => /^- \*\*\w+\*\* `([^`]+)`, \[line (\d+)\]/.exec(l)?.slice(1).join('@')),
      ['lbcap/one-way-esp@1', 'lbcap/untranslated-private-source@2', 'lbcap/icmp-error@11'],
    );
    // The fix, as the quick fix writes it, after the line it goes after.
    const fix = peer.findIndex((l) =>
      l.startsWith('- Add `port 0 others` to virtual server \\_wildcard\\_vserver'),
    );
    assert.ok(fix >= 0);
    assert.match(
      peer[fix],
      /\[llb-acos2\.a10\.cfg line 33\]\(file:\/\/\/ws\/llb-acos2\.a10\.cfg#L33\)/,
    );
    assert.deepStrictEqual(peer.slice(fix + 1, fix + 7), [
      '  ```',
      '     port 0  others',
      '        service-group vpn_udp',
      '        source-nat pool SNAT_ISP1',
      '        no-dest-nat',
      '  ```',
    ]);
  });

  it('keeps the findings on other traffic apart, and tables the source NAT seen per inside host', () => {
    const report = reportOf(before, [acos2]);
    assert.deepStrictEqual(
      section(report, 'Other findings').map(
        (l) => /`([^`]+)`, \[line (\d+)\]/.exec(l)?.slice(1).join('@') ?? l,
      ),
      ['## Other findings', 'lbcap/syn-without-syn-ack@5'],
    );
    assert.deepStrictEqual(section(report, 'Source NAT seen'), [
      '## Source NAT seen',
      '| Inside host | Sent out as |',
      '|---|---|',
      `| 10.1.1.254 | 183.62.\\*.\\* ([line 6](${DUMP_URI}#L6)), 183.62.8.14 ([line 13](${DUMP_URI}#L13)) |`,
    ]);
  });

  it("puts an ICMP error about a tunnel's ESP under that tunnel's peer, even when a router sends it", () => {
    // tcpdump -v on both sides of the balancer: ESP leaves translated, and a router on the way
    // (not the peer) answers that it needs fragmenting; the error quotes the ESP.
    const dump = [
      '10:00:00.000001 eth1  In  IP (tos 0x0, ttl 64, id 501, offset 0, flags [DF], proto ESP (50), length 1480)',
      '    10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x9), length 1460',
      '10:00:00.000010 eth0  Out IP (tos 0x0, ttl 63, id 501, offset 0, flags [DF], proto ESP (50), length 1480)',
      '    210.21.1.10 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x9), length 1460',
      '10:00:00.010000 eth0  In  IP (tos 0xc0, ttl 254, id 9000, offset 0, flags [none], proto ICMP (1), length 576)',
      '    192.0.2.1 > 210.21.1.10: ICMP 203.0.113.9 unreachable - need to frag (mtu 1400), length 556',
      '\tIP (tos 0x0, ttl 62, id 501, offset 0, flags [DF], proto ESP (50), length 1480)',
      '    210.21.1.10 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x9), length 1460',
      '',
    ].join('\n');
    const report = reportOf(dump);
    const codes = (heading: string): string[] =>
      section(report, heading)
        .map((l) => /^- \*\*\w+\*\* `([^`]+)`, \[line (\d+)\]/.exec(l)?.slice(1).join('@'))
        .filter((c): c is string => c !== undefined);
    assert.deepStrictEqual(codes('IPsec peer 1'), ['lbcap/one-way-esp@1', 'lbcap/icmp-error@5']);
    assert.deepStrictEqual(section(report, 'Other findings'), [
      '## Other findings',
      'None outside the IPsec peers above.',
    ]);
  });

  it('tables the source NAT of a tcpdump without in/out marks as its hover reads it: the first copy seen is the one received', () => {
    // tcpdump on both sides of the balancer, plain `-n`: ESP and a SYN, each seen before and after NAT.
    const dump = [
      '10:00:00.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1a), length 132',
      '10:00:00.000040 IP 210.21.1.10 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1a), length 132',
      '10:00:02.000001 IP 10.1.1.10.22518 > 192.168.0.108.1521: Flags [S], seq 421697733, win 64240, length 0',
      '10:00:02.000040 IP 210.21.1.10.2614 > 192.168.0.108.1521: Flags [S], seq 421697733, win 64240, length 0',
      '',
    ].join('\n');
    const report = reportOf(dump);
    assert.ok(
      section(report, 'IPsec peer 1').includes(
        `- ESP: source NAT 10.1.1.254 → 210.21.1.10, [line 2](${DUMP_URI}#L2)`,
      ),
    );
    assert.deepStrictEqual(section(report, 'Source NAT seen'), [
      '## Source NAT seen',
      '| Inside host | Sent out as |',
      '|---|---|',
      `| 10.1.1.254 | 210.21.1.10 ([line 2](${DUMP_URI}#L2)) |`,
      `| 10.1.1.10 | 210.21.1.10 ([line 4](${DUMP_URI}#L4)) |`,
    ]);
  });

  it('reports the dump after the fix as data flowing both ways, with no finding and nothing to change', () => {
    const report = reportOf(after, [fixture('config/acos2-wildcard.fixed.a10.cfg')]);
    const peer = section(report, 'IPsec peer 1');
    assert.ok(peer.includes('**Status:** data flows both ways.'));
    assert.ok(
      peer.includes(
        `| Phase 2 back | ESP spi 0x8dcc49fe, 2 packets from [line 3](${DUMP_URI}#L3) |`,
      ),
    );
    assert.ok(peer.includes('**Findings:** none.'));
    assert.match(
      peer.find((l) => l.startsWith('- ESP: virtual server')) ?? '',
      /vport \[port 0 others\]/,
    );
    assert.doesNotMatch(report, /To fix in the configuration/);
  });

  it('says how to get the configuration side when the workspace has none', () => {
    const report = reportOf(before);
    assert.match(report, /No balancer configuration is in the workspace: add the running-config/);
    assert.doesNotMatch(report, /Handled by|To fix in the configuration/);
    assert.match(report, /lbcap\/one-way-esp/);
  });

  it('says plainly when a file holds no packet, and gives no report for a configuration', () => {
    assert.match(
      reportOf('just some notes\nnothing captured here\n'),
      /No packets were recognised in this file/,
    );
    const service = createLanguageService();
    assert.strictEqual(
      service.explainCapture(TextDocument.create(CONFIG_URI, CONFIG_LANGUAGE, 1, acos2)),
      null,
    );
  });

  it('counts the lines of the dump as `wc -l` does: a last newline ends a line, it starts none', () => {
    // The seed's dump is 14 lines, each ended by a newline (CRLF too).
    assert.strictEqual(before.split('\n').length - 1, 14);
    assert.match(reportOf(before), /· axdebug dump · 14 lines ·/);
    assert.match(reportOf(before.replace(/\n/g, '\r\n')), /· axdebug dump · 14 lines ·/);
    // Without the last newline it is still 14 lines; an empty file has none.
    assert.match(reportOf(before.trimEnd()), /· axdebug dump · 14 lines ·/);
    assert.match(reportOf(''), /· 0 lines ·/);
  });

  it('links relative to a folder when asked, as a Markdown preview needs (it refuses `file:` links)', () => {
    const config = TextDocument.create(CONFIG_URI, CONFIG_LANGUAGE, 1, acos2);
    const service = createLanguageService({ workspace: { configDocuments: () => [config] } });
    const dump = TextDocument.create(
      'file:///ws/case%201/dump.axdebug.txt',
      CAPTURE_LANGUAGE,
      1,
      before,
    );
    const report = service.explainCapture(dump, { linksRelativeTo: 'file:///ws' }) ?? '';
    assert.match(report, /\[line 1\]\(case%201\/dump\.axdebug\.txt#L1\)/);
    assert.match(report, /\[llb-acos2\.a10\.cfg line 33\]\(llb-acos2\.a10\.cfg#L33\)/);
    assert.doesNotMatch(report, /\]\(file:/);
    // From the folder's root, for VS Code's preview of the extension's read-only report.
    const fromRoot =
      service.explainCapture(dump, { linksRelativeTo: 'file:///ws', linksFromRoot: true }) ?? '';
    assert.match(fromRoot, /\[line 1\]\(\/case%201\/dump\.axdebug\.txt#L1\)/);
    assert.match(fromRoot, /\[llb-acos2\.a10\.cfg line 33\]\(\/llb-acos2\.a10\.cfg#L33\)/);
  });

  it('gives the busiest 20 IPsec peers a section each and says how many more it left out', () => {
    const dump = Array.from({ length: 25 }, (_, i) =>
      Array.from(
        { length: i === 24 ? 3 : 1 },
        (_, n) =>
          `@${i * 10 + n} i( 1, 100, ${i}${n})> ip 10.1.1.254 > 203.0.113.${i + 1} esp spi=0x${(0x1000 + i).toString(16)} seq=0x${n + 1}`,
      ).join('\n'),
    ).join('\n');
    const report = reportOf(`${dump}\n`);
    assert.strictEqual(report.split('\n').filter((l) => l.startsWith('## IPsec peer')).length, 20);
    assert.match(
      report,
      /^## IPsec peer 25: 10\.1\.1\.254 ↔ 203\.0\.113\.25$/m,
      'the busiest peer is kept',
    );
    assert.match(report, /^5 more IPsec peers, with fewer packets, are left out of this report/m);
  });
});
