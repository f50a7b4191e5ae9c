// What a capture dump shows, as diagnostics: the seed's dump before the fix has a one-way SA,
// ESP leaving untranslated, SYNs nobody answers and ICMP errors; the dump after the fix has none
// of them. Then each rule of the catalogue on a dump made to show it, in both dialects.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { captureRules, createLanguageService } from '../../../server/src/service';
import { headlineAndExplanation } from '../../../server/src/service/diagnostics';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { captureDocument, codesOf, diagnosticsOf, fixture, messageOf, repoRoot } from '../support';

const before = (): ReturnType<typeof captureDocument> =>
  captureDocument(fixture('seed/capture-before-fix.axdebug.txt'));

describe('Capture findings', () => {
  it("finds the seed's four problems before the fix, each once, and nothing else", () => {
    assert.deepStrictEqual(codesOf(before()), [
      'lbcap/one-way-esp@1',
      'lbcap/untranslated-private-source@2',
      'lbcap/syn-without-syn-ack@5',
      'lbcap/icmp-error@11',
    ]);
  });

  it('finds nothing after the fix, where ESP flows both ways', () => {
    assert.deepStrictEqual(
      codesOf(captureDocument(fixture('seed/capture-after-fix.axdebug.txt'))),
      [],
    );
  });

  it('reports findings as warnings, never errors', () => {
    assert.ok(diagnosticsOf(before()).every((d) => d.severity === 2));
  });

  describe('lbcap/one-way-esp', () => {
    it('names the SPI, the peer and the missing answer, with the other packets of that SPI related', () => {
      const [oneWay] = diagnosticsOf(before());
      assert.match(
        messageOf(oneWay),
        /^One-way IPsec SA: ESP with SPI 0x7eb7fb45 goes from 10\.1\.1\.254 to \*\.\*\.\*\.\* \(2 packets\), and no ESP comes back from \*\.\*\.\*\.\* anywhere in this dump\./,
      );
      assert.match(messageOf(oneWay), /phase 2 carries no data/);
      assert.deepStrictEqual(
        oneWay.relatedInformation?.map((r) => r.location.range.start.line + 1),
        [2, 3, 4],
      );
    });

    it('reports each SPI once, on its first packet', () => {
      const text = [
        '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@2 i( 1, 100, a2)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x2 seq=0x1',
        '@3 i( 1, 100, a3)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1 seq=0x2',
      ].join('\n');
      assert.deepStrictEqual(codesOf(captureDocument(text)), [
        'lbcap/one-way-esp@1',
        'lbcap/one-way-esp@2',
      ]);
    });

    it('is quiet when the peer sends ESP back, even to the translated address', () => {
      const text = [
        '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@1 o( 6, 0, a1)> ip 198.51.100.7 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@2 i( 6, 0, b1)> ip 203.0.113.9 > 198.51.100.7 esp spi=0x9 seq=0x1',
      ].join('\n');
      assert.deepStrictEqual(codesOf(captureDocument(text)), []);
    });
  });

  describe('lbcap/untranslated-private-source', () => {
    it('says ESP leaves untranslated while TCP and ICMP of the same host are translated', () => {
      const untranslated = diagnosticsOf(before())[1];
      assert.match(
        messageOf(untranslated),
        /^ESP from private address 10\.1\.1\.254 is sent out on port 6 untranslated \(2 packets\)/,
      );
      assert.match(
        messageOf(untranslated),
        /does translate 10\.1\.1\.254's TCP and ICMP \(to 183\.62\.\*\.\*, 183\.62\.8\.14, line 6\) but not its ESP/,
      );
      assert.match(messageOf(untranslated), /`port 0 others`/);
      assert.deepStrictEqual(
        untranslated.relatedInformation?.map((r) => r.location.range.start.line + 1),
        [4],
      );
    });

    it('is quiet when the source is public or the packet goes back out of the port it came in on', () => {
      const text = [
        '@1 i( 1, 100, a1)> ip 198.51.100.1 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@1 o( 6, 0, a1)> ip 198.51.100.1 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@2 i( 1, 100, a2)> ip 10.0.0.1 > 10.0.0.2 tcp 1 > 2 S 1:0(0)',
        '@2 o( 1, 0, a2)> ip 10.0.0.1 > 10.0.0.2 tcp 1 > 2 S 1:0(0)',
        '@3 i( 2, 0, b2)> ip 10.0.0.2 > 10.0.0.1 tcp 2 > 1 S. 7:2(0)',
      ].join('\n');
      assert.ok(
        !codesOf(captureDocument(text)).some((c) =>
          c.startsWith('lbcap/untranslated-private-source'),
        ),
      );
    });
  });

  describe('lbcap/icmp-error', () => {
    it('ties the time-exceeded errors to the echo requests they most likely report on', () => {
      const icmp = diagnosticsOf(before())[3];
      assert.match(
        messageOf(icmp),
        /^ICMP time exceeded in transit \(type 11 code 0\) from \*\.\*\.\*\.\* to 10\.1\.1\.254 \(2 times\)/,
      );
      assert.match(
        messageOf(icmp),
        /most likely reports on the ICMP echo request seq 7948 at line 9/,
      );
      assert.deepStrictEqual(
        icmp.relatedInformation?.map((r) => `${r.location.range.start.line + 1}: ${r.message}`),
        [
          '9: the packet it most likely reports on: 10.1.1.254 → *.*.*.* ICMP echo request seq 7948',
          '14: the same error again, after line 12',
        ],
      );
    });

    it('names an unreachable code in the words an engineer uses', () => {
      const text = [
        '@1 i( 1, 100, a1)> ip 10.0.0.1 > 203.0.113.9 esp spi=0x1 seq=0x1',
        '@2 o( 1, 0, b1)> ip 198.51.100.1 > 10.0.0.1 icmp type=3 code=2',
      ].join('\n');
      const icmp = diagnosticsOf(captureDocument(text)).find((d) => d.code === 'lbcap/icmp-error')!;
      assert.match(
        messageOf(icmp),
        /^ICMP destination unreachable: protocol unreachable \(type 3 code 2\) from 198\.51\.100\.1 to 10\.0\.0\.1: the box refuses this IP protocol, e\.g\. ESP\./,
      );
    });
  });

  describe('lbcap/unrecognised-lines', () => {
    it('gives one information per run of lines it does not understand, never one per line', () => {
      const text = [
        'junk a',
        'junk b',
        'junk c',
        fixture('seed/capture-after-fix.axdebug.txt'),
      ].join('\n');
      const diagnostics = diagnosticsOf(captureDocument(text));
      assert.deepStrictEqual(
        diagnostics.map((d) => [d.code, d.severity, messageOf(d)]),
        [
          [
            'lbcap/unrecognised-lines',
            3,
            '3 lines (1–3) are not understood as axdebug packets or capture commands; they are left out of the analysis.',
          ],
        ],
      );
    });

    it('sums up past twenty runs instead of flooding', () => {
      const text = Array.from(
        { length: 500 },
        (_, i) =>
          `junk ${i}\n@${i} i( 1, 100, ${i.toString(16)})> ip 10.0.0.1 > 10.0.0.2 tcp 1 > 2 S 1:0(0)`,
      ).join('\n');
      const diagnostics = diagnosticsOf(captureDocument(text)).filter(
        (d) => d.code === 'lbcap/unrecognised-lines',
      );
      assert.strictEqual(diagnostics.length, 21);
      assert.match(
        messageOf(diagnostics[20]),
        /^480 more runs of lines not understood \(480 lines from line 41 on\)/,
      );
    });
  });

  it('links every finding to the page of its rule', () => {
    for (const diagnostic of diagnosticsOf(before())) {
      assert.strictEqual(
        diagnostic.codeDescription?.href,
        `https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/${String(diagnostic.code).replace('/', '-')}.md`,
      );
    }
  });

  /** A balancer that translates IKE to one public address and ESP to another, and AH and a refused connection. */
  const splitDump = [
    '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 udp 500 > 500',
    '@1 o( 6, 0, a1)> ip 183.62.1.1 > 203.0.113.9 udp 500 > 500',
    '@2 i( 6, 0, b1)> ip 203.0.113.9 > 183.62.1.1 udp 500 > 500',
    '@2 o( 1, 0, b1)> ip 203.0.113.9 > 10.1.1.254 udp 500 > 500',
    '@3 i( 1, 100, a2)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1000 seq=0x1',
    '@3 o( 6, 0, a2)> ip 183.62.2.2 > 203.0.113.9 esp spi=0x1000 seq=0x1',
    '@4 i( 1, 100, a3)> ip 10.1.1.254 > 198.51.100.9 ah spi=0x2000 seq=0x1',
    '@4 o( 6, 0, a3)> ip 183.62.1.1 > 198.51.100.9 ah spi=0x2000 seq=0x1',
    '@5 i( 1, 100, a4)> ip 10.1.1.20 > 192.0.2.80 tcp 40000 > 80 S 1000:0(0)',
    '@5 o( 6, 0, a4)> ip 183.62.1.1 > 192.0.2.80 tcp 2000 > 80 S 1000:0(0)',
    '@6 i( 6, 0, b2)> ip 192.0.2.80 > 183.62.1.1 tcp 80 > 2000 R 0:1001(0)',
    '@6 o( 1, 0, b2)> ip 192.0.2.80 > 10.1.1.20 tcp 80 > 40000 R 0:1001(0)',
  ].join('\n');

  describe('lbcap/tunnel-up-no-data', () => {
    it('names the peer whose IKE is answered while no ESP comes back, on its first IKE packet', () => {
      const diagnostics = diagnosticsOf(captureDocument(fixture('capture/tcpdump-isakmp4.out')));
      assert.deepStrictEqual(
        diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`),
        ['lbcap/one-way-esp@12', 'lbcap/tunnel-up-no-data@3'],
      );
      assert.strictEqual(
        messageOf(diagnostics[1]),
        'Tunnel up, no data: IKE with 192.1.2.23 is answered (7 out, 8 back, phase 2 negotiated), yet no ESP comes back from 192.1.2.23 anywhere in this dump. ' +
          'ESP goes out under SPI 0xf4dc0ae5 (8 packets, line 12) and none comes back. ' +
          'The peer builds its SAs on the address IKE came from: ESP must leave by the same link with the same public address, and be let back in. ' +
          'A virtual server with `port 0 udp` but no `port 0 others` translates IKE (UDP) and not ESP (IP protocol 50).',
      );
      assert.match(
        messageOf(diagnostics[0]),
        /This ESP travels in UDP 4500 \(NAT traversal\), which a `port 0 udp` vport does carry/,
      );
    });

    it('is quiet once ESP comes back from the peer', () => {
      const text = [
        '10:00:00.000001 IP 192.0.2.1.500 > 203.0.113.9.500: isakmp: phase 1 I ident',
        '10:00:00.010000 IP 203.0.113.9.500 > 192.0.2.1.500: isakmp: phase 1 R ident',
        '10:00:01.000000 IP 192.0.2.1 > 203.0.113.9: ESP(spi=0x1,seq=0x1), length 100',
        '10:00:01.010000 IP 203.0.113.9 > 192.0.2.1: ESP(spi=0x2,seq=0x1), length 100',
      ].join('\n');
      assert.deepStrictEqual(codesOf(captureDocument(text)), []);
    });
  });

  describe('lbcap/ike-esp-split', () => {
    it('says when IKE and ESP of one inside host reach the peer from different public addresses', () => {
      const split = diagnosticsOf(captureDocument(splitDump)).find(
        (d) => d.code === 'lbcap/ike-esp-split',
      )!;
      assert.strictEqual(split.range.start.line + 1, 6);
      assert.match(
        messageOf(split),
        /^IKE and ESP reach peer 203\.0\.113\.9 from different addresses: IKE as 183\.62\.1\.1, line 2; ESP as 183\.62\.2\.2, line 6\. Both come from inside host 10\.1\.1\.254\./,
      );
    });

    it('counts ESP leaving untranslated while IKE is translated as a split too (F5 tcpdump)', () => {
      assert.deepStrictEqual(codesOf(captureDocument(fixture('capture/f5-nat-vpn.tcpdump.txt'))), [
        'lbcap/one-way-esp@5',
        'lbcap/tunnel-up-no-data@1',
        'lbcap/untranslated-private-source@6',
        'lbcap/ike-esp-split@6',
        'lbcap/connection-reset@15',
        'lbcap/retransmission@13',
      ]);
      const split = diagnosticsOf(captureDocument(fixture('capture/f5-nat-vpn.tcpdump.txt'))).find(
        (d) => d.code === 'lbcap/ike-esp-split',
      )!;
      assert.match(
        messageOf(split),
        /IKE as 198\.51\.100\.7, line 2; ESP as 10\.1\.1\.254 untranslated, line 6/,
      );
    });

    it('takes masked addresses that may be the same for the same', () => {
      const text = splitDump.replace('183.62.2.2', '183.62.*.*');
      assert.ok(!codesOf(captureDocument(text)).some((c) => c.startsWith('lbcap/ike-esp-split')));
    });
  });

  describe('lbcap/ah-through-nat', () => {
    it('says AH cannot cross the NAT that rewrites its addresses', () => {
      const ah = diagnosticsOf(captureDocument(splitDump)).find(
        (d) => d.code === 'lbcap/ah-through-nat',
      )!;
      assert.strictEqual(
        messageOf(ah),
        'AH through NAT: AH (IP protocol 51) to peer 198.51.100.9 (1 packet) cannot work here: the balancer rewrites its addresses (10.1.1.254 → 198.51.100.9 became 183.62.1.1 → 198.51.100.9, line 8). ' +
          "AH's integrity check covers the IP addresses, so the peer drops every translated packet (RFC 3715 2.1). Use ESP, with NAT traversal (UDP 4500) where a NAT is in the path.",
      );
    });

    it('is quiet on AH between peers with no NAT in sight', () => {
      const text =
        '10:00:06.000000 IP 10.0.0.1 > 10.0.0.2: AH(spi=0x00001000,seq=0x1): ESP(spi=0x00000002,seq=0x1), length 100';
      assert.ok(!codesOf(captureDocument(text)).includes('lbcap/ah-through-nat@1'));
    });
  });

  describe('lbcap/syn-without-syn-ack', () => {
    it('groups the unanswered connections to one server, and says how they left', () => {
      const syn = diagnosticsOf(before()).find((d) => d.code === 'lbcap/syn-without-syn-ack')!;
      assert.strictEqual(
        messageOf(syn),
        'No SYN-ACK: 2 connections from 10.1.1.254 to 192.168.0.108:1521 (2 SYNs) get no answer anywhere in this dump (it leaves as 183.62.*.*:2614, line 6). ' +
          'Nothing accepts or refuses them: the server is down or filtered, or its answer takes another path back.',
      );
      assert.deepStrictEqual(
        syn.relatedInformation?.map((r) => r.location.range.start.line + 1),
        [7],
      );
    });

    it('speaks of one connection in the singular, and lets an ICMP error that comes back say why', () => {
      const dump = [
        '09:15:03.000001 IP 10.1.1.10.40000 > 203.0.113.80.443: Flags [S], seq 3812, win 64240, length 0',
        '09:15:03.000300 IP 192.0.2.1 > 10.1.1.10: ICMP host 203.0.113.80 unreachable - admin prohibited filter, length 68',
        '09:15:04.000001 IP 10.1.1.10.40001 > 203.0.113.81.443: Flags [S], seq 90210, win 64240, length 0',
      ].join('\n');
      const messages = diagnosticsOf(captureDocument(dump))
        .filter((d) => d.code === 'lbcap/syn-without-syn-ack')
        .map(messageOf);
      assert.deepStrictEqual(messages, [
        'No SYN-ACK: 1 connection from 10.1.1.10 to 203.0.113.80:443 (1 SYN) gets neither a SYN-ACK nor a reset in this dump. ' +
          'An ICMP error comes back instead (line 2), which says why.',
        'No SYN-ACK: 1 connection from 10.1.1.10 to 203.0.113.81:443 (1 SYN) gets no answer anywhere in this dump. ' +
          'Nothing accepts or refuses it: the server is down or filtered, or its answer takes another path back.',
      ]);
    });

    it('is quiet when the server answers, or refuses with a reset', () => {
      assert.ok(
        !codesOf(captureDocument(fixture('capture/tcpdump-resp_1.out'))).some((c) =>
          c.startsWith('lbcap/syn-without-syn-ack'),
        ),
      );
      assert.ok(
        !codesOf(captureDocument(splitDump)).some((c) => c.startsWith('lbcap/syn-without-syn-ack')),
      );
    });
  });

  describe('lbcap/connection-reset', () => {
    it('tells refused connections from connections cut off, as information', () => {
      const reset = diagnosticsOf(captureDocument(splitDump)).find(
        (d) => d.code === 'lbcap/connection-reset',
      )!;
      assert.strictEqual(reset.severity, 3);
      assert.strictEqual(reset.range.start.line + 1, 11);
      assert.strictEqual(
        messageOf(reset),
        '1 connection to 192.0.2.80:80 reset: 1 refused (RST instead of SYN-ACK: nothing listens there, or a filter answers for it). Reset by 192.0.2.80:80.',
      );
      const cut = diagnosticsOf(captureDocument(fixture('capture/f5-nat-vpn.tcpdump.txt'))).find(
        (d) => d.code === 'lbcap/connection-reset',
      )!;
      assert.strictEqual(
        messageOf(cut),
        '1 connection to 192.0.2.80:443 reset: 1 reset after 4 packets (cut off, not refused). Reset by 192.0.2.80:443.',
      );
    });
  });

  describe('lbcap/retransmission', () => {
    it('reports a segment sent again by the same end, not the copy the balancer sends on', () => {
      const retransmission = diagnosticsOf(
        captureDocument(fixture('capture/f5-nat-vpn.tcpdump.txt')),
      ).find((d) => d.code === 'lbcap/retransmission')!;
      assert.strictEqual(retransmission.severity, 3);
      assert.strictEqual(
        messageOf(retransmission),
        '1 TCP segment of flow 3 (TCP 10.1.1.10:51000 ↔ 192.0.2.80:443) sent again with the same sequence number: the segment or its acknowledgement was lost on the way. The first, line 13, repeats line 11.',
      );
    });
  });

  describe('both dialects', () => {
    it('ties an ICMP error to the flow whose packet it quotes (tcpdump -v)', () => {
      const [error] = diagnosticsOf(
        captureDocument(fixture('capture/any-verbose.tcpdump.txt')),
      ).filter((d) => d.code === 'lbcap/icmp-error');
      assert.strictEqual(
        messageOf(error),
        'ICMP time exceeded in transit (type 11 code 0) from 192.0.2.1 to 198.51.100.7: a router found the TTL run out: a routing loop or a wrong path. ' +
          'It reports on flow 1 (ESP in UDP spi 0x11111111 10.1.1.254 → 203.0.113.9): the error quotes its packet, line 2.',
      );
    });

    it('finds the packet an ICMP error quotes however long its flow goes on after the error', () => {
      // The quoted packet is looked for among the packets before the error, not the flow's last ones.
      const head = fixture('capture/any-verbose.tcpdump.txt').split('\n').slice(0, 9);
      const after = Array.from(
        { length: 10_001 },
        (_, i) =>
          `10:00:02.${String(i).padStart(6, '0')} IP 198.51.100.7.61000 > 203.0.113.9.4500: UDP-encap: ESP(spi=0x11111111,seq=0x${(i + 6).toString(16)}), length 32`,
      );
      const [error] = diagnosticsOf(captureDocument([...head, ...after].join('\n'))).filter(
        (d) => d.code === 'lbcap/icmp-error',
      );
      assert.match(
        messageOf(error),
        / It reports on flow 1 \(ESP in UDP spi 0x11111111 10\.1\.1\.254 → 203\.0\.113\.9\): the error quotes its packet, line 2\.$/,
      );
    });

    it("says a traceroute's answer is a hop on the path (information, not a fault), and that the flow it quotes is not in the dump", () => {
      const found = diagnosticsOf(captureDocument(fixture('capture/tcpdump-icmp-rfc5837.out')));
      assert.deepStrictEqual(found.map(messageOf), [
        'ICMP time exceeded in transit (type 11 code 0) from 10.4.0.2 to 12.4.4.4: the answer a traceroute asks for (its probe to UDP port 33440): 10.4.0.2 is a hop on the path, not a fault. It quotes udp 12.4.4.4:42315 → 12.1.1.1:33440, a flow this dump does not hold.',
      ]);
      assert.deepStrictEqual(
        found.map((d) => d.severity),
        [DiagnosticSeverity.Information],
      );
      // The end of the trace: the destination refuses the probe's port.
      const end = [
        '10:00:00.000001 IP 10.1.1.254.42315 > 203.0.113.9.33441: UDP, length 32',
        '10:00:00.000200 IP 203.0.113.9 > 10.1.1.254: ICMP 203.0.113.9 udp port 33441 unreachable, length 68',
      ].join('\n');
      const [arrived] = diagnosticsOf(captureDocument(end)).filter(
        (d) => d.code === 'lbcap/icmp-error',
      );
      assert.match(
        messageOf(arrived),
        /the answer a traceroute's last probe asks for \(UDP port 33441\): the trace reached its destination/,
      );
      assert.strictEqual(arrived.severity, DiagnosticSeverity.Information);
    });

    it('does not tie an error naming one destination to a packet sent to another', () => {
      // A redirect for 203.0.113.9 is no answer to the SYN to 192.0.2.80 just before it.
      const dump = [
        '10:00:00.000001 IP 10.1.1.254.51000 > 192.0.2.80.443: Flags [S], seq 3000000001, win 64240, length 0',
        '10:00:00.000200 IP 10.1.1.1 > 10.1.1.254: ICMP redirect 203.0.113.9 to host 10.1.1.2, length 36',
      ].join('\n');
      assert.deepStrictEqual(diagnosticsOf(captureDocument(dump)).map(messageOf), [
        'No SYN-ACK: 1 connection from 10.1.1.254 to 192.0.2.80:443 (1 SYN) gets no answer anywhere in this dump. Nothing accepts or refuses it: the server is down or filtered, or its answer takes another path back.',
        'ICMP redirect (type 5 code 0) from 10.1.1.1 to 10.1.1.254. It is about what 10.1.1.254 sends to 203.0.113.9, and no packet 10.1.1.254 sent to 203.0.113.9 comes shortly before it in this dump.',
      ]);
    });

    it('names the dialect when it groups lines it does not understand', () => {
      const text = [
        '12:00:02.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x1,seq=0x1), length 132',
        '12:00:02.000002 IP 203.0.113.9 > 10.1.1.254: ESP(spi=0x2,seq=0x1), length 132',
        'junk',
      ].join('\n');
      assert.deepStrictEqual(diagnosticsOf(captureDocument(text)).map(messageOf), [
        'This line is not understood as a tcpdump packet or capture command; it is left out of the analysis.',
      ]);
    });
  });

  describe('in the editor', () => {
    // VS Code shows a diagnostic's text and related lines above the hover of the packet: the
    // editor gets each finding's first sentence alone, and the hover carries the rest.
    it('shows each finding by its first sentence, with no related line in the dump itself', () => {
      const findings = createLanguageService().doValidation(before(), { forEditor: true });
      assert.deepStrictEqual(
        findings.map((d) => [d.range.start.line + 1, messageOf(d), d.relatedInformation]),
        [
          [
            1,
            'One-way IPsec SA: ESP with SPI 0x7eb7fb45 goes from 10.1.1.254 to *.*.*.* (2 packets), and no ESP comes back from *.*.*.* anywhere in this dump.',
            undefined,
          ],
          [
            2,
            'ESP from private address 10.1.1.254 is sent out on port 6 untranslated (2 packets): nothing on the other side can answer a private (RFC 1918) address.',
            undefined,
          ],
          [
            5,
            'No SYN-ACK: 2 connections from 10.1.1.254 to 192.168.0.108:1521 (2 SYNs) get no answer anywhere in this dump (it leaves as 183.62.*.*:2614, line 6).',
            undefined,
          ],
          [
            11,
            'ICMP time exceeded in transit (type 11 code 0) from *.*.*.* to 10.1.1.254 (2 times): a router found the TTL run out: a routing loop or a wrong path.',
            undefined,
          ],
        ],
      );
    });

    it('ends the first sentence at a stop followed by a space, not at one inside an address or a code span', () => {
      assert.deepStrictEqual(
        headlineAndExplanation(
          'ESP to 10.1.1.254 needs a `port 0 others. etc` vport (RFC 3715 2.1). The peer "drops it." Then.',
        ),
        {
          headline: 'ESP to 10.1.1.254 needs a `port 0 others. etc` vport (RFC 3715 2.1).',
          explanation: 'The peer "drops it." Then.',
        },
      );
      assert.deepStrictEqual(headlineAndExplanation('One sentence, no stop'), {
        headline: 'One sentence, no stop',
        explanation: '',
      });
    });
  });

  describe('the catalogue', () => {
    it('has a page per rule that names its code and default severity, and never says error', () => {
      for (const rule of Object.values(captureRules)) {
        const page = fs.readFileSync(
          path.join(repoRoot, 'docs', 'rules', `${rule.code.replace('/', '-')}.md`),
          'utf8',
        );
        assert.ok(page.startsWith(`# ${rule.code}\n`), rule.code);
        assert.ok(page.includes(`Default severity: **${rule.severity}**.`), rule.code);
        assert.notStrictEqual(rule.severity, 'error', rule.code);
      }
    });
  });

  describe('a rule with more than 20 findings', () => {
    it('reports the first 20 one by one and sums up the rest in one information at the first of them', () => {
      // 23 servers, each refusing one connection: one lbcap/connection-reset per server.
      const text = Array.from({ length: 23 }, (_, i) => {
        const server = `203.0.113.${i + 1}`;
        const id = (2 * i + 1).toString(16);
        return [
          `@${2 * i + 1} i( 1, 100, ${id})> ip 10.1.1.254 > ${server} tcp 40000 > 443 S 1000:0(0)`,
          `@${2 * i + 2} i( 6, 0, ${id}0)> ip ${server} > 10.1.1.254 tcp 443 > 40000 R. 0:1001(0)`,
        ].join('\n');
      }).join('\n');
      const diagnostics = diagnosticsOf(captureDocument(text));
      const resets = diagnostics.filter((d) => d.code === 'lbcap/connection-reset');
      // The rule is information already; the summary is too, at the 21st server's reset.
      assert.deepStrictEqual(
        resets.map((d) => d.range.start.line + 1),
        [...Array.from({ length: 20 }, (_, i) => 2 * i + 2), 42],
      );
      assert.ok(resets.every((d) => d.severity === DiagnosticSeverity.Information));
      assert.strictEqual(
        messageOf(resets[20]),
        '3 more servers with reset connections (lbcap/connection-reset) from line 42 on are not reported one by one; the first 20 are.',
      );
    });
  });
});
