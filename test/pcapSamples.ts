// One frame of every kind the binary capture reader takes: each link type, IPv4 (fragments too),
// IPv6 with extension headers, TCP, UDP, ICMP and its errors, ICMPv6, ESP, AH, GRE, ISAKMP and
// IKEv2 on 500 and behind the non-ESP marker on 4500, ESP in UDP, the NAT-T keepalive, ARP.
import {
  ACK,
  ah,
  ARP,
  arp,
  bytes,
  esp,
  ethernet,
  gre,
  icmp,
  IPV4,
  ipv4,
  IPV6,
  ipv6,
  isakmp,
  LINKTYPE,
  nullLoopback,
  PSH,
  RST,
  sll,
  sll2,
  SYN,
  tcp,
  u16,
  udp,
} from './pcapFiles';

/** A frame and the link type it is written for. */
export interface SampleFrame {
  readonly name: string;
  readonly linkType: number;
  readonly data: Uint8Array;
}

const COOKIE = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
const RESPONDER = [0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01];

const syn = ipv4({
  src: '10.1.1.10',
  dst: '203.0.113.80',
  protocol: 6,
  id: 4001,
  dontFragment: true,
  payload: tcp({ srcPort: 51000, dstPort: 443, seq: 1000, flags: SYN }),
});
const quotedUdp = ipv4({
  src: '198.51.100.7',
  dst: '192.0.2.53',
  protocol: 17,
  id: 777,
  payload: udp(33000, 53, bytes(1, 2, 3, 4)),
});

