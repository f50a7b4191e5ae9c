// Understanding the traffic: copies of one packet paired across the balancer (axdebug by packet
// id; tcpdump by IP id, ESP sequence, SYN sequence, with other addresses), the translation between
// them, flows (both sides of a NAT one flow; ESP per SPI and peer pair; ICMP echo by id), which
// packet answers which, and which flow an ICMP error reports on.
import * as assert from 'assert';
import {
  analyseCapture,
  type CaptureAnalysis,
} from '../../../server/src/service/capture/engine/analysis';
import { natKind, translationOf } from '../../../server/src/service/capture/features/describe';
import { PAIRING_WINDOW } from '../../../server/src/service/capture/engine/pairing';
import { parseCapture } from '../../../server/src/service/capture/reading/parser';
import { parseCaptureCompact } from '../../../server/src/service/capture/reading/compactCopies';
import { checkFactsOf } from '../../../server/src/service/capture/features/validation';
import { fixture } from '../support';

function analyse(text: string): CaptureAnalysis {
  return analyseCapture(parseCapture(text));
}

/** `7+8: source 10.1.1.10:51000 -> 198.51.100.7:2614 (source NAT with port translation)` for each packet seen twice. */
function pairs(text: string): string[] {
  const analysis = analyse(text);
  return analysis.packets
    .filter((p) => p.copies.length > 1)
    .map((p) => {
      const rewrites = translationOf(p);
      const what =
        rewrites.length === 0
          ? 'not translated'
          : `${rewrites.map((r) => `${r.field} ${r.before} -> ${r.after}`).join(', ')} (${natKind(rewrites, analysis.directionOf.get(p) === 'back')})`;
      return `${p.copies.map((c) => c.line + 1).join('+')}: ${what}`;
    });
}

/** `flow 3 tcp: 7,8,9 errors 12` (1-based lines of every copy, then of the ICMP errors about it). */
function flows(text: string): string[] {
  return analyse(text).flows.map((f) => {
    const lines = f.packets.flatMap((p) => p.copies.map((c) => c.line + 1));
    const errors =
      f.errors.length > 0 ? ` errors ${f.errors.map((p) => p.copies[0].line + 1).join(',')}` : '';
    return `flow ${f.id} ${f.kind}: ${lines.join(',')}${errors}`;
  });
}

/** `7 -> 9` for each packet and the packet that answers it (first lines). */
function answers(text: string): string[] {
  const analysis = analyse(text);
  return analysis.packets
    .filter((p) => analysis.answeredBy.has(p))
    .map((p) => `${p.copies[0].line + 1} -> ${analysis.answeredBy.get(p)!.copies[0].line + 1}`);
}

