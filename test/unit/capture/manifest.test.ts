// What package.json promises for captures: a tcpdump dump saved as .txt or .log is recognised by
// its first line, in every time stamp form, as an axdebug one is; ordinary logs are left alone.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fixture, repoRoot } from '../support';

interface Language {
  id: string;
  firstLine: string;
  filenamePatterns?: string[];
  extensions?: string[];
}
const languages = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { languages: Language[] };
  }
).contributes.languages;

/** The language whose first-line pattern matches, if any. */
function byFirstLine(line: string): string | undefined {
  return languages.find((l) => new RegExp(l.firstLine).test(line))?.id;
}

describe('Capture files in the manifest', () => {
  it('recognises the first line of every tcpdump form, and of the corpus files', () => {
    for (const line of [
      fixture('capture/tcpdump-esp0.out').split('\n')[0],
      fixture('capture/tcpdump-isakmp4.out').split('\n')[0],
      fixture('capture/tcpdump-icmp-rfc5837.out').split('\n')[0],
      '12:00:01.000001 IP 10.1.1.254.500 > 203.0.113.9.500: isakmp: phase 1 I ident',
      '1424744580.757048 IP 10.0.0.2.443 > 10.0.0.1.51000: Flags [S.], seq 200, ack 101, win 65160, length 0',
      '10:00:00.000001 eth1  In  IP (tos 0x0, ttl 64, id 4242, offset 0, flags [none], proto UDP (17), length 60)',
      '02:23:01.000000 00:50:56:aa:bb:cc > 00:50:56:dd:ee:ff, ethertype IPv4 (0x0800), length 98: 192.0.2.10 > 198.51.100.20: ICMP echo request, id 9, seq 3, length 64',
      '12:00:01.000001 IP6 2001:db8::1.500 > 2001:db8::2.500: isakmp: parent_sa ikev2_init[I]',
      'tcpdump: verbose output suppressed, use -v or -vv for full protocol decode',
      'reading from file vpn.pcap, link-type EN10MB (Ethernet), snapshot length 262144',
      // IPv6 with -v: the header opens with the traffic class, the flow label or the hop limit,
      // whichever comes first (tcpdump's tests dhcpv6-ia-na, ipv6-routing-header, icmpv6).
      '    1  2012-11-26 15:34:54.978692 IP6 (class 0xc0, hlim 64, next-header UDP (17), length 96)',
      '    1  16:51:31.766766 IP6 (hlim 4, next-header Routing (43) payload length: 32) 2200::244:212:3fff:feae:22f7 > 2200::240:2:0:0:4: srcrt (len=2, type=0, segleft=1, rsv=0x0, [0]2200::210:2:0:0:4) [icmp6 sum ok] ICMP6, echo request, seq 0',
      '1424744580.757048 IP (tos 0x0, ttl 64, id 19908, offset 0, flags [none], proto UDP (17), length 404)',
      // -t: no time stamp (tcpdump's tests ikev2four, icmpv6, tfo).
      'IP (tos 0x0, ttl 64, id 19908, offset 0, flags [none], proto UDP (17), length 404)',
      'IP6 (hlim 255, next-header ICMPv6 (58) payload length: 176) fe80::b299:28ff:fec8:d66c > ff02::1: [icmp6 sum ok] ICMP6, router advertisement, length 176',
      'IP 192.168.0.100.13047 > 3.3.3.3.13054: Flags [S], seq 218476388, win 1400, options [exp-tfo cookiereq], length 0',
    ]) {
      assert.strictEqual(byFirstLine(line), 'balancer-capture', line);
    }
  });

  it('leaves log lines with clock times alone', () => {
    for (const line of [
      '2026-11-27 04:09:45 INFO started',
      '2026-11-27 04:09:45.123456 INFO IP address changed',
      '12:00:01 IP 10.0.0.1 > 10.0.0.2',
      'IP address 10.0.0.1 > 10.0.0.2 in the log',
      'IP (the address) changed',
      'tcpdump is a tool',
    ]) {
      assert.strictEqual(byFirstLine(line), undefined, line);
    }
  });

  it('claims the file names tcpdump text is saved under', () => {
    const capture = languages.find((l) => l.id === 'balancer-capture')!;
    assert.deepStrictEqual(capture.extensions, ['.axdebug', '.tcpdump']);
    assert.deepStrictEqual(capture.filenamePatterns, [
      '*.axdebug.txt',
      '*.axdebug.log',
      '*.tcpdump.txt',
      '*.tcpdump.log',
      '*.pcap.txt',
    ]);
  });
});
