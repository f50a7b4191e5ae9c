// Capture dumps as engineers post them (issue 16): A10's `debug packet`/`debug monitor` lines,
// the older tcpdump TCP form with named ports, `-i any` with every mark it prints, packets
// carried in VLAN tags, MPLS, PPPoE, IP in IP, GRE and VXLAN, replies that look like copies,
// resets after the handshake, and lines in no form known. Each is read, paired, found and hovered
// alike, and `inspect --json` says of each copy what its hover says.
import * as assert from 'assert';
import { createLanguageService } from '../../../server/src/service';
import { inspectText, type PacketRecord } from '../../../server/src/service/capture/engine/inspect';
import { captureDocument, codesOf, diagnosticsOf, messageOf } from '../support';
import { readingsOf } from './support';

/** The hover's Markdown on a 1-based line of a dump. */
function hoverOn(text: string, line: number): string {
  const hover = createLanguageService().doHover(captureDocument(text), {
    line: line - 1,
    character: 3,
  });
  const contents = hover?.contents;
  assert.ok(contents && typeof contents === 'object' && 'value' in contents, `no hover on ${line}`);
  return contents.value;
}

/** The hover's parts (its paragraphs) that start with a bold label, by label. */
function hoverPart(text: string, line: number, label: string): string | undefined {
  return hoverOn(text, line)
    .split('\n\n')
    .find((part) => part.startsWith(`**${label}:**`));
}

/** `inspect --json`'s record of each packet copy, by its first line. */
function records(text: string): Map<number, PacketRecord> {
  const byLine = new Map<number, PacketRecord>();
  for (const record of inspectText(text))
    if (!('unrecognised' in record)) byLine.set(record.line, record);
  return byLine;
}

/** `a:1 → b:2`, as the hover's headline writes a record's ends (Markdown-escaped as the hover escapes them). */
function endsOf(record: PacketRecord): string {
  const end = (address: string | undefined, port: number | undefined): string =>
    port === undefined ? (address ?? '') : `${address}:${port}`;
  if (record.src === undefined) return 'no addresses shown';
  if (record.dst === undefined) return `\`${record.src}\``;
  return `\`${end(record.src, record.srcPort)} → ${end(record.dst, record.dstPort)}\``;
}

/**
 * Checks that `inspect --json` and the hover tell the same of every packet copy of a dump: the
 * ends in the hover's headline are the record's, and the copy the hover names as the other one
 * is the record's `pairedWith`.
 */
function assertInspectAgreesWithHover(text: string): void {
  for (const [line, record] of records(text)) {
    const hover = hoverOn(text, line);
    const headline = hover.split('\n\n')[1];
    assert.ok(
      headline.startsWith(endsOf(record)),
      `line ${line}: ${headline} vs ${endsOf(record)}`,
    );
    const other = /\*\*Other copy:\*\* line (\d+)/.exec(hover);
    assert.strictEqual(other ? Number(other[1]) : undefined, record.pairedWith, `line ${line}`);
  }
}