describe('Pairs, translations, flows and answers', () => {
  describe('axdebug', () => {
    it('pairs copies by packet id and tick, and derives source NAT with port translation', () => {
      assert.deepStrictEqual(pairs(fixture('seed/capture-before-fix.axdebug.txt')), [
        '1+2: not translated',
        '3+4: not translated',
        '5+6: source 10.1.1.254:22518 -> 183.62.*.*:2614 (source NAT with port translation)',
        '7+8: source 10.1.1.254:60641 -> 183.62.*.*:6753 (source NAT with port translation)',
        '9+10: source 10.1.1.254 -> 183.62.*.* (source NAT)',
        '12+13: source 10.1.1.254 -> 183.62.8.14 (source NAT)',
      ]);
    });

    it('makes one flow of both sides of the NAT, ties the time-exceeded errors to the pings, and ESP per SPI', () => {
      assert.deepStrictEqual(flows(fixture('seed/capture-before-fix.axdebug.txt')), [
        'flow 1 esp: 1,2,3,4',
        'flow 2 tcp: 5,6',
        'flow 3 tcp: 7,8',
        'flow 4 icmp-echo: 9,10,12,13 errors 11,14',
      ]);
      assert.deepStrictEqual(flows(fixture('seed/capture-after-fix.axdebug.txt')), [
        'flow 1 esp: 1,2,4,5',
        'flow 2 esp: 3,6',
        'flow 3 icmp-echo: 7,8',
      ]);
    });

    it('matches replies: the peer’s ESP answers ours, an echo reply its request, an ICMP error the ping before it', () => {
      assert.deepStrictEqual(answers(fixture('seed/capture-after-fix.axdebug.txt')), [
        '1 -> 3',
        '3 -> 4',
        '4 -> 6',
        '7 -> 8',
      ]);
      assert.deepStrictEqual(answers(fixture('seed/capture-before-fix.axdebug.txt')), [
        '9 -> 11',
        '12 -> 14',
      ]);
    });
  });

  describe('tcpdump', () => {
    it('pairs F5 in/out copies and derives source NAT, its reversal on the way back, and no translation for ESP', () => {
      assert.deepStrictEqual(pairs(fixture('capture/f5-nat-vpn.tcpdump.txt')), [
        '1+2: source 10.1.1.254:500 -> 198.51.100.7:500 (source NAT)',
        '3+4: destination 198.51.100.7:500 -> 10.1.1.254:500 (the source NAT of the way out, undone)',
        '5+6: not translated',
        '7+8: source 10.1.1.10:51000 -> 198.51.100.7:2614 (source NAT with port translation)',
        '9+10: destination 198.51.100.7:2614 -> 10.1.1.10:51000 (the source NAT with port translation of the way out, undone)',
        '11+12: source 10.1.1.10:51000 -> 198.51.100.7:2614 (source NAT with port translation)',
        '13+14: source 10.1.1.10:51000 -> 198.51.100.7:2614 (source NAT with port translation)',
      ]);
      assert.deepStrictEqual(flows(fixture('capture/f5-nat-vpn.tcpdump.txt')), [
        'flow 1 udp: 1,2,3,4',
        'flow 2 esp: 5,6',
        'flow 3 tcp: 7,8,9,10,11,12,13,14,15',
      ]);
      assert.deepStrictEqual(answers(fixture('capture/f5-nat-vpn.tcpdump.txt')), [
        '1 -> 3',
        '7 -> 9',
        '9 -> 11',
        '11 -> 15',
        '13 -> 15',
      ]);
    });

    it('pairs by IP id (-v) and ties an ICMP error to the flow of the packet it quotes', () => {
      const text = fixture('capture/any-verbose.tcpdump.txt');
      assert.deepStrictEqual(pairs(text), [
        '2+4: source 10.1.1.254:4500 -> 198.51.100.7:61000 (source NAT with port translation)',
      ]);
      assert.deepStrictEqual(flows(text), [
        'flow 1 esp: 2,4 errors 6',
        'flow 2 icmp-echo: 10,11',
        'flow 3 udp: 12,13',
        // GRE's carried ping is the flow; the protocol-47 error quotes only the tunnel's end.
        'flow 4 icmp-echo: 14',
        'flow 5 udp: 16',
        'flow 6 ah: 17',
        'flow 7 icmp6: 18',
        'flow 8 tcp: 20',
      ]);
      assert.deepStrictEqual(answers(text), ['2 -> 6', '10 -> 11', '12 -> 13']);
    });

    it('pairs a SYN by its sequence number across a full NAT, then the segments of that connection by relative sequence', () => {
      const text = [
        '10:00:00.000001 IP 192.0.2.7.40001 > 203.0.113.10.443: Flags [S], seq 3000000001, win 64240, length 0',
        '10:00:00.000009 IP 10.0.0.1.50001 > 10.9.9.9.8443: Flags [S], seq 3000000001, win 64240, length 0',
        '10:00:00.000300 IP 192.0.2.7.40001 > 203.0.113.10.443: Flags [P.], seq 1:101, ack 1, win 502, length 100',
        '10:00:00.000309 IP 10.0.0.1.50001 > 10.9.9.9.8443: Flags [P.], seq 1:101, ack 1, win 502, length 100',
        // A connection with no SYN in the dump: relative numbers alone are no proof.
        '10:00:01.000000 IP 192.0.2.8.40002 > 203.0.113.10.443: Flags [P.], seq 1:101, ack 1, win 502, length 100',
        '10:00:01.000009 IP 10.0.0.2.50002 > 10.9.9.9.8443: Flags [P.], seq 1:101, ack 1, win 502, length 100',
      ].join('\n');
      assert.deepStrictEqual(pairs(text), [
        '1+2: source 192.0.2.7:40001 -> 10.0.0.1:50001, destination 203.0.113.10:443 -> 10.9.9.9:8443 (source NAT with port translation and destination NAT with port translation)',
        '3+4: source 192.0.2.7:40001 -> 10.0.0.1:50001, destination 203.0.113.10:443 -> 10.9.9.9:8443 (source NAT with port translation and destination NAT with port translation)',
      ]);
      assert.deepStrictEqual(flows(text), [
        'flow 1 tcp: 1,2,3,4',
        'flow 2 tcp: 5',
        'flow 3 tcp: 6',
      ]);
    });

    it('does not pair a retransmission (the same addresses twice) nor copies further apart than the window', () => {
      const syn = (src: string): string =>
        `10:00:00.000001 IP ${src}.40001 > 203.0.113.10.443: Flags [S], seq 3000000001, win 64240, length 0`;
      assert.deepStrictEqual(pairs([syn('192.0.2.7'), syn('192.0.2.7')].join('\n')), []);
      const apart = [
        syn('192.0.2.7'),
        ...Array.from({ length: PAIRING_WINDOW }, () => 'x'),
        syn('198.51.100.7'),
      ].join('\n');
      assert.deepStrictEqual(pairs(apart), []);
      const near = [
        syn('192.0.2.7'),
        ...Array.from({ length: PAIRING_WINDOW - 1 }, () => 'x'),
        syn('198.51.100.7'),
      ].join('\n');
      assert.deepStrictEqual(pairs(near).length, 1);
    });

    it('pairs ESP seen twice with the same addresses (untranslated, both sides), but not a TCP segment sent again', () => {
      // ESP numbers every packet anew: the same SPI and sequence twice is one packet seen twice.
      const esp = (seq: number): string =>
        `10:00:00.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x7eb7fb45,seq=0x${seq}), length 132`;
      assert.deepStrictEqual(pairs([esp(1), esp(1), esp(2), esp(2)].join('\n')), [
        '1+2: not translated',
        '3+4: not translated',
      ]);
      assert.deepStrictEqual(pairs([esp(1), esp(2)].join('\n')), []);
    });

    it('pairs IKE without -v or direction marks where NAT shows: one end kept, a private address on one side only', () => {
      // IKE says only its exchange and role: weak, so it pairs a few lines apart, and only when one
      // end is the same and the other is a private address on one copy and not on the other.
      const ike = (from: string, to: string, role: string): string =>
        `10:00:00.000001 IP ${from} > ${to}: isakmp: phase 1 ${role} ident`;
      const dump = [
        ike('10.1.1.254.500', '203.0.113.9.500', 'I'),
        ike('198.51.100.7.500', '203.0.113.9.500', 'I'),
        ike('203.0.113.9.500', '198.51.100.7.500', 'R'),
        ike('203.0.113.9.500', '10.1.1.254.500', 'R'),
      ].join('\n');
      assert.deepStrictEqual(pairs(dump), [
        '1+2: source 10.1.1.254:500 -> 198.51.100.7:500 (source NAT)',
        '3+4: destination 198.51.100.7:500 -> 10.1.1.254:500 (the source NAT of the way out, undone)',
      ]);
      assert.deepStrictEqual(flows(dump), ['flow 1 udp: 1,2,3,4']);
      // Two inside hosts, or two public ones, talking to one peer are two packets, not one.
      const twoHosts = (a: string, b: string): string =>
        [ike(`${a}.500`, '203.0.113.9.500', 'I'), ike(`${b}.500`, '203.0.113.9.500', 'I')].join(
          '\n',
        );
      assert.deepStrictEqual(pairs(twoHosts('10.1.1.254', '10.1.1.253')), []);
      assert.deepStrictEqual(pairs(twoHosts('198.51.100.7', '198.51.100.8')), []);
      // Both ends changed is no NAT the balancer does; nor is a copy more than a few lines back.
      assert.deepStrictEqual(
        pairs(
          [
            ike('10.1.1.254.500', '203.0.113.9.500', 'I'),
            ike('198.51.100.7.500', '203.0.113.8.500', 'I'),
          ].join('\n'),
        ),
        [],
      );
      const far = [
        ike('10.1.1.254.500', '203.0.113.9.500', 'I'),
        ...Array.from({ length: 20 }, () => 'x'),
        ike('198.51.100.7.500', '203.0.113.9.500', 'I'),
      ].join('\n');
      assert.deepStrictEqual(pairs(far), []);
    });
  });
});

