// What one captured frame holds, decoded as tcpdump decodes it: the link header (Ethernet with
// 802.1Q/QinQ tags, Linux cooked v1 and v2, raw IPv4/IPv6, BSD loopback), IPv4 (fragments) or
// IPv6 (extension headers), and TCP, UDP, ICMP, ICMPv6, ESP, AH, GRE, ISAKMP/IKEv2 on UDP 500
// and 4500 (behind the non-ESP marker), ESP in UDP, ARP. A frame cut short by the snap length
// decodes as far as its bytes go. The result is plain data that text.ts prints in tcpdump's
// words and copy.ts turns into the packet copy the rest of the service reads.
import type { Direction } from '../packet';
import { be16, be32, ipv4Text, ipv6Text, le32, macText } from './bytes';
import { type F5CaptureInfo, type F5Trailer, readF5CaptureInfo, readF5Trailer } from './f5';

export { be16, be32, hex, ipv4Text, ipv6Text, macText } from './bytes';

/** The IPv4 header fields tcpdump -v prints. */
export interface Ipv4Header {
  readonly version: 4;
  readonly tos: number;
  readonly ttl: number;
  readonly id: number;
  /** Fragment offset in bytes. */
  readonly offset: number;
  readonly dontFragment: boolean;
  readonly moreFragments: boolean;
  readonly protocol: number;
  readonly length: number;
}

/** The IPv6 header fields tcpdump -v prints, and its extension headers. */
export interface Ipv6Header {
  readonly version: 6;
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly hopLimit: number;
  /** The upper-layer protocol after the extension headers. */
  readonly protocol: number;
  readonly payloadLength: number;
  /** The extension headers passed, as tcpdump names them (`HBH`, `DSTOPT`, `srcrt`, `frag 0x1:0|1232`). */
  readonly extensions: readonly string[];
  /** Fragment offset in bytes (0 when not a fragment). */
  readonly offset: number;
}

/** The TCP header. */
export interface TcpHeader {
  readonly flags: number;
  readonly seq: number;
  readonly ack: number;
  readonly window: number;
  readonly urgent: number;
  /** Payload length (from the IP length, so a cut capture still says how much was sent). */
  readonly payload: number;
}

/** An ISAKMP (IKEv1) or IKEv2 header. */
export interface IsakmpHeader {
  readonly major: number;
  readonly minor: number;
  readonly exchange: number;
  readonly flags: number;
  readonly messageId: number;
  /** I, R or ? (IKEv1: by the initiator's cookie, as tcpdump tracks it). */
  readonly role: 'I' | 'R' | '?';
}

/** An ICMP or ICMPv6 message. */
export interface IcmpMessage {
  readonly type: number;
  readonly code: number;
  /** Echo identifier and sequence (echo request and reply). */
  readonly id: number | undefined;
  readonly seq: number | undefined;
  /** Next-hop MTU (fragmentation needed, packet too big). */
  readonly mtu: number | undefined;
  /** Redirect: the gateway. */
  readonly gateway: string | undefined;
  /** The packet an error quotes, decoded as far as the error holds it. */
  readonly quoted: DecodedIp | undefined;
  /** The length of the message. */
  readonly length: number;
}

/** An IP packet decoded down to its transport. */
export interface DecodedIp {
  readonly ip: Ipv4Header | Ipv6Header;
  readonly src: string;
  readonly dst: string;
  /** The transport, in the service's words: tcp, udp, icmp, icmp6, esp, ah, gre, or tcpdump's name of another protocol. */
  readonly protocol: string;
  readonly srcPort: number | undefined;
  readonly dstPort: number | undefined;
  readonly tcp: TcpHeader | undefined;
  /** UDP payload length. */
  readonly udpLength: number | undefined;
  /** ESP (plain, or in UDP on 4500). */
  readonly esp:
    | {
        readonly spi: number;
        readonly seq: number;
        readonly length: number;
        readonly encapsulated: boolean;
      }
    | undefined;
  readonly ah:
    | {
        readonly spi: number;
        readonly seq: number;
        readonly sumLength: number;
        readonly next: number;
      }
    | undefined;
  /** ISAKMP on 500, or behind the non-ESP marker on 4500; `keepalive` for the NAT-T keepalive. */
  readonly isakmp: IsakmpHeader | 'keepalive' | 'truncated' | undefined;
  /** True when ISAKMP came behind the non-ESP marker (UDP 4500). */
  readonly nonEsp: boolean;
  readonly icmp: IcmpMessage | undefined;
  /** GRE: its version and the protocol it carries. */
  readonly gre:
    { readonly version: number; readonly protocol: number; readonly length: number } | undefined;
  /** Bytes of the transport payload (for `ip-proto-N` and the like). */
  readonly payloadLength: number;
  /** True when the transport header was cut short by the snap length. */
  readonly truncated: boolean;
}

