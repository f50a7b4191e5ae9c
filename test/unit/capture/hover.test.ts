// The hover of a packet line explains it the way an engineer reads a dump: which copy it is,
// the other copy and the translation between them, its flow and what answers it, and how far
// the IPsec peer it goes to got. In both dialects.
import * as assert from 'assert';
import { createLanguageService } from '../../../server/src/service';
import { captureDocument, fixture } from '../support';

/** The hover's Markdown on a 1-based line of a document. */
function hoverOn(text: string, line: number): string | undefined {
  const hover = createLanguageService().doHover(captureDocument(text), {
    line: line - 1,
    character: 5,
  });
  const contents = hover?.contents;
  return contents && typeof contents === 'object' && 'value' in contents
    ? contents.value
    : undefined;
}

const before = fixture('seed/capture-before-fix.axdebug.txt');
const after = fixture('seed/capture-after-fix.axdebug.txt');

describe('Packet hover', () => {
  it('explains a translated TCP SYN: both copies, the source NAT, that nothing answers it, and then its finding in full', () => {
    assert.strictEqual(
      hoverOn(before, 5),
      [
        '**TCP SYN**, received by the balancer on port 1',
        '`10.1.1.254:22518 → 192.168.0.108:1521` · tick 23048280 · packet id `168df`',
        'TCP flags `S` (SYN), seq `192198c5`, ack `0`, 0 bytes of data',
        '**Other copy:** line 6, sent by the balancer on port 6: `183.62.*.*:2614 → 192.168.0.108:1521`',
        '**Translation:** source `10.1.1.254:22518` became `183.62.*.*:2614` (source NAT with port translation).',
        '**Flow 2:** TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521: 1 packet (1 forward, 0 back), lines 5–6.',
        '**Answered by:** nothing in this dump: no packet comes back in this flow after it.',
        // The finding after the packet: its headline (what the editor shows above the hover), the
        // explanation and the dump's other lines its diagnostic leaves out.
        '**Finding** `lbcap/syn-without-syn-ack`: No SYN-ACK: 2 connections from 10.1.1.254 to 192.168.0.108:1521 (2 SYNs) get no answer anywhere in this dump (it leaves as 183.62.\\*.\\*:2614, line 6).',
        'Nothing accepts or refuses them: the server is down or filtered, or its answer takes another path back.',
        '- line 7: SYN unanswered: 10.1.1.254:60641 → 192.168.0.108:1521',
      ].join('\n\n'),
    );
  });

  it('has no finding part on a packet line no finding is reported on', () => {
    assert.doesNotMatch(hoverOn(before, 6)!, /Finding/);
  });

  it('says when ESP leaves with its source untouched', () => {
    const text = hoverOn(before, 2)!;
    assert.match(text, /^\*\*ESP spi 0x7eb7fb45 seq 0x1a\*\*, sent by the balancer on port 6/);
    assert.match(
      text,
      /\*\*Translation:\*\* none: both copies carry the same addresses and ports\./,
    );
    assert.match(text, /SPI `0x7eb7fb45` names the IPsec SA of this direction/);
  });

  it('ties an ICMP error to the packet it most likely reports on, and the request to its error', () => {
    assert.match(
      hoverOn(before, 11)!,
      /\*\*Reports on:\*\* most likely the ICMP echo request seq 7948 at line 9 \(flow 4, ICMP echo 10\.1\.1\.254 ↔ \\\*\.\\\*\.\\\*\.\\\*\)/,
    );
    assert.match(hoverOn(before, 11)!, /ICMP type 11 code 0: time exceeded in transit/);
    assert.match(
      hoverOn(before, 9)!,
      /\*\*Answered by:\*\* line 11, an ICMP error: ICMP time exceeded in transit\./,
    );
  });

  it('names axdebug UDP by its port: 500 is IKE, only 4500 may be NAT traversal', () => {
    const dump = [
      '@100 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 udp 500 > 500',
      '@101 i( 1, 100, a2)> ip 10.1.1.254 > 203.0.113.9 udp 4500 > 4500',
    ].join('\n');
    assert.match(hoverOn(dump, 1)!, /^\*\*IKE \(UDP 500\)\*\*, received by the balancer on port 1/);
    assert.match(
      hoverOn(dump, 2)!,
      /^\*\*IKE or NAT-T \(UDP 4500\)\*\*, received by the balancer on port 1/,
    );
  });

  it('says when one copy of a packet is missing from the dump', () => {
    assert.match(
      hoverOn(after, 3)!,
      /\*\*Other copy:\*\* none: the dump has no copy of it received by the balancer \(same id `c2f9`\)\./,
    );
  });

  it('pairs ESP both ways after the fix: each SA a flow, the peer answers with its own SPI, and the tunnel carries data', () => {
    assert.strictEqual(
      hoverOn(after, 1),
      [
        '**ESP spi 0x50a5abe3 seq 0xf3**, received by the balancer on port 1',
        '`10.1.1.254 → *.*.*.*` · tick 1777313 · packet id `1f426`',
        'ESP (IP protocol 50): SPI `0x50a5abe3` names the IPsec SA of this direction; sequence `0xf3`',
        '**Other copy:** line 2, sent by the balancer on port 6: `210.21.*.* → *.*.*.*`',
        '**Translation:** source `10.1.1.254` became `210.21.*.*` (source NAT).',
        '**Flow 1:** ESP spi 0x50a5abe3 10.1.1.254 → \\*.\\*.\\*.\\*: 2 packets (2 forward, 0 back), lines 1–5.',
        '**Answered by:** line 3, the reply: ESP spi 0x8dcc49fe seq 0xfa.',
        '**IPsec 10.1.1.254 (as 210.21.\\*.\\*) ↔ \\*.\\*.\\*.\\*:** no IKE in this dump; NAT-T not seen; ESP out: spi 0x50a5abe3 (2); ESP back: spi 0x8dcc49fe (2): data flows both ways.',
      ].join('\n\n'),
    );
  });

  it('shows the IPsec status of the peer on a ping to it, before the fix: one-way ESP', () => {
    assert.match(
      hoverOn(before, 9)!,
      /\*\*IPsec 10\.1\.1\.254 ↔ \\\*\.\\\*\.\\\*\.\\\*:\*\* no IKE in this dump; NAT-T not seen; ESP out: spi 0x7eb7fb45 \(2\); ESP back: none: one-way ESP \(nothing back from the peer\)\.$/,
    );
  });

  it('matches an echo reply to its request by sequence number', () => {
    assert.match(
      hoverOn(after, 7)!,
      /\*\*Answered by:\*\* line 8, the reply: ICMP echo reply seq 5496\./,
    );
    assert.match(hoverOn(after, 8)!, /\*\*Answers:\*\* line 7 \(ICMP echo request seq 5496\)\./);
  });

  it('escapes masked addresses, so that Markdown does not read `*.*` as emphasis', () => {
    assert.match(hoverOn(before, 11)!, /last packet 10\.1\.1\.254 sent before it/);
    assert.ok(
      !/[^\\`]\*\.\*/.test(hoverOn(before, 9)!.replace(/`[^`]*`/g, '')),
      'every * outside code is escaped',
    );
  });

  it('parses CRLF dumps the same way', () => {
    assert.strictEqual(hoverOn(before.replace(/\n/g, '\r\n'), 5), hoverOn(before, 5));
  });

  it('has nothing to say on a line that is not a packet, or past the end', () => {
    assert.strictEqual(hoverOn('AX3200#axdebug\n' + after, 1), undefined);
    assert.strictEqual(hoverOn(after, 500), undefined);
  });

  it('covers the whole packet line', () => {
    const hover = createLanguageService().doHover(captureDocument(before), {
      line: 0,
      character: 0,
    });
    assert.deepStrictEqual(hover?.range, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: before.split('\n')[0].length },
    });
  });

  describe('tcpdump', () => {
    it('explains an F5 copy: direction, virtual server, the other copy and the translation undone on the way back', () => {
      assert.strictEqual(
        hoverOn(fixture('capture/f5-nat-vpn.tcpdump.txt'), 10),
        [
          '**TCP SYN-ACK**, sent by the balancer on slot1/tmm1 at 12:00:03.010030',
          '`192.0.2.80:443 → 10.1.1.10:51000` · virtual server `/Common/web`',
          'TCP flags `S.` (SYN-ACK), seq `5000`, ack `1001`, 0 bytes of data',
          '**Other copy:** line 9, received by the balancer on slot1/tmm1 at 12:00:03.010000: `192.0.2.80:443 → 198.51.100.7:2614`',
          '**Translation:** destination `198.51.100.7:2614` became `10.1.1.10:51000` (the source NAT with port translation of the way out, undone).',
          '**Flow 3:** TCP 10.1.1.10:51000 ↔ 192.0.2.80:443: 5 packets (3 forward, 2 back), lines 7–15.',
          '**Answers:** line 7 (TCP SYN).',
          '**Answered by:** line 11, the reply: TCP PSH-ACK.',
        ].join('\n\n'),
      );
    });

    it('calls ESP coming back from the peer, translated, the source NAT of the way out undone (its SA is a flow of its own)', () => {
      const dump = [
        '12:00:02.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132 in slot1/tmm0 lis=/Common/vpn',
        '12:00:02.000040 IP 198.51.100.7 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132 out slot1/tmm0 lis=/Common/vpn',
        '12:00:02.000101 IP 203.0.113.9 > 198.51.100.7: ESP(spi=0x8dcc49fe,seq=0x1), length 132 in slot1/tmm0 lis=/Common/vpn',
        '12:00:02.000140 IP 203.0.113.9 > 10.1.1.254: ESP(spi=0x8dcc49fe,seq=0x1), length 132 out slot1/tmm0 lis=/Common/vpn',
      ].join('\n');
      assert.match(
        hoverOn(dump, 3) ?? '',
        /\*\*Translation:\*\* destination `198\.51\.100\.7` became `10\.1\.1\.254` \(the source NAT of the way out, undone\)\./,
      );
      assert.match(
        hoverOn(dump, 1) ?? '',
        /\*\*Translation:\*\* source `10\.1\.1\.254` became `198\.51\.100\.7` \(source NAT\)\./,
      );
    });

    it('names the AccECN flag and shows no sequence number on an ACK that carries none (tcpdump accecn_handshake)', () => {
      const dump = fixture('capture/tcpdump-accecn_handshake.out');
      // The first three parts of each hover: what the packet is, its ends, its TCP header.
      const heads = [1, 5].map((line) => hoverOn(dump, line)!.split('\n\n').slice(0, 3));
      assert.deepStrictEqual(heads, [
        [
          '**TCP SYN-ECE-CWR-AE**, seen at 2022-07-26 06:26:07.794026',
          '`31.133.146.248:16433 → 66.228.43.12:80` · packet 1 · IP id 0',
          'TCP flags `SEWe` (SYN-ECE-CWR-AE), seq `1948076589`, 0 bytes of data',
        ],
        [
          '**TCP ACK-CWR**, seen at 2022-07-26 06:26:08.016573',
          '`31.133.146.248:16433 → 66.228.43.12:80` · packet 3 · IP id 0',
          'TCP flags `.W` (ACK-CWR), ack `1`, 0 bytes of data',
        ],
      ]);
    });

    it('explains IKE with the status of its peer: tunnel up, no data', () => {
      assert.strictEqual(
        hoverOn(fixture('capture/tcpdump-isakmp4.out'), 3),
        [
          '**IKEv1 phase 1 ident (initiator)**, seen at 1970-01-01 00:00:00.000000',
          '`192.1.2.254:500 → 192.1.2.23:500` · packet 3',
          'IKEv1 phase 1 ident (initiator) on UDP 500. Phase 1 sets up the IKE SA: the tunnel "up" both firewalls report.',
          '**Flow 1:** UDP 192.1.2.254:500 ↔ 192.1.2.23:500: 4 packets (2 forward, 2 back), lines 3–6.',
          '**Answered by:** line 4, the reply: IKEv1 phase 1 ident (responder).',
          '**IPsec 192.1.2.254 ↔ 192.1.2.23:** phase 1: IKEv1 answered (7 out, 8 back); phase 2 negotiated (4 out, 4 back); NAT-T seen (UDP 4500); ESP out: spi 0xf4dc0ae5 in UDP (8); ESP back: none: tunnel up, no data (IKE answered, no ESP back).',
          '**Finding** `lbcap/tunnel-up-no-data`: Tunnel up, no data: IKE with 192.1.2.23 is answered (7 out, 8 back, phase 2 negotiated), yet no ESP comes back from 192.1.2.23 anywhere in this dump.',
          'ESP goes out under SPI 0xf4dc0ae5 (8 packets, line 12) and none comes back. The peer builds its SAs on the address IKE came from: ESP must leave by the same link with the same public address, and be let back in. A virtual server with `port 0 udp` but no `port 0 others` translates IKE (UDP) and not ESP (IP protocol 50).',
          [
            '- line 4: IKE answered: 192.1.2.23:500 → 192.1.2.254:500 IKEv1 phase 1 ident (responder)',
            '- line 6: IKE answered: 192.1.2.23:500 → 192.1.2.254:500 IKEv1 phase 1 ident (responder)',
            '- line 8: IKE answered: 192.1.2.23:4500 → 192.1.2.254:4500 IKEv1 phase 1 ident (responder)',
            '- line 10: IKE answered: 192.1.2.23:4500 → 192.1.2.254:4500 IKEv1 phase 2 oakley-quick (responder)',
            '- line 15: IKE answered: 192.1.2.23:4500 → 192.1.2.254:4500 IKEv1 phase 2 oakley-quick (responder)',
            '- and 5 more lines',
          ].join('\n'),
        ].join('\n\n'),
      );
    });

    it('explains a -v ICMP error on any of its lines: the packet it quotes and the flow that packet belongs to', () => {
      const text = fixture('capture/any-verbose.tcpdump.txt');
      const hover = hoverOn(text, 8)!;
      assert.strictEqual(hoverOn(text, 6), hover);
      assert.match(
        hover,
        /^\*\*ICMP time exceeded in transit\*\*, received by the balancer on eth0 at 10:00:00\.100000\n\n`192\.0\.2\.1 → 198\.51\.100\.7` · IP id 999/,
      );
      assert.match(
        hover,
        /\*\*Quotes:\*\* `udp 198\.51\.100\.7:61000 → 203\.0\.113\.9:4500` \(IP id 4242\)/,
      );
      assert.match(
        hover,
        /\*\*Reports on:\*\* the ESP in UDP spi 0x11111111 seq 0x5 at line 2 \(flow 1, ESP in UDP spi 0x11111111 10\.1\.1\.254 → 203\.0\.113\.9\): the error quotes it\./,
      );
      const range = createLanguageService().doHover(captureDocument(text), {
        line: 7,
        character: 0,
      })?.range;
      assert.deepStrictEqual([range?.start.line, range?.end.line], [5, 8]);
    });

    it('says nothing of other copies in a plain host capture, where there are none', () => {
      assert.ok(!hoverOn(fixture('capture/tcpdump-resp_1.out'), 1)!.includes('Other copy'));
    });
  });
});
