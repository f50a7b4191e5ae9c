// The tcpdump dialect: every packet of the tcpdump project's own test outputs, every time stamp
// form, -e link headers, -i any directions, -v packets over several lines with the packet an ICMP
// error quotes, IPv6, ARP, ESP, ESP in UDP, ISAKMP and IKEv2, F5's direction and virtual server
// suffix, and the lines tcpdump prints around its packets.
import * as assert from 'assert';
import { parseCapture } from '../../../server/src/service/capture/reading/parser';
import { fixture } from '../support';
import { readingsOf } from './support';

describe('tcpdump dialect', () => {
  it('reads every time stamp form, with and without -# packet numbers', () => {
    const text = [
      'IP 10.0.0.1.51000 > 10.0.0.2.443: Flags [S], seq 100, win 64240, length 0',
      '1424744580.757048 IP 10.0.0.2.443 > 10.0.0.1.51000: Flags [S.], seq 200, ack 101, win 65160, length 0',
      ' 00:00:00.000031 IP 10.0.0.1.51000 > 10.0.0.2.443: Flags [.], ack 1, win 502, length 0',
      '2015-02-24 02:23:00.757105 IP 10.0.0.1.51000 > 10.0.0.2.443: Flags [P.], seq 1:518, ack 1, win 502, length 517',
      '    5  02:23:00.757106 IP 10.0.0.2.443 > 10.0.0.1.51000: Flags [F.], seq 1, ack 518, win 501, length 0',
      '    6  IP 10.0.0.1.51000 > 10.0.0.2.443: Flags [R], seq 518, win 0, length 0',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text), {
      dialect: 'tcpdump',
      copies: [
        '1 · tcp · 10.0.0.1.51000 > 10.0.0.2.443 · [S] seq 100 len 0',
        '2 · tcp · 10.0.0.2.443 > 10.0.0.1.51000 · [S.] seq 200 ack 101 len 0',
        '3 · tcp · 10.0.0.1.51000 > 10.0.0.2.443 · [.] ack 1 len 0',
        '4 · tcp · 10.0.0.1.51000 > 10.0.0.2.443 · [P.] seq 1 ack 1 len 517',
        '5 · tcp · 10.0.0.2.443 > 10.0.0.1.51000 · [F.] seq 1 ack 518 len 0',
        '6 · tcp · 10.0.0.1.51000 > 10.0.0.2.443 · [R] seq 518 len 0',
      ],
      unrecognised: [],
    });
  });

  it('reads -e link headers (802.1Q tags too), -i any In/Out and F5 in/out with the virtual server', () => {
    const text = [
      '02:23:01.000000 00:50:56:aa:bb:cc > 00:50:56:dd:ee:ff, ethertype 802.1Q (0x8100), length 102: vlan 100, p 0, ethertype IPv4 (0x0800), 192.0.2.10 > 198.51.100.20: ICMP echo request, id 9, seq 3, length 64',
      '02:23:01.000100 In IP 198.51.100.20 > 192.0.2.10: ICMP echo reply, id 9, seq 3, length 64',
      '02:23:01.000200 Out 00:50:56:aa:bb:cc ethertype IPv4 (0x0800), length 100: 192.0.2.10 > 198.51.100.99: ICMP echo request, id 10, seq 1, length 64',
      '02:23:01.000300 eth1  In  IP 10.1.1.254.500 > 203.0.113.9.500: isakmp: phase 1 I ident',
      '12:00:03.000030 IP 198.51.100.7.2614 > 192.0.2.80.443: Flags [S], seq 1000, win 64240, length 0 out slot1/tmm1 lis=/Common/web',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text).copies, [
      '1 · icmp · 192.0.2.10 > 198.51.100.20 · icmp 8/0 id 9 seq 3 · in vlan 100',
      '2 · icmp · 198.51.100.20 > 192.0.2.10 · in · icmp 0/0 id 9 seq 3',
      '3 · icmp · 192.0.2.10 > 198.51.100.99 · out · icmp 8/0 id 10 seq 1',
      '4 · udp · 10.1.1.254.500 > 203.0.113.9.500 · in · via eth1 · ike v1 phase 1 ident I',
      '5 · tcp · 198.51.100.7.2614 > 192.0.2.80.443 · out · via slot1/tmm1 · vs /Common/web · [S] seq 1000 len 0',
    ]);
  });

  it('reads F5 :nn/:nnn words after the virtual server (flow ids, reset cause, peer flow), whatever the name holds', () => {
    const text = [
      '12:00:03.000001 IP 10.1.1.10.51000 > 192.0.2.80.443: Flags [S], seq 1000, win 64240, length 0 in slot2/tmm3 lis=/Common/tmm_web flowtype=64 flowid=56000000B200 peerid=5600000AB300 conflags=100200 inslot=19 inport=23 haunit=1 priority=3 peerremote=10.20.0.5 peerlocal=10.20.0.245%2 remoteport=8443 localport=40123 proto=6 vlan=4093',
      '12:00:03.100000 IP 192.0.2.80.443 > 10.1.1.10.51000: Flags [R.], seq 0, ack 1001, win 0, length 0 out slot1/tmm0 lis=/Common/web port=1.1 trunk= flowid=A1 peerid=0 rstcause="[0x2d4a8c:3034] No local listener"',
    ].join('\n');
    const copies = parseCapture(text).copies;
    assert.deepStrictEqual(
      copies.map((c) => [c.direction, c.via, c.virtualServer, c.f5]),
      [
        [
          'in',
          'slot2/tmm3',
          '/Common/tmm_web',
          {
            flowId: '56000000B200',
            peerId: '5600000AB300',
            peer: {
              protocol: 6,
              remote: '10.20.0.5',
              remotePort: 8443,
              local: '10.20.0.245%2',
              localPort: 40123,
              vlan: 4093,
            },
          },
        ],
        [
          'out',
          'slot1/tmm0',
          '/Common/web',
          {
            port: '1.1',
            trunk: '',
            flowId: 'A1',
            peerId: '0',
            resetCause: '[0x2d4a8c:3034] No local listener',
          },
        ],
      ],
    );
  });

  it('reads a -v packet over its lines, the IP id from its header, and F5 marks on the header line', () => {
    const text = [
      '02:23:03.200000 IP (tos 0x0, ttl 64, id 5150, offset 0, flags [DF], proto TCP (6), length 60) in slot1/tmm1 lis=/Common/web_vs',
      '    10.0.0.1.40000 > 10.0.0.2.80: Flags [S], cksum 0x1234 (correct), seq 4000000000, win 29200, length 0',
      '02:23:03.300000 IP6 (flowlabel 0x1, hlim 64, next-header UDP (17) payload length: 48) 2001:db8::1.500 > 2001:db8::2.500: [udp sum ok] isakmp 2.0 msgid 00000000: parent_sa ikev2_init[I]:',
      '    (sa: len=116',
      '        (p: #1 protoid=isakmp transform=12))',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text).copies, [
      '1-2 · tcp · 10.0.0.1.40000 > 10.0.0.2.80 · in · via slot1/tmm1 · vs /Common/web_vs · id 5150 · [S] seq 4000000000 len 0',
      '3-5 · udp · 2001:db8::1.500 > 2001:db8::2.500 · ike v2 phase 1 ikev2_init I',
    ]);
  });

  it('reads the packet an ICMP error quotes: the whole header with -v, the destination and port without', () => {
    const text = [
      '02:23:02.000000 IP 203.0.113.1 > 192.0.2.10: ICMP 198.51.100.99 udp port 500 unreachable, length 36',
      '02:23:02.100000 IP 203.0.113.1 > 192.0.2.10: ICMP 198.51.100.99 unreachable - need to frag (mtu 1400), length 556',
      '02:23:02.200000 IP 203.0.113.1 > 192.0.2.10: ICMP host 198.51.100.99 unreachable - admin prohibited filter, length 36',
      '02:23:02.300000 IP 203.0.113.1 > 192.0.2.10: ICMP net 198.51.0.0 unreachable, length 36',
      '02:23:02.400000 IP 203.0.113.1 > 192.0.2.10: ICMP 198.51.100.99 protocol 50 unreachable, length 36',
      '02:23:02.500000 IP6 2001:db8::1 > 2001:db8::2: ICMP6, destination unreachable, unreachable port, 2001:db8::2 udp port 4500, length 56',
      '02:23:02.600000 IP6 2001:db8::9 > 2001:db8::1: ICMP6, packet too big, mtu 1280, length 1240',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text).copies, [
      '1 · icmp · 203.0.113.1 > 192.0.2.10 · icmp 3/3 quotes udp 198.51.100.99.500',
      '2 · icmp · 203.0.113.1 > 192.0.2.10 · icmp 3/4 mtu 1400 quotes ? 198.51.100.99',
      '3 · icmp · 203.0.113.1 > 192.0.2.10 · icmp 3/13 quotes ? 198.51.100.99',
      '4 · icmp · 203.0.113.1 > 192.0.2.10 · icmp 3/0 quotes ? 198.51.0.0',
      '5 · icmp · 203.0.113.1 > 192.0.2.10 · icmp 3/2 quotes esp 198.51.100.99',
      '6 · icmp6 · 2001:db8::1 > 2001:db8::2 · icmp 3/3 quotes udp 2001:db8::2.4500',
      '7 · icmp6 · 2001:db8::9 > 2001:db8::1 · icmp 3/4 mtu 1280',
    ]);
    assert.deepStrictEqual(readingsOf(fixture('capture/tcpdump-icmp-rfc5837.out')).copies, [
      '1-10 · icmp · 10.4.0.2 > 12.4.4.4 · id 59168 · icmp 11/0 quotes udp 12.4.4.4.42315 > 12.1.1.1.33440 id 42321',
    ]);
  });

  it("reads every packet of tcpdump's ESP, ESP-in-UDP and ISAKMP test outputs", () => {
    assert.deepStrictEqual(readingsOf(fixture('capture/tcpdump-esp0.out')).copies.slice(0, 2), [
      '1 · esp · 192.1.2.23 > 192.1.2.45 · esp 0x12345678 0x1',
      '2 · esp · 192.1.2.23 > 192.1.2.45 · esp 0x12345678 0x2',
    ]);
    assert.strictEqual(readingsOf(fixture('capture/tcpdump-esp0.out')).copies.length, 8);
    // The packet inside ESP (esp5: decrypted) is not another packet: the outer addresses count.
    assert.deepStrictEqual(
      readingsOf(fixture('capture/tcpdump-esp5.out')).copies.at(-1),
      '8 · esp · 192.1.2.23 > 192.1.2.45 · esp 0xd1234567 0x8',
    );
    assert.deepStrictEqual(readingsOf(fixture('capture/tcpdump-espudp1.out')).copies.slice(0, 2), [
      '1 · udp · 192.1.2.23.4500 > 192.1.2.45.4500 · esp 0x12345678 0x1 in udp',
      '2 · udp · 192.1.2.23.4500 > 192.1.2.45.4500 · esp 0x12345678 0x2 in udp',
    ]);
    const isakmp = readingsOf(fixture('capture/tcpdump-isakmp4.out'));
    assert.deepStrictEqual(isakmp.unrecognised, []);
    assert.deepStrictEqual(
      [0, 1, 2, 3, 6, 8, 11, 17, 34].map((i) => isakmp.copies[i]),
      [
        '1 · arp · 192.1.2.254 > 192.1.2.23 · arp request',
        '2 · arp · 192.1.2.23 >  · arp reply 10:00:00:64:64:23',
        '3 · udp · 192.1.2.254.500 > 192.1.2.23.500 · ike v1 phase 1 ident I',
        '4 · udp · 192.1.2.23.500 > 192.1.2.254.500 · ike v1 phase 1 ident R',
        '7 · udp · 192.1.2.254.4500 > 192.1.2.23.4500 · ike v1 phase 1 ident I nat-t',
        '9 · udp · 192.1.2.254.4500 > 192.1.2.23.4500 · ike v1 phase 2 oakley-quick I nat-t',
        '12 · udp · 192.1.2.254.4500 > 192.1.2.23.4500 · esp 0xf4dc0ae5 0x1 in udp',
        '18 · udp · 192.1.2.254.4500 > 192.1.2.23.4500 · ike v? phase ? nat-keep-alive - nat-t keepalive',
        '35 · udp · 192.1.2.23.4500 > 192.1.2.254.4500 · ike v1 phase ? inf R nat-t',
      ],
    );
  });

  it('yields the addresses of packets of any other protocol, and a name for those that are not IP', () => {
    const text = [
      '02:23:02.800000 IP 10.0.0.1.1701 > 10.0.0.2.1701: UDP, length 40',
      '02:23:02.900000 IP 10.0.0.1 > 10.0.0.2: ip-proto-89 44',
      '02:23:03.000000 IP 10.0.0.1 > 10.0.0.2: GREv0, length 88: IP 192.168.1.1 > 192.168.2.1: ICMP echo request, id 1, seq 1, length 64',
      '02:23:03.050000 IP 10.0.0.1 > 10.0.0.2: AH(spi=0x00001000,sumlen=16,seq=0x1): ESP(spi=0x00000002,seq=0x1), length 100',
      '02:23:03.100000 IP 10.2.2.2.53 > 10.2.2.9.40000: 1234 1/0/0 A 192.0.2.7 (45)',
      '02:23:03.150000 IP 10.0.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 1, prio 100, authtype none, intvl 1s, length 20',
      '02:23:03.200000 IP host.example.com.https > 10.0.0.5.50500: Flags [R], seq 1, win 0, length 0',
      '02:23:03.300000 IP 183.62.*.*.2614 > 192.168.0.108.1521: Flags [S], seq 2000000, win 29200, length 0',
      '02:23:03.400000 ARP, Request who-has 10.0.0.9 (ff:ff:ff:ff:ff:ff) tell 10.0.0.9, length 28',
      '\t0x0000:  0001 0800 0604 0001 0050 56aa bbcc 0a00',
      '02:23:03.500000 STP 802.1w, Rapid STP, Flags [Learn, Forward], bridge-id 8000.00:50:56:aa:bb:cc.8001, length 43',
      '02:23:03.600000 IP6 fe80::1 > ff02::1: ICMP6, router advertisement, length 64',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text).copies, [
      '1 · udp · 10.0.0.1.1701 > 10.0.0.2.1701',
      '2 · ip-proto-89 · 10.0.0.1 > 10.0.0.2',
      // The packet GRE carries is the packet (issue 16); the tunnel is a layer of it.
      '3 · icmp · 192.168.1.1 > 192.168.2.1 · icmp 8/0 id 1 seq 1 · in gre 10.0.0.1 > 10.0.0.2',
      '4 · ah · 10.0.0.1 > 10.0.0.2 · ah 0x00001000 0x1',
      '5 · udp · 10.2.2.2.53 > 10.2.2.9.40000',
      '6 · vrrpv2 · 10.0.0.1 > 224.0.0.18',
      '7 · tcp · host.example.com.443 > 10.0.0.5.50500 · [R] seq 1 len 0',
      '8 · tcp · 183.62.*.*.2614 > 192.168.0.108.1521 · [S] seq 2000000 len 0',
      '9-10 · arp · 10.0.0.9 > 10.0.0.9 · arp request',
      '11 · stp',
      '12 · icmp6 · fe80::1 > ff02::1 · icmp 134/0',
    ]);
  });

  it('reads the layer after IPv6 extension headers, with the ports TCP and UDP print alone after them', () => {
    // tcpdump's own test ipv6-routing-header (-v): a routing header before ICMPv6 and UDP.
    assert.deepStrictEqual(readingsOf(fixture('capture/tcpdump-ipv6-routing-header.out')).copies, [
      '1 · icmp6 · 2200::244:212:3fff:feae:22f7 > 2200::240:2:0:0:4 · icmp 8/0 seq 0',
      '2 · icmp6 · 2200::244:212:3fff:feae:22f7 > 2200::211:2:0:0:2 · icmp 8/0 seq 0',
      '3 · udp · 2200::244:212:3fff:feae:22f7.5645 > 2200::240:2:0:0:4.5642',
      '4 · udp · 2200::244:212:3fff:feae:22f7.5645 > 2200::211:2:0:0:2.5642',
    ]);
    // A fragment header, as print-frag6.c writes it (-v: with the identification): the first
    // fragment carries the layer (ESP, IKE, ICMPv6), a later one nothing more.
    const text = [
      '22:09:44.556452 IP6 2001:db8:ffff::1 > 2001:db8:ffff:1::1: frag (0|1232) ESP(spi=0x00000001,seq=0xdd), length 1232',
      '22:09:44.566269 IP6 2001:db8:ffff::1 > 2001:db8:ffff:1::1: frag (1232|100)',
      '22:09:45.000001 IP6 (hlim 64, next-header Fragment (44) payload length: 1240) 2001:db8::1 > 2001:db8::2: frag (0x0000002a:0|1232) 500 > 500: isakmp 2.0 msgid 00000001: child_sa  ikev2_auth[I]:',
      '22:09:45.100000 IP6 2001:db8::2 > 2001:db8::1: frag (0|1448)  ICMP6, echo reply, id 7, seq 1, length 1448',
      '22:09:45.300000 IP6 (hlim 64, next-header Options (0) payload length: 40) 2001:db8::1 > 2001:db8::2: HBH (padn) 51000 > https: Flags [S], seq 1, win 65535, length 0',
      // tcpdump's test babel1 (older tcpdump, no -v): the hop-by-hop header named alone.
      'IP6 fe80::68d3:1235:d068:1f9e > ff02::16: HBH ICMP6, multicast listener report v2, 2 group record(s), length 48',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text).copies, [
      '1 · esp · 2001:db8:ffff::1 > 2001:db8:ffff:1::1 · esp 0x00000001 0xdd',
      '2 · frag · 2001:db8:ffff::1 > 2001:db8:ffff:1::1',
      '3 · udp · 2001:db8::1.500 > 2001:db8::2.500 · ike v2 phase 1 ikev2_auth I',
      '4 · icmp6 · 2001:db8::2 > 2001:db8::1 · icmp 0/0 id 7 seq 1',
      '5 · tcp · 2001:db8::1.51000 > 2001:db8::2.443 · [S] seq 1 len 0',
      '6 · icmp6 · fe80::68d3:1235:d068:1f9e > ff02::16 · icmp 255/0', // a type the reader does not name
    ]);
  });

  it("keeps a payload's lines with the packet over the lone tab tcpdump prints for an empty one (tcpdump whois-v)", () => {
    const read = readingsOf(fixture('capture/tcpdump-whois-v.out'));
    assert.deepStrictEqual(read.copies, [
      '1-13 · tcp · 192.0.47.59.43 > 10.0.2.15.44188 · id 18527 · [P.] seq 1 ack 14 len 233',
      '14-15 · tcp · 10.0.2.15.44188 > 192.0.47.59.43 · id 32396 · [.] ack 234 len 0',
    ]);
    assert.deepStrictEqual(read.unrecognised, []);
  });

  it("reads AH's SPI and sequence also where newer tcpdump -v opens with the header's length (tcpdump heapoverflow-ip_demux_print)", () => {
    assert.deepStrictEqual(
      readingsOf(fixture('capture/tcpdump-heapoverflow-ip_demux_print.out')).copies,
      ['1-2 · ah · 48.48.48.48 > 48.48.48.48 · id 12336 · ah 0x30303030 0x30303030'],
    );
  });

  it('passes over the lines tcpdump and a shell print around a capture, and groups the rest', () => {
    const text = [
      '[root@bigip1:Active:Standalone] config # tcpdump -nni 0.0:nnn host 203.0.113.9',
      'tcpdump: verbose output suppressed, use -v or -vv for full protocol decode',
      'listening on 0.0:nnn, link-type EN10MB (Ethernet), capture size 65535 bytes',
      '12:00:02.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132',
      'pasted from the ticket',
      'and another line',
      '^C',
      '1 packet captured',
      '1 packet received by filter',
      '0 packets dropped by kernel',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text), {
      dialect: 'tcpdump',
      copies: ['4 · esp · 10.1.1.254 > 203.0.113.9 · esp 0x50a5abe3 0x1'],
      unrecognised: ['5-6'],
    });
  });

  it('recognises the dialect from the content: once tcpdump, axdebug lines are not packets', () => {
    const text = [
      '12:00:02.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132',
      '@1 i( 1, 100, a1)> ip 10.1.1.254 > 203.0.113.9 esp spi=0x1 seq=0x1',
    ].join('\n');
    assert.deepStrictEqual(readingsOf(text), {
      dialect: 'tcpdump',
      copies: ['1 · esp · 10.1.1.254 > 203.0.113.9 · esp 0x50a5abe3 0x1'],
      unrecognised: ['2'],
    });
    assert.strictEqual(readingsOf('nothing here\nat all').dialect, undefined);
  });

  it('does not take a long or binary line for a packet', () => {
    for (const line of [
      '12:00:00.000001 IP ' + 'a'.repeat(100_000) + ' > b: x',
      '\u0000\u0001 IP',
      '12:00 meeting notes',
      '10:30:00 IP is a protocol',
    ]) {
      assert.deepStrictEqual(readingsOf(line).copies, [], line.slice(0, 40));
    }
  });
});