/** An ARP packet. */
export interface DecodedArp {
  readonly operation: number;
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetIp: string;
  readonly length: number;
}

/** A frame, decoded. */
export interface DecodedFrame {
  /** Received or sent, when the link header says (Linux cooked captures). */
  readonly direction: Direction | undefined;
  /** Linux cooked: tcpdump's packet type word (In, Out, B, M, P). */
  readonly packetType: string | undefined;
  /** What the frame carries. */
  readonly ip: DecodedIp | undefined;
  readonly arp: DecodedArp | undefined;
  /** Neither IP nor ARP (or too short): what tcpdump would call it. */
  readonly other: string | undefined;
  /** Where the network packet ends in the frame (Ethernet padding or a trailer may follow). */
  readonly networkEnd: number;
  /** The F5 Ethernet trailer after the packet (F5's `tcpdump -i IF:n|nn|nnn -w`), if there is one. */
  readonly f5:
    | F5Trailer
    | undefined; /** F5's pseudo-packet (its tcpdump's first): the capture's information, no packet at all. */
  readonly f5Info?: F5CaptureInfo;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_ARP = 0x0806;

/** The names tcpdump gives IP protocols in -v headers (`proto TCP (6)`). */
const IP_PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  0: 'Options',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'Routing',
  44: 'Fragment',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'NONE',
  60: 'DSTOPTS',
  89: 'OSPF',
  103: 'PIM',
  112: 'VRRP',
  132: 'SCTP',
};

/** IKEv1 exchange types as tcpdump names them. */
const IKE_V1_EXCHANGES: Readonly<Record<number, string>> = {
  0: 'none',
  1: 'base',
  2: 'ident',
  3: 'auth',
  4: 'agg',
  5: 'inf',
  32: 'oakley-quick',
  33: 'oakley-newgroup',
};
/** IKEv2 exchange types as tcpdump names them. */
const IKE_V2_EXCHANGES: Readonly<Record<number, string>> = {
  34: 'ikev2_init',
  35: 'ikev2_auth',
  36: 'child_sa',
  37: 'inf2',
};

/** tcpdump's name of an ISAKMP exchange type (`ident`, `oakley-quick`, `ikev2_init`, `#N` for others). */
export function ikeExchangeName(header: IsakmpHeader): string {
  const names = header.major === 2 ? IKE_V2_EXCHANGES : IKE_V1_EXCHANGES;
  return names[header.exchange] ?? `#${header.exchange}`;
}

/** tcpdump's name of an IP protocol (`unknown` for those it has none for). */
export function ipProtocolName(protocol: number): string {
  return IP_PROTOCOL_NAMES[protocol] ?? 'unknown';
}

/** The service's word for an IP protocol, as the tcpdump dialect reads a -v header. */
export function protocolWord(protocol: number): string {
  switch (protocol) {
    case 1:
      return 'icmp';
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 47:
      return 'gre';
    case 50:
      return 'esp';
    case 51:
      return 'ah';
    case 58:
      return 'icmp6';
    default:
      return ipProtocolName(protocol).toLowerCase();
  }
}

/**
 * Decodes frames of one file. It keeps what tcpdump keeps between packets: the IKEv1 initiator
 * of each cookie, which decides whether a later packet is the initiator's (I) or responder's (R).
 */
export class FrameDecoder {
  private readonly initiators = new Map<string, string>();