/** Every sample frame. */
export const SAMPLE_FRAMES: readonly SampleFrame[] = [
  { name: 'Ethernet TCP SYN', linkType: LINKTYPE.ETHERNET, data: ethernet(IPV4, syn) },
  {
    name: 'Ethernet TCP data',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '203.0.113.80',
        dst: '10.1.1.10',
        protocol: 6,
        id: 4002,
        payload: tcp({
          srcPort: 443,
          dstPort: 51000,
          seq: 9000,
          ack: 1001,
          flags: PSH | ACK,
          payload: new Uint8Array(100),
        }),
      }),
    ),
  },
  {
    name: '802.1Q TCP RST',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '192.0.2.10',
        dst: '192.0.2.20',
        protocol: 6,
        id: 5,
        payload: tcp({ srcPort: 80, dstPort: 40000, seq: 7, ack: 8, flags: RST | ACK }),
      }),
      { vlans: [100] },
    ),
  },
  {
    name: 'QinQ UDP',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.2.2.2',
        dst: '10.3.3.3',
        protocol: 17,
        id: 6,
        payload: udp(5353, 9999, bytes(1, 2, 3)),
      }),
      { vlans: [200, 300] },
    ),
  },
  {
    name: 'ESP',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '198.51.100.1',
        dst: '203.0.113.9',
        protocol: 50,
        id: 77,
        payload: esp(0x0c0ffee1, 5),
      }),
    ),
  },
  {
    name: 'AH',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '198.51.100.1',
        dst: '203.0.113.9',
        protocol: 51,
        id: 78,
        payload: ah(0x1000, 3, 6, tcp({ srcPort: 1, dstPort: 2, flags: SYN })),
      }),
    ),
  },
  {
    name: 'GRE',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 47, id: 79, payload: gre(0x0800, syn) }),
    ),
  },
  {
    name: 'IKEv1 main mode on 500, initiator',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.1.1.254',
        dst: '203.0.113.9',
        protocol: 17,
        id: 80,
        payload: udp(500, 500, isakmp({ initiatorCookie: COOKIE, version: 0x10, exchange: 2 })),
      }),
    ),
  },
  {
    name: 'IKEv1 main mode on 500, responder',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '203.0.113.9',
        dst: '10.1.1.254',
        protocol: 17,
        id: 81,
        payload: udp(
          500,
          500,
          isakmp({
            initiatorCookie: COOKIE,
            responderCookie: RESPONDER,
            version: 0x10,
            exchange: 2,
          }),
        ),
      }),
    ),
  },
  {
    name: 'IKEv1 quick mode behind the non-ESP marker on 4500',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.1.1.254',
        dst: '203.0.113.9',
        protocol: 17,
        id: 82,
        payload: udp(
          4500,
          4500,
          bytes(
            0,
            0,
            0,
            0,
            isakmp({
              initiatorCookie: COOKIE,
              responderCookie: RESPONDER,
              version: 0x10,
              exchange: 32,
              flags: 1,
              messageId: 0x12345678,
            }),
          ),
        ),
      }),
    ),
  },
  {
    name: 'IKEv2 IKE_SA_INIT on 500',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.9.9.9',
        dst: '203.0.113.10',
        protocol: 17,
        id: 83,
        payload: udp(
          500,
          500,
          isakmp({
            initiatorCookie: [1, 2, 3, 4, 5, 6, 7, 8],
            version: 0x20,
            exchange: 34,
            flags: 0x08,
          }),
        ),
      }),
    ),
  },
  {
    name: 'IKEv2 CREATE_CHILD_SA response on 4500',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '203.0.113.10',
        dst: '10.9.9.9',
        protocol: 17,
        id: 84,
        payload: udp(
          4500,
          4500,
          bytes(
            0,
            0,
            0,
            0,
            isakmp({
              initiatorCookie: [1, 2, 3, 4, 5, 6, 7, 8],
              responderCookie: RESPONDER,
              version: 0x20,
              exchange: 36,
              flags: 0x20,
              messageId: 2,
            }),
          ),
        ),
      }),
    ),
  },
  {
    name: 'ESP in UDP on 4500',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.1.1.254',
        dst: '203.0.113.9',
        protocol: 17,
        id: 85,
        payload: udp(4500, 4500, esp(0xdeadbeef, 0x2a)),
      }),
    ),
  },
  {
    name: 'NAT-T keepalive',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.1.1.254',
        dst: '203.0.113.9',
        protocol: 17,
        id: 86,
        payload: udp(4500, 4500, bytes(0xff)),
      }),
    ),
  },
  {
    name: 'ICMP echo request',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '192.0.2.10',
        dst: '198.51.100.20',
        protocol: 1,
        id: 87,
        payload: icmp(8, 0, [...u16(9), ...u16(3)], new Uint8Array(56)),
      }),
    ),
  },
  {
    name: 'ICMP echo reply',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '198.51.100.20',
        dst: '192.0.2.10',
        protocol: 1,
        id: 88,
        payload: icmp(0, 0, [...u16(9), ...u16(3)], new Uint8Array(56)),
      }),
    ),
  },
  {
    name: 'ICMP port unreachable quoting UDP',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '192.0.2.53',
        dst: '198.51.100.7',
        protocol: 1,
        id: 89,
        payload: icmp(3, 3, [0, 0, 0, 0], quotedUdp),
      }),
    ),
  },
  {
    name: 'ICMP need to frag quoting ESP',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '192.0.2.1',
        dst: '198.51.100.1',
        protocol: 1,
        id: 90,
        payload: icmp(
          3,
          4,
          [0, 0, ...u16(1400)],
          ipv4({
            src: '198.51.100.1',
            dst: '203.0.113.9',
            protocol: 50,
            id: 91,
            payload: esp(0x0c0ffee1, 6, 0),
          }),
        ),
      }),
    ),
  },
  {
    name: 'ICMP time exceeded quoting TCP',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '192.0.2.254',
        dst: '10.1.1.10',
        protocol: 1,
        id: 92,
        payload: icmp(11, 0, [0, 0, 0, 0], syn.subarray(0, 28)),
      }),
    ),
  },
  {
    name: 'ICMP host unreachable',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '192.0.2.254',
        dst: '10.1.1.10',
        protocol: 1,
        id: 93,
        payload: icmp(3, 1, [0, 0, 0, 0], syn.subarray(0, 28)),
      }),
    ),
  },
  {
    name: 'IPv4 first fragment',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.4.4.4',
        dst: '10.5.5.5',
        protocol: 17,
        id: 3000,
        moreFragments: true,
        payload: udp(7000, 7001, new Uint8Array(1472)).subarray(0, 1480),
        totalLength: 1500,
      }),
    ),
  },
  {
    name: 'IPv4 later fragment',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV4,
      ipv4({
        src: '10.4.4.4',
        dst: '10.5.5.5',
        protocol: 17,
        id: 3000,
        offset: 1480,
        payload: new Uint8Array(100),
      }),
    ),
  },
  {
    name: 'ARP request',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(ARP, arp(1, [0, 0x50, 0x56, 1, 2, 3], '192.0.2.1', '192.0.2.2')),
  },
  {
    name: 'ARP reply',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(ARP, arp(2, [0, 0x50, 0x56, 4, 5, 6], '192.0.2.2', '192.0.2.1')),
  },
  {
    name: 'IPv6 TCP SYN',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV6,
      ipv6({
        src: '2001:db8::1',
        dst: '2001:db8:0:1::80',
        next: 6,
        flowLabel: 0x12345,
        payload: tcp({ srcPort: 50000, dstPort: 80, seq: 1, flags: SYN }),
      }),
    ),
  },
  {
    name: 'IPv6 UDP behind hop-by-hop and destination options',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV6,
      ipv6({
        src: 'fe80::1',
        dst: 'ff02::16',
        next: 17,
        extensions: [{ type: 0 }, { type: 60 }],
        payload: udp(546, 547, bytes(1, 2)),
      }),
    ),
  },
  {
    name: 'IPv6 first fragment of ESP in UDP',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV6,
      ipv6({
        src: '2001:db8::a',
        dst: '2001:db8::b',
        next: 17,
        extensions: [{ type: 44, more: true, id: 9 }],
        payload: udp(4500, 4500, esp(0x1234, 1)),
      }),
    ),
  },
  {
    name: 'IPv6 ESP',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV6,
      ipv6({ src: '2001:db8::a', dst: '2001:db8::b', next: 50, payload: esp(0x4321, 9) }),
    ),
  },
  {
    name: 'ICMPv6 echo request',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV6,
      ipv6({
        src: '2001:db8::1',
        dst: '2001:db8::2',
        next: 58,
        payload: icmp(128, 0, [...u16(5), ...u16(1)], new Uint8Array(8)),
      }),
    ),
  },
  {
    name: 'ICMPv6 port unreachable',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV6,
      ipv6({
        src: '2001:db8::2',
        dst: '2001:db8::1',
        next: 58,
        payload: icmp(
          1,
          4,
          [0, 0, 0, 0],
          ipv6({
            src: '2001:db8::1',
            dst: '2001:db8::2',
            next: 17,
            payload: udp(40000, 53, bytes(1)),
          }),
        ),
      }),
    ),
  },
  {
    name: 'ICMPv6 neighbor solicitation',
    linkType: LINKTYPE.ETHERNET,
    data: ethernet(
      IPV6,
      ipv6({
        src: 'fe80::1',
        dst: 'ff02::1:ff00:2',
        next: 58,
        hopLimit: 255,
        payload: icmp(135, 0, [0, 0, 0, 0], new Uint8Array(16)),
      }),
    ),
  },
  {
    name: 'Linux cooked v1, received',
    linkType: LINKTYPE.SLL,
    data: sll(
      0,
      IPV4,
      ipv4({
        src: '203.0.113.9',
        dst: '10.1.1.254',
        protocol: 50,
        id: 94,
        payload: esp(0xfeedf00d, 1),
      }),
    ),
  },
  {
    name: 'Linux cooked v1, sent',
    linkType: LINKTYPE.SLL,
    data: sll(
      4,
      IPV4,
      ipv4({
        src: '10.1.1.254',
        dst: '203.0.113.9',
        protocol: 50,
        id: 95,
        payload: esp(0x0badcafe, 1),
      }),
    ),
  },
  {
    name: 'Linux cooked v2, received',
    linkType: LINKTYPE.SLL2,
    data: sll2(
      0,
      IPV4,
      ipv4({
        src: '198.51.100.7',
        dst: '192.0.2.80',
        protocol: 6,
        id: 96,
        payload: tcp({ srcPort: 2614, dstPort: 443, seq: 1000, flags: SYN }),
      }),
    ),
  },
  {
    name: 'Linux cooked v2, sent IPv6',
    linkType: LINKTYPE.SLL2,
    data: sll2(
      4,
      IPV6,
      ipv6({
        src: '2001:db8::80',
        dst: '2001:db8::7',
        next: 6,
        payload: tcp({ srcPort: 443, dstPort: 2614, seq: 5, ack: 1001, flags: SYN | ACK }),
      }),
    ),
  },
  {
    name: 'raw IPv4',
    linkType: LINKTYPE.RAW,
    data: ipv4({
      src: '10.6.6.6',
      dst: '10.7.7.7',
      protocol: 17,
      id: 97,
      payload: udp(123, 123, new Uint8Array(48)),
    }),
  },
  {
    name: 'raw IPv6',
    linkType: LINKTYPE.RAW,
    data: ipv6({
      src: '2001:db8::6',
      dst: '2001:db8::7',
      next: 6,
      payload: tcp({ srcPort: 22, dstPort: 60000, seq: 3, ack: 4, flags: ACK }),
    }),
  },
  {
    name: 'BSD loopback IPv4',
    linkType: LINKTYPE.NULL,
    data: nullLoopback(
      2,
      ipv4({
        src: '127.0.0.1',
        dst: '127.0.0.1',
        protocol: 6,
        id: 98,
        payload: tcp({ srcPort: 6379, dstPort: 35901, seq: 1, ack: 2, flags: ACK }),
      }),
    ),
  },
  {
    name: 'BSD loopback IPv6 (big-endian family)',
    linkType: LINKTYPE.NULL,
    data: nullLoopback(
      30,
      ipv6({ src: '::1', dst: '::1', next: 17, payload: udp(5000, 5001, bytes(9)) }),
      false,
    ),
  },
];