describe('Capture dumps as the field writes them', () => {
  describe('A10 `debug packet` / `debug monitor`: two numbers, no packet id', () => {
    const monitor = [
      'vThunder-Active-vMaster[1/1]#debug packet',
      'vThunder-Active-vMaster[1/1](debug-packet)#ip 192.168.91.153 /32',
      'vThunder-Active-vMaster[1/1]#debug monitor',
      'Wait for debug output, enter <ctrl c> to exit',
      '@4296982955 i( 1,   1)> ip 192.168.91.153 > 192.168.91.28 tcp  47278 > 80 S 4aacf19e:0(0) <mswt, m=1410,w=7>',
      '@4296982955 o( 2,   0)> ip 203.0.113.5 > 192.168.91.28 tcp  61001 > 80 S 4aacf19e:0(0) <mswt, m=1410,w=7>',
      '@4296983102 i( 1,   1)> ip 192.168.91.153 > 198.51.100.9 esp spi=0x1a2b3c4d seq=0x7',
      '@4296983102 o( 2,   0)> ip 203.0.113.5 > 198.51.100.9 esp spi=0x1a2b3c4d seq=0x7',
      '^C',
      'vThunder-Active-vMaster[1/1]#no debug all',
    ].join('\n');

    it('reads the packet lines as axdebug copies and passes over the session around them', () => {
      assert.deepStrictEqual(readingsOf(monitor), {
        dialect: 'axdebug',
        copies: [
          '5 · tcp · 192.168.91.153.47278 > 192.168.91.28.80 · in · [S] seq 4aacf19e ack 0 len 0',
          '6 · tcp · 203.0.113.5.61001 > 192.168.91.28.80 · out · [S] seq 4aacf19e ack 0 len 0',
          '7 · esp · 192.168.91.153 > 198.51.100.9 · in · esp 0x1a2b3c4d 0x7',
          '8 · esp · 203.0.113.5 > 198.51.100.9 · out · esp 0x1a2b3c4d 0x7',
        ],
        unrecognised: [],
      });
    });

    it('pairs the received and the sent copy by what NAT leaves alone, and finds what axdebug would', () => {
      assert.strictEqual(
        hoverPart(monitor, 5, 'Translation'),
        '**Translation:** source `192.168.91.153:47278` became `203.0.113.5:61001` (source NAT with port translation).',
      );
      assert.match(
        hoverOn(monitor, 8),
        /^\*\*ESP spi 0x1a2b3c4d seq 0x7\*\*, sent by the balancer on port 2\n\n`203\.0\.113\.5 → 198\.51\.100\.9` · tick 4296983102\n/,
      );
      assert.deepStrictEqual(codesOf(captureDocument(monitor)), [
        'lbcap/one-way-esp@7',
        'lbcap/syn-without-syn-ack@5',
      ]);
      assertInspectAgreesWithHover(monitor);
    });
  });

  describe('the older tcpdump TCP form, without Flags [...], and named ports', () => {
    // tcpdump 3.x/4.0 and appliances built on it (F5 among them), without -n.
    const old = [
      '10:00:00.000000 IP 10.50.34.204.61050 > 10.120.65.32.http: S 2166173138:2166173138(0) win 8192 <mss 1350,nop,wscale 2,nop,nop,sackOK>',
      '10:00:00.000900 IP 10.120.65.32.http > 10.50.34.204.61050: S 3920412877:3920412877(0) ack 2166173139 win 5840 <mss 1460>',
      '10:00:00.001100 IP 10.50.34.204.61050 > 10.120.65.32.http: . ack 1 win 64240',
      '10:00:00.001300 IP 10.50.34.204.61050 > 10.120.65.32.http: P 1:27(26) ack 1 win 64240',
      '10:00:00.002000 IP 10.120.65.32.http > 10.50.34.204.61050: R 1:1(0) ack 27 win 0',
      '10:00:01.000000 IP 10.50.34.204.61051 > 10.120.65.32.https: S 4000000001:4000000001(0) win 8192',
      '10:00:01.000400 IP 10.120.65.32.https > 10.50.34.204.61051: R 0:0(0) ack 4000000002 win 0',
      '10:00:02.000000 IP 10.50.34.204.isakmp > 198.51.100.9.isakmp: isakmp: phase 1 I ident',
      '10:00:02.100000 IP 10.50.34.204.ipsec-nat-t > 198.51.100.9.ipsec-nat-t: UDP-encap: ESP(spi=0x0badcafe,seq=0x1), length 116',
      '10:00:02.200000 IP 10.50.34.204.1025 > 10.120.65.53.domain: 4660+ A? www.example.com. (33)',
      '10:00:03.000000 IP (tos 0x0, ttl  64, id 7, offset 0, flags [DF], proto: TCP (6), length: 60) 10.50.34.204.61052 > 10.120.65.32.http: S, cksum 0x1234 (correct), 100:100(0) win 5840',
      '10:00:04.000000 10.50.34.204.61053 > 10.120.65.32.80: F 27:27(0) ack 1 win 64240',
    ].join('\n');

    it('reads TCP with its flags, sequence and acknowledgement (never UDP), and ports by their numbers', () => {
      assert.deepStrictEqual(readingsOf(old), {
        dialect: 'tcpdump',
        copies: [
          '1 · tcp · 10.50.34.204.61050 > 10.120.65.32.80 · [S] seq 2166173138 len 0',
          '2 · tcp · 10.120.65.32.80 > 10.50.34.204.61050 · [S.] seq 3920412877 ack 2166173139 len 0',
          '3 · tcp · 10.50.34.204.61050 > 10.120.65.32.80 · [.] ack 1 len 0',
          '4 · tcp · 10.50.34.204.61050 > 10.120.65.32.80 · [P.] seq 1 ack 1 len 26',
          '5 · tcp · 10.120.65.32.80 > 10.50.34.204.61050 · [R.] seq 1 ack 27 len 0',
          '6 · tcp · 10.50.34.204.61051 > 10.120.65.32.443 · [S] seq 4000000001 len 0',
          '7 · tcp · 10.120.65.32.443 > 10.50.34.204.61051 · [R.] seq 0 ack 4000000002 len 0',
          '8 · udp · 10.50.34.204.500 > 198.51.100.9.500 · ike v1 phase 1 ident I',
          '9 · udp · 10.50.34.204.4500 > 198.51.100.9.4500 · esp 0x0badcafe 0x1 in udp',
          '10 · udp · 10.50.34.204.1025 > 10.120.65.53.53',
          '11 · tcp · 10.50.34.204.61052 > 10.120.65.32.80 · id 7 · [S] seq 100 len 0',
          // tcpdump 3.8 and older print no `IP` before the addresses.
          '12 · tcp · 10.50.34.204.61053 > 10.120.65.32.80 · [F.] seq 27 ack 1 len 0',
        ],
        unrecognised: [],
      });
      assert.strictEqual(
        hoverOn(old, 2).split('\n\n')[2],
        'TCP flags `S.` (SYN-ACK), seq `3920412877`, ack `2166173139`, 0 bytes of data',
      );
      assertInspectAgreesWithHover(old);
    });

    it('reports a SYN answered by an RST as refused, and an RST after the handshake and data as a reset after 4 packets', () => {
      const reset = diagnosticsOf(captureDocument(old)).filter(
        (d) => d.code === 'lbcap/connection-reset',
      );
      assert.deepStrictEqual(reset.map(messageOf), [
        '1 connection to 10.120.65.32:80 reset: 1 reset after 4 packets (cut off, not refused). Reset by 10.120.65.32:80.',
        '1 connection to 10.120.65.32:443 reset: 1 refused (RST instead of SYN-ACK: nothing listens there, or a filter answers for it). Reset by 10.120.65.32:443.',
      ]);
      assert.strictEqual(
        hoverPart(old, 5, 'Reset'),
        '**Reset:** the connection is cut off after 4 packets: it was not refused.',
      );
      assert.strictEqual(
        hoverPart(old, 7, 'Reset'),
        '**Reset:** the connection is refused: this RST answers its SYN (nothing listens there, or a filter answers for it).',
      );
    });
  });

  describe('-i any: an interface tcpdump cannot name, and every direction word', () => {
    const any = [
      'tcpdump: listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes',
      '10:00:00.000000 ?     In  IP 198.51.100.9 > 10.0.0.5: ICMP echo request, id 1, seq 1, length 64',
      '10:00:00.000100 eth0  Out IP 10.0.0.5 > 198.51.100.9: ICMP echo reply, id 1, seq 1, length 64',
      '10:00:00.100000 eth0  B   IP 10.0.0.7.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 00:11:22:33:44:55, length 300',
      '10:00:00.200000 eth1  M   IP 10.0.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 1, prio 100, authtype none, intvl 1s, length 20',
      '10:00:00.300000 eth1  P   IP 10.0.0.8 > 10.0.0.9: ICMP echo request, id 2, seq 1, length 64',
      '10:00:00.400000 ?     ?   IP 10.0.0.8 > 10.0.0.9: ICMP echo request, id 3, seq 1, length 64',
      // tcpdump 4.9 prints the mark alone, right-aligned in three columns.
      '10:00:00.500000   B IP 10.0.0.7.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 00:11:22:33:44:55, length 300',
      '10:00:00.600000 ifindex 3 (eth2) Out IP 10.0.0.5 > 10.0.0.6: ICMP echo request, id 4, seq 1, length 64',
    ].join('\n');

    it('reads each packet with its direction, where the dump names the interface, and what B, M and P mean', () => {
      assert.deepStrictEqual(readingsOf(any), {
        dialect: 'tcpdump',
        copies: [
          '2 · icmp · 198.51.100.9 > 10.0.0.5 · in · icmp 8/0 id 1 seq 1',
          '3 · icmp · 10.0.0.5 > 198.51.100.9 · out · via eth0 · icmp 0/0 id 1 seq 1',
          '4 · udp · 10.0.0.7.68 > 255.255.255.255.67 · in · via eth0 · broadcast',
          '5 · vrrpv2 · 10.0.0.1 > 224.0.0.18 · in · via eth1 · multicast',
          '6 · icmp · 10.0.0.8 > 10.0.0.9 · in · via eth1 · other-host · icmp 8/0 id 2 seq 1',
          '7 · icmp · 10.0.0.8 > 10.0.0.9 · icmp 8/0 id 3 seq 1',
          '8 · udp · 10.0.0.7.68 > 255.255.255.255.67 · in · broadcast',
          '9 · icmp · 10.0.0.5 > 10.0.0.6 · out · via eth2 · icmp 8/0 id 4 seq 1',
        ],
        unrecognised: [],
      });
      assert.match(
        hoverOn(any, 4),
        /^\*\*UDP\*\*, received by the balancer on eth0 as a broadcast at 10:00:00\.100000\n/,
      );
      assert.match(
        hoverOn(any, 6),
        /^\*\*ICMP echo request seq 1\*\*, received by the balancer on eth1 as a packet for another host at /,
      );
      assert.match(
        hoverOn(any, 2),
        /^\*\*ICMP echo request seq 1\*\*, received by the balancer at 10:00:00\.000000\n/,
      );
      assert.strictEqual(
        hoverPart(any, 2, 'Answered by'),
        '**Answered by:** line 3, the reply: ICMP echo reply seq 1.',
      );
      assertInspectAgreesWithHover(any);
    });
  });

  describe('encapsulations: the packet carried is the packet, its carriers are shown', () => {
    const carried = [
      // -e: an MPLS label stack, QinQ, PPPoE over a VLAN.
      '10:00:01.000000 00:01:c9:74:4c:1b > 00:0e:38:84:38:1b, ethertype MPLS unicast (0x8847), length 122: MPLS (label 16, exp 0, ttl 255) (label 20, exp 0, [S], ttl 255) 192.168.31.1 > 192.168.91.1: ICMP echo request, id 74, seq 0, length 80',
      '10:00:01.000300 00:0e:38:84:38:1b > 00:01:c9:74:4c:1b, ethertype MPLS unicast (0x8847), length 118: MPLS (label 20, exp 0, [S], ttl 62) 192.168.91.1 > 192.168.31.1: ICMP echo reply, id 74, seq 0, length 80',
      '10:00:02.000000 00:20:d2:5a:fb:3f > 00:80:ea:81:88:63, ethertype 802.1Q-QinQ (0x88a8), length 80: vlan 200, p 0, ethertype 802.1Q (0x8100), vlan 2001, p 0, ethertype IPv4 (0x0800), 172.21.79.97.40000 > 172.21.79.100.53: 1+ A? example.com. (29)',
      '10:00:03.000000 a2:df:d1:ed:e9:d5 > 4a:c7:d4:1b:83:a1, ethertype 802.1Q (0x8100), length 130: vlan 100, p 0, ethertype PPPoE S, PPPoE  [ses 0x18] IP (0x0021), length 102: (tos 0xb8, ttl 255, id 34917, offset 0, flags [none], proto ICMP (1), length 100)',
      '    172.20.2.11 > 192.0.2.10: ICMP echo request, id 92, seq 0, length 80',
      // -v: IP in IP, GRE, VXLAN (whose carried packet comes on the next line, unindented).
      '10:00:04.000000 IP (tos 0x0, ttl 255, id 14271, offset 0, flags [DF], proto IPIP (4), length 104)',
      '    172.16.10.2 > 152.16.10.2: IP (tos 0x0, ttl 64, id 23058, offset 0, flags [DF], proto ICMP (1), length 84)',
      '    192.168.50.1 > 192.168.50.2: ICMP echo request, id 34685, seq 1, length 64',
      '10:00:05.000000 IP (tos 0x0, ttl 58, id 49534, offset 0, flags [DF], proto GRE (47), length 108)',
      '    198.51.100.4 > 203.0.113.8: GREv0, Flags [key present], key=0x64, length 88',
      '\tIP (tos 0x0, ttl 64, id 24639, offset 0, flags [DF], proto TCP (6), length 60)',
      '    10.0.10.1.40001 > 10.0.20.1.443: Flags [S], cksum 0x1f2e (correct), seq 3000000001, win 64240, length 0',
      '10:00:06.000000 IP 172.27.16.16.43908 > 172.27.0.11.4789: VXLAN, flags [I] (0x08), vni 4097',
      'IP 10.1.1.7.34786 > 11.1.1.12.irdmi: Flags [S], seq 2425839577, win 28200, length 0',
      // Without -v GRE carries its packet on the same line; with nothing carried it stays GRE.
      '10:00:07.000000 IP 10.0.0.1 > 10.0.0.2: GREv0, length 88: IP 192.168.1.1 > 192.168.2.1: ICMP echo request, id 1, seq 1, length 64',
      '10:00:07.000400 IP 10.0.0.2 > 10.0.0.1: GREv0, length 88: IP 192.168.2.1 > 192.168.1.1: ICMP echo reply, id 1, seq 1, length 64',
      '10:00:08.000000 IP 10.0.0.1 > 10.0.0.2: GREv0, length 40',
    ].join('\n');

    it('reads the innermost packet: its addresses, protocol and ports, with the layers it was carried in', () => {
      assert.deepStrictEqual(readingsOf(carried), {
        dialect: 'tcpdump',
        copies: [
          '1 · icmp · 192.168.31.1 > 192.168.91.1 · icmp 8/0 id 74 seq 0 · in mpls 16/20',
          '2 · icmp · 192.168.91.1 > 192.168.31.1 · icmp 0/0 id 74 seq 0 · in mpls 20',
          '3 · udp · 172.21.79.97.40000 > 172.21.79.100.53 · in vlan 200 · in vlan 2001',
          '4-5 · icmp · 172.20.2.11 > 192.0.2.10 · id 34917 · icmp 8/0 id 92 seq 0 · in vlan 100 · in pppoe 0x18',
          '6-8 · icmp · 192.168.50.1 > 192.168.50.2 · id 23058 · icmp 8/0 id 34685 seq 1 · in ip-in-ip 172.16.10.2 > 152.16.10.2 id 14271',
          '9-12 · tcp · 10.0.10.1.40001 > 10.0.20.1.443 · id 24639 · [S] seq 3000000001 len 0 · in gre 0x64 198.51.100.4 > 203.0.113.8 id 49534',
          '13-14 · tcp · 10.1.1.7.34786 > 11.1.1.12.8000 · [S] seq 2425839577 len 0 · in vxlan 4097 172.27.16.16.43908 > 172.27.0.11.4789',
          '15 · icmp · 192.168.1.1 > 192.168.2.1 · icmp 8/0 id 1 seq 1 · in gre 10.0.0.1 > 10.0.0.2',
          '16 · icmp · 192.168.2.1 > 192.168.1.1 · icmp 0/0 id 1 seq 1 · in gre 10.0.0.2 > 10.0.0.1',
          '17 · gre · 10.0.0.1 > 10.0.0.2',
        ],
        unrecognised: [],
      });
    });

    it('makes flows and answers of the carried packets, and shows the carriers in the hover', () => {
      assert.strictEqual(
        hoverPart(carried, 15, 'Answered by'),
        '**Answered by:** line 16, the reply: ICMP echo reply seq 1.',
      );
      assert.match(
        hoverOn(carried, 15),
        /\n\*\*Flow \d+:\*\* ICMP echo id 1 192\.168\.1\.1 ↔ 192\.168\.2\.1: 2 packets \(1 forward, 1 back\), lines 15–16\.\n/,
      );
      assert.strictEqual(
        hoverPart(carried, 9, 'Carried in'),
        '**Carried in:** GRE 198.51.100.4 → 203.0.113.8 key 0x64 (IP id 49534). The packet inside is what its flow, pairing and findings are about.',
      );
      assert.strictEqual(
        hoverPart(carried, 1, 'Carried in'),
        '**Carried in:** MPLS labels 16, 20. The packet inside is what its flow, pairing and findings are about.',
      );
      assert.strictEqual(
        hoverPart(carried, 3, 'Carried in'),
        '**Carried in:** VLAN 2001, in VLAN 200. The packet inside is what its flow, pairing and findings are about.',
      );
      assert.strictEqual(
        hoverPart(carried, 4, 'Carried in'),
        '**Carried in:** PPPoE session 0x18, in VLAN 100. The packet inside is what its flow, pairing and findings are about.',
      );
      assert.strictEqual(
        hoverPart(carried, 13, 'Carried in'),
        '**Carried in:** VXLAN VNI 4097 in UDP 172.27.16.16:43908 → 172.27.0.11:4789. The packet inside is what its flow, pairing and findings are about.',
      );
      assert.strictEqual(hoverPart(carried, 17, 'Carried in'), undefined);
      // The SYN inside GRE is the connection nobody accepts, not the tunnel.
      assert.ok(codesOf(captureDocument(carried)).includes('lbcap/syn-without-syn-ack@9'));
      assertInspectAgreesWithHover(carried);
    });
  });

  describe('a reply is never a copy', () => {
    it('takes ESP with the same SPI and sequence coming back for a second packet, not a copy: no one-way ESP', () => {
      // A peer that uses one SPI both ways: the same SPI and sequence number, addresses swapped.
      const both = [
        '10:00:00.000000 IP 192.0.2.10 > 198.51.100.20: ESP(spi=0x0000abcd,seq=0x1), length 120',
        '10:00:00.020000 IP 198.51.100.20 > 192.0.2.10: ESP(spi=0x0000abcd,seq=0x1), length 120',
        '10:00:01.000000 IP 192.0.2.10 > 198.51.100.20: ESP(spi=0x0000abcd,seq=0x2), length 120',
        '10:00:01.020000 IP 198.51.100.20 > 192.0.2.10: ESP(spi=0x0000abcd,seq=0x2), length 120',
      ].join('\n');
      assert.deepStrictEqual(codesOf(captureDocument(both)), []);
      assert.strictEqual(hoverPart(both, 1, 'Other copy'), undefined);
      assert.strictEqual(
        hoverPart(both, 1, 'Answered by'),
        '**Answered by:** line 2, the reply: ESP spi 0x0000abcd seq 0x1.',
      );
      assert.deepStrictEqual(
        [...records(both).values()].map((r) => r.pairedWith),
        [undefined, undefined, undefined, undefined],
      );
      assertInspectAgreesWithHover(both);
    });

    it('still pairs a copy across a NAT, which keeps one end, even when the dump marks directions', () => {
      const nat = [
        '10:00:00.000000 eth1  In  IP 10.1.1.254 > 198.51.100.20: ESP(spi=0x0000abcd,seq=0x1), length 120',
        '10:00:00.000050 eth0  Out IP 203.0.113.5 > 198.51.100.20: ESP(spi=0x0000abcd,seq=0x1), length 120',
        '10:00:00.020000 eth0  In  IP 198.51.100.20 > 203.0.113.5: ESP(spi=0x0000abcd,seq=0x1), length 120',
      ].join('\n');
      assert.deepStrictEqual(
        [...records(nat).values()].map((r) => r.pairedWith),
        [2, 1, undefined],
      );
      assert.strictEqual(
        hoverPart(nat, 1, 'Translation'),
        '**Translation:** source `10.1.1.254` became `203.0.113.5` (source NAT).',
      );
      assertInspectAgreesWithHover(nat);
    });
  });

  describe('a connection cut off is not a connection refused', () => {
    it('says "reset after N packets" for an RST after data, even when the dump misses the SYN-ACK', () => {
      const cut = [
        '10:00:00.000000 IP 192.0.2.7.40001 > 203.0.113.10.443: Flags [S], seq 3000000001, win 64240, length 0',
        // The SYN-ACK took another path: the dump never shows it.
        '10:00:00.000500 IP 192.0.2.7.40001 > 203.0.113.10.443: Flags [.], ack 1, win 502, length 0',
        '10:00:00.000600 IP 192.0.2.7.40001 > 203.0.113.10.443: Flags [P.], seq 1:101, ack 1, win 502, length 100',
        '10:00:00.090000 IP 203.0.113.10.443 > 192.0.2.7.40001: Flags [R.], seq 1, ack 101, win 0, length 0',
      ].join('\n');
      assert.deepStrictEqual(
        diagnosticsOf(captureDocument(cut)).map((d) => `${String(d.code)}: ${messageOf(d)}`),
        [
          'lbcap/connection-reset: 1 connection to 203.0.113.10:443 reset: 1 reset after 3 packets (cut off, not refused). Reset by 203.0.113.10:443.',
        ],
      );
      assert.strictEqual(
        hoverPart(cut, 4, 'Reset'),
        '**Reset:** the connection is cut off after 3 packets: it was not refused.',
      );
    });
  });

  describe('lines in no known form', () => {
    it('still yields the addresses and protocol a line shows, and counts the rest in one finding per run', () => {
      const odd = [
        '@23047990 i( 1, 100, 10109)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x7eb7fb45 seq=0x1a',
        '@23047991 i( 1, 100, 1010a)> arp 10.1.1.254 > 10.1.1.1 who-has',
        '@23047992 o( 6, 0, 1010b)> ip6 2001:db8::1 > 2001:db8::2 ipv6-icmp type=128',
        '@23047993 o( 6, 0, 1010c)> ipx 0000.0001 > 0000.0002',
        'pasted from the ticket',
        'and a second line of it',
        '@23047994 i( 1, 100, 1010d)> ip',
      ].join('\n');
      assert.deepStrictEqual(readingsOf(odd), {
        dialect: 'axdebug',
        copies: [
          '1 · esp · 10.1.1.254 > 203.0.113.9 · in · esp 0x7eb7fb45 0x1a',
          '2 · arp · 10.1.1.254 > 10.1.1.1 · in',
          '3 · ipv6-icmp · 2001:db8::1 > 2001:db8::2 · out',
          '4 · ipx · out',
        ],
        unrecognised: ['5-7'],
      });
      assert.deepStrictEqual(
        diagnosticsOf(captureDocument(odd))
          .filter((d) => d.code === 'lbcap/unrecognised-lines')
          .map((d) => `${d.range.start.line + 1}: ${messageOf(d)}`),
        [
          '5: 3 lines (5–7) are not understood as axdebug packets or capture commands; they are left out of the analysis.',
        ],
      );
      assert.match(
        hoverOn(odd, 2),
        /^\*\*ARP\*\*, received by the balancer on port 1\n\n`10\.1\.1\.254 → 10\.1\.1\.1`/,
      );
      assertInspectAgreesWithHover(odd);
    });
  });
});