  /** Decodes one frame of a link type; `wireLength` is its length on the wire. */
  frame(data: Uint8Array, linkType: number): DecodedFrame {
    let at = 0;
    let etherType = -1;
    let direction: Direction | undefined;
    let packetType: string | undefined;
    const n = data.length;
    switch (linkType) {
      case 1: {
        // Ethernet: destination, source, then 802.1Q / 802.1ad / QinQ tags before the type.
        if (n < 14) return otherFrame('[|ether]');
        etherType = be16(data, 12);
        at = 14;
        while (
          (etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100) &&
          at + 4 <= n
        ) {
          etherType = be16(data, at + 2);
          at += 4;
        }
        if (etherType < 0x0600) {
          const f5Info = readF5CaptureInfo(data);
          return f5Info ? { ...otherFrame(''), f5Info } : otherFrame(`802.3, length ${n}`);
        }
        break;
      }
      case 113: {
        // Linux cooked v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
        if (n < 16) return otherFrame('[|sll]');
        packetType = SLL_PACKET_TYPES[be16(data, 0)];
        etherType = be16(data, 14);
        at = 16;
        break;
      }
      case 276: {
        // Linux cooked v2: protocol, reserved, interface index, ARPHRD type, packet type, address length, address.
        if (n < 20) return otherFrame('[|sll2]');
        etherType = be16(data, 0);
        packetType = SLL_PACKET_TYPES[data[10]];
        at = 20;
        break;
      }
      case 0:
      case 108: {
        // BSD loopback: the address family, in the capturing host's byte order (NULL) or big-endian (LOOP).
        if (n < 4) return otherFrame('[|null]');
        let family = be32(data, 0);
        if (linkType === 0 && (family & 0xffff0000) !== 0) family = le32(data, 0);
        etherType =
          family === 2
            ? ETHERTYPE_IPV4
            : family === 24 || family === 28 || family === 30
              ? ETHERTYPE_IPV6
              : -2;
        if (etherType === -2) return otherFrame(`AF ${family}, length ${n}`);
        at = 4;
        break;
      }
      case 12:
      case 14:
      case 101:
        etherType = n > 0 && data[0] >> 4 === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
        break;
      case 228:
        etherType = ETHERTYPE_IPV4;
        break;
      case 229:
        etherType = ETHERTYPE_IPV6;
        break;
      default:
        return otherFrame(`link-type ${linkType}, length ${n}`);
    }
    if (packetType === 'In') direction = 'in';
    else if (packetType === 'Out') direction = 'out';

    let ip: DecodedIp | undefined;
    let arp: DecodedArp | undefined;
    let other: string | undefined;
    let end = n;
    if (etherType === ETHERTYPE_IPV4) {
      ip = this.ipv4(data, at, false);
      if (ip && n - at >= 20) end = at + Math.max(20, be16(data, at + 2));
    } else if (etherType === ETHERTYPE_IPV6) {
      ip = this.ipv6(data, at);
      if (ip && n - at >= 40) end = at + 40 + be16(data, at + 4);
    } else if (etherType === ETHERTYPE_ARP) {
      arp = decodeArp(data, at);
      end = at + 28;
    } else {
      other = `ethertype Unknown (0x${etherType.toString(16).padStart(4, '0')}), length ${n}`;
    }
    if (!ip && !arp && other === undefined)
      other =
        etherType === ETHERTYPE_IPV6
          ? 'IP6 [|ip6]'
          : etherType === ETHERTYPE_ARP
            ? 'ARP, [|arp]'
            : 'IP [|ip]';
    const networkEnd = Math.min(end, n);
    // Only an Ethernet frame carries F5's trailer, after the packet (and any padding).
    const f5 =
      linkType === 1 && (ip || arp) && networkEnd < n ? readF5Trailer(data, networkEnd) : undefined;
    return { direction, packetType, ip, arp, other, networkEnd, f5 };
  }

  /** IPv4 at `at`; undefined when not even its header was captured. */
  ipv4(data: Uint8Array, at: number, quoted: boolean): DecodedIp | undefined {
    const n = data.length;
    if (n - at < 20 || data[at] >> 4 !== 4) return undefined;
    const headerLength = (data[at] & 0x0f) * 4;
    const total = be16(data, at + 2);
    const fragment = be16(data, at + 6);
    const header: Ipv4Header = {
      version: 4,
      tos: data[at + 1],
      ttl: data[at + 8],
      id: be16(data, at + 4),
      offset: (fragment & 0x1fff) * 8,
      dontFragment: (fragment & 0x4000) !== 0,
      moreFragments: (fragment & 0x2000) !== 0,
      protocol: data[at + 9],
      length: total,
    };
    const src = ipv4Text(data, at + 12);
    const dst = ipv4Text(data, at + 16);
    const start = at + Math.max(20, headerLength);
    // The transport's bytes end where the IP length says (Ethernet padding and trailers after it)
    // or where the capture does; its length is the IP length's, even when the capture cut it.
    const payloadLength = Math.max(0, total - Math.max(20, headerLength));
    const end = Math.min(n, at + Math.max(total, 20));
    return this.transport(
      header,
      header.protocol,
      src,
      dst,
      data,
      start,
      end,
      payloadLength,
      header.offset > 0,
      quoted,
    );
  }