/**
 * A site behind a balancer, captured on every interface (`tcpdump -i any -w`, Linux cooked v2):
 * each packet once received and once sent. IKE leaves translated to 198.51.100.1 and is answered;
 * ESP leaves untranslated (the VIP has no `port 0 others`) and nothing comes back; a TCP
 * connection and a ping are translated and answered.
 */
export function natSiteFrames(): SampleFrame[] {
  const frames: SampleFrame[] = [];
  const both = (
    name: string,
    inside: Uint8Array,
    outside: Uint8Array,
    received: 'inside' | 'outside',
  ): void => {
    const [first, second] = received === 'inside' ? [inside, outside] : [outside, inside];
    frames.push({
      name: `${name}, received`,
      linkType: LINKTYPE.SLL2,
      data: sll2(0, IPV4, first, 2),
    });
    frames.push({ name: `${name}, sent`, linkType: LINKTYPE.SLL2, data: sll2(4, IPV4, second, 3) });
  };
  const ike = (src: string, dst: string, id: number, responder: boolean): Uint8Array =>
    ipv4({
      src,
      dst,
      protocol: 17,
      id,
      payload: udp(
        500,
        500,
        isakmp({
          initiatorCookie: COOKIE,
          ...(responder ? { responderCookie: RESPONDER } : {}),
          version: 0x10,
          exchange: 2,
        }),
      ),
    });
  both(
    'IKE out',
    ike('10.1.1.254', '203.0.113.9', 10, false),
    ike('198.51.100.1', '203.0.113.9', 10, false),
    'inside',
  );
  both(
    'IKE back',
    ike('203.0.113.9', '10.1.1.254', 11, true),
    ike('203.0.113.9', '198.51.100.1', 11, true),
    'outside',
  );
  const espOut = ipv4({
    src: '10.1.1.254',
    dst: '203.0.113.9',
    protocol: 50,
    id: 12,
    payload: esp(0xc0ffee01, 1),
  });
  both('ESP out, untranslated', espOut, espOut, 'inside');
  const syn = (src: string, id: number): Uint8Array =>
    ipv4({
      src,
      dst: '203.0.113.80',
      protocol: 6,
      id,
      dontFragment: true,
      payload: tcp({ srcPort: 40000, dstPort: 443, seq: 5000, flags: SYN }),
    });
  both('SYN', syn('10.1.1.20', 13), syn('198.51.100.1', 13), 'inside');
  const synAck = (dst: string): Uint8Array =>
    ipv4({
      src: '203.0.113.80',
      dst,
      protocol: 6,
      id: 14,
      dontFragment: true,
      payload: tcp({ srcPort: 443, dstPort: 40000, seq: 9000, ack: 5001, flags: SYN | ACK }),
    });
  both('SYN-ACK', synAck('10.1.1.20'), synAck('198.51.100.1'), 'outside');
  const ping = (src: string, dst: string, type: number, id: number): Uint8Array =>
    ipv4({
      src,
      dst,
      protocol: 1,
      id,
      payload: icmp(type, 0, [...u16(7), ...u16(1)], new Uint8Array(32)),
    });
  both(
    'ping',
    ping('10.1.1.20', '192.0.2.53', 8, 15),
    ping('198.51.100.1', '192.0.2.53', 8, 15),
    'inside',
  );
  both(
    'ping reply',
    ping('192.0.2.53', '10.1.1.20', 0, 16),
    ping('192.0.2.53', '198.51.100.1', 0, 16),
    'outside',
  );
  return frames;
}