describe('Segments sent again', () => {
  /** `line 5 repeats line 2` for each retransmission, as the analysis and the checks' facts both find them. */
  function repeats(text: string): { analysis: string[]; facts: string[] } {
    const analysis = analyseCapture(parseCaptureCompact(text));
    const found = analysis.flows.flatMap(
      (flow) =>
        analysis.connections
          .get(flow)
          ?.retransmissions.map(
            (r) =>
              `line ${r.packet.copies[0].line + 1} repeats line ${r.original.copies[0].line + 1}`,
          ) ?? [],
    );
    const facts = checkFactsOf(analysis).connections.flatMap((c) =>
      [...c.synRepeats.items, ...c.otherRepeats.items].map(
        (r) => `line ${r.copy.line + 1} repeats line ${r.original + 1}`,
      ),
    );
    return { analysis: found, facts };
  }

  it('is the same sequence number as printed, the same length and the same end: numbers written alike are not one', () => {
    // axdebug prints sequence numbers in hex, and "10", "a", "0a" and "A" are four texts; a
    // number past 32 bits is compared as written too.
    const segment = (id: number, seq: string, length: number, port = 40000): string =>
      `@10000${id} i( 1, 100, 1000${id})> ip 10.1.1.10 > 192.0.2.80 tcp ${port} > 443 P. ${seq}:1(${length})`;
    const text = [
      segment(1, '10', 1),
      segment(2, 'a', 1),
      segment(3, '0a', 1),
      segment(4, 'A', 1),
      segment(5, 'a', 1),
      segment(6, 'a', 2),
      segment(7, '1ffffffff', 1),
      segment(8, '1ffffffff', 1),
      segment(9, '16', 1),
      segment(10, '10', 1),
    ].join('\n');
    const expected = ['line 5 repeats line 2', 'line 8 repeats line 7', 'line 10 repeats line 1'];
    assert.deepStrictEqual(repeats(text), { analysis: expected, facts: expected });
  });

  it('is a repeat only from the same source port', () => {
    const segment = (id: number, port: number): string =>
      `@10000${id} i( 1, 100, 1000${id})> ip 10.1.1.10 > 192.0.2.80 tcp ${port} > 443 P. 432b7745:1(5)`;
    assert.deepStrictEqual(
      repeats([segment(1, 40000), segment(2, 40001), segment(3, 40000)].join('\n')),
      {
        analysis: ['line 3 repeats line 1'],
        facts: ['line 3 repeats line 1'],
      },
    );
  });
});