  /** IPv6 at `at`, through its extension headers; undefined when not even its header was captured. */
  ipv6(data: Uint8Array, at: number, quoted = false): DecodedIp | undefined {
    const n = data.length;
    if (n - at < 40 || data[at] >> 4 !== 6) return undefined;
    const first = be32(data, at);
    const payloadLength = be16(data, at + 4);
    let next = data[at + 6];
    const src = ipv6Text(data, at + 8);
    const dst = ipv6Text(data, at + 24);
    const end = Math.min(n, at + 40 + payloadLength);
    let start = at + 40;
    const extensions: string[] = [];
    let offset = 0;
    // Hop-by-hop, routing, fragment and destination options come before the transport.
    for (let guard = 0; guard < 16; guard++) {
      if (next === 0 || next === 43 || next === 60) {
        if (start + 2 > end) break;
        extensions.push(next === 0 ? 'HBH' : next === 43 ? 'srcrt' : 'DSTOPT');
        const following = data[start];
        start += (data[start + 1] + 1) * 8;
        next = following;
      } else if (next === 44) {
        if (start + 8 > end) break;
        const field = be16(data, start + 2);
        offset = field & 0xfff8;
        extensions.push(
          `frag 0x${be32(data, start + 4)
            .toString(16)
            .padStart(8, '0')}:${offset}|${Math.max(0, payloadLength - (start + 8 - at - 40))}`,
        );
        next = data[start];
        start += 8;
      } else {
        break;
      }
    }
    const header: Ipv6Header = {
      version: 6,
      trafficClass: (first >>> 20) & 0xff,
      flowLabel: first & 0xfffff,
      hopLimit: data[at + 7],
      protocol: next,
      payloadLength,
      extensions,
      offset,
    };
    return this.transport(
      header,
      next,
      src,
      dst,
      data,
      Math.min(start, end),
      end,
      Math.max(0, at + 40 + payloadLength - start),
      offset > 0,
      quoted,
    );
  }

  private transport(
    ip: Ipv4Header | Ipv6Header,
    protocolNumber: number,
    src: string,
    dst: string,
    data: Uint8Array,
    start: number,
    end: number,
    payloadLength: number,
    laterFragment: boolean,
    quoted: boolean,
  ): DecodedIp {
    const captured = end - start;
    const d: MutableIp = {
      ip,
      src,
      dst,
      protocol: protocolWord(protocolNumber),
      srcPort: undefined,
      dstPort: undefined,
      tcp: undefined,
      udpLength: undefined,
      esp: undefined,
      ah: undefined,
      isakmp: undefined,
      nonEsp: false,
      icmp: undefined,
      gre: undefined,
      payloadLength,
      truncated: false,
    };
    if (laterFragment) return d; // no transport header: tcpdump prints `ip-proto-N`
    switch (protocolNumber) {
      case 6:
        if (captured >= 4) {
          d.srcPort = be16(data, start);
          d.dstPort = be16(data, start + 2);
        }
        if (captured < 20) {
          d.truncated = true;
          break;
        }
        d.tcp = {
          seq: be32(data, start + 4),
          ack: be32(data, start + 8),
          flags: data[start + 13],
          window: be16(data, start + 14),
          urgent: be16(data, start + 18),
          payload: Math.max(0, payloadLength - (data[start + 12] >> 4) * 4),
        };
        break;
      case 17: {
        if (captured < 8) {
          d.truncated = true;
          break;
        }
        const srcPort = be16(data, start);
        const dstPort = be16(data, start + 2);
        d.srcPort = srcPort;
        d.dstPort = dstPort;
        const length = Math.max(0, be16(data, start + 4) - 8);
        d.udpLength = length;
        const body = start + 8;
        const bodyEnd = Math.min(end, body + length);
        if (srcPort === 500 || dstPort === 500) {
          d.isakmp = this.isakmp(data, body, bodyEnd, src, dst);
        } else if (srcPort === 4500 || dstPort === 4500) {
          // RFC 3948: a lone 0xFF is a keepalive, four zero bytes mark IKE, anything else is ESP.
          if (length === 1 && bodyEnd > body && data[body] === 0xff) d.isakmp = 'keepalive';
          else if (bodyEnd - body >= 4 && be32(data, body) === 0) {
            d.nonEsp = true;
            d.isakmp = this.isakmp(data, body + 4, bodyEnd, src, dst);
          } else if (bodyEnd - body >= 8 && length >= 4) {
            d.esp = {
              spi: be32(data, body),
              seq: be32(data, body + 4),
              length,
              encapsulated: true,
            };
          } else {
            d.truncated = true;
          }
        }
        break;
      }
      case 50:
        if (captured < 8) d.truncated = true;
        else
          d.esp = {
            spi: be32(data, start),
            seq: be32(data, start + 4),
            length: payloadLength,
            encapsulated: false,
          };
        break;
      case 51:
        if (captured < 12) d.truncated = true;
        else
          d.ah = {
            spi: be32(data, start + 4),
            seq: be32(data, start + 8),
            sumLength: Math.max(0, (data[start + 1] + 2) * 4 - 12),
            next: data[start],
          };
        break;
      case 47:
        if (captured < 4) d.truncated = true;
        else
          d.gre = {
            version: data[start + 1] & 7,
            protocol: be16(data, start + 2),
            length: payloadLength,
          };
        break;
      case 1:
      case 58:
        if (captured < 4) {
          d.truncated = true;
          break;
        }
        d.icmp = this.icmp(data, start, end, payloadLength, protocolNumber === 58, quoted);
        break;
    }
    return d;
  }

  private icmp(
    data: Uint8Array,
    start: number,
    end: number,
    length: number,
    v6: boolean,
    quoted: boolean,
  ): IcmpMessage {
    const type = data[start];
    const code = data[start + 1];
    const captured = end - start;
    const echo = v6 ? type === 128 || type === 129 : type === 8 || type === 0;
    let mtu: number | undefined;
    if (captured >= 8) {
      if (!v6 && type === 3 && code === 4) mtu = be16(data, start + 6);
      if (v6 && type === 2) mtu = be32(data, start + 4);
    }
    const error = v6
      ? type >= 1 && type <= 4
      : type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
    // An error quotes the packet it reports on after its 8 bytes; an error inside a quote is not read again.
    const inner =
      error && !quoted && captured > 8
        ? v6
          ? this.ipv6(data.subarray(0, end), start + 8, true)
          : this.ipv4(data.subarray(0, end), start + 8, true)
        : undefined;
    return {
      type,
      code,
      id: echo && captured >= 8 ? be16(data, start + 4) : undefined,
      seq: echo && captured >= 8 ? be16(data, start + 6) : undefined,
      mtu,
      gateway: !v6 && type === 5 && captured >= 8 ? ipv4Text(data, start + 4) : undefined,
      quoted: inner,
      length,
    };
  }

  /**
   * The ISAKMP header at `start` (of a message from `src` to `dst`, as written), noting an IKEv1
   * initiator's cookie for the messages after it: the whole decoding's, and that of a row written
   * straight from the bytes (frameRows.ts), which must see the same cookies in the same order.
   */
  isakmp(
    data: Uint8Array,
    start: number,
    end: number,
    src: string,
    dst: string,
  ): IsakmpHeader | 'truncated' {
    if (end - start < 28) return 'truncated';
    const version = data[start + 17];
    const major = version >> 4;
    // The initiator's cookie as four 16-bit characters: a shorter key than its hex digits.
    const cookie = String.fromCharCode(
      be16(data, start),
      be16(data, start + 2),
      be16(data, start + 4),
      be16(data, start + 6),
    );
    let role: 'I' | 'R' | '?';
    if (major === 2) {
      role = '?'; // IKEv2 says its role in its flags
    } else if (be32(data, start + 8) === 0 && be32(data, start + 12) === 0) {
      role = 'I';
      this.initiators.set(cookie, src);
    } else {
      const initiator = this.initiators.get(cookie);
      role =
        initiator === undefined ? '?' : initiator === src ? 'I' : initiator === dst ? 'R' : '?';
    }
    return {
      major,
      minor: version & 0x0f,
      exchange: data[start + 18],
      flags: data[start + 19],
      messageId: be32(data, start + 20),
      role,
    };
  }
}

type MutableIp = { -readonly [K in keyof DecodedIp]: DecodedIp[K] };

/** tcpdump's words for a Linux cooked capture's packet types. */
const SLL_PACKET_TYPES: Readonly<Record<number, string>> = {
  0: 'In',
  1: 'B',
  2: 'M',
  3: 'P',
  4: 'Out',
};

function otherFrame(text: string): DecodedFrame {
  return {
    direction: undefined,
    packetType: undefined,
    ip: undefined,
    arp: undefined,
    other: text,
    networkEnd: 0,
    f5: undefined,
  };
}

function decodeArp(data: Uint8Array, at: number): DecodedArp | undefined {
  // Ethernet and IPv4 only (hardware length 6, protocol length 4), which is all ARP carries here.
  if (data.length - at < 28 || data[at + 4] !== 6 || data[at + 5] !== 4) return undefined;
  return {
    operation: be16(data, at + 6),
    senderMac: macText(data, at + 8),
    senderIp: ipv4Text(data, at + 14),
    targetIp: ipv4Text(data, at + 24),
    length: 28,
  };
}
