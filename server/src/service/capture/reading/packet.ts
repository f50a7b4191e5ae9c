// One captured copy of a packet, as a dialect reader builds it from one line of a dump (or from
// a first line and the indented lines tcpdump -v continues it on). Both dialects produce the
// same record, so pairing, flows, findings and hovers never ask which dialect they read.

/** The two ways of writing a capture this extension reads. */
export type Dialect = 'axdebug' | 'tcpdump';

/** Received by the balancer (`i`, tcpdump `in`/`In`) or sent by it (`o`, `out`/`Out`). */
export type Direction = 'in' | 'out';

/** What a TCP header shows. */
export interface TcpDetails {
  /** Flag letters as printed (S, S., F., R, P., ...; tcpdump's `[S.]` without brackets). */
  readonly flags: string;
  /** Sequence number as printed (hex in axdebug; tcpdump prints the first of `seq 1:7`). */
  readonly seq: string;
  /** Acknowledgement number as printed, '' when the packet carries none. */
  readonly ack: string;
  /** Payload length. */
  readonly length: number;
}

/** The packet an ICMP error quotes, as far as the dump prints it. */
export interface QuotedPacket {
  /** Source address of the quoted packet (tcpdump -v only). */
  readonly src?: string;
  /** Destination address of the quoted packet. */
  readonly dst: string;
  /** Its protocol: tcp, udp, esp, or a protocol number as text. */
  readonly protocol?: string;
  /** Its source port (tcpdump -v only). */
  readonly srcPort?: number;
  /** Its destination port. */
  readonly dstPort?: number;
  /** Its IP id (tcpdump -v only): names the very packet when the dump holds it. */
  readonly ipId?: number;
  /** Its SPI, when it was ESP. */
  readonly spi?: string;
}

/** What an ICMP (or ICMPv6) header shows. Types and codes are ICMPv4's, ICMPv6 errors mapped onto them. */
export interface IcmpDetails {
  /** ICMP type (8 echo request, 0 echo reply, 3 unreachable, 11 time exceeded, ...). */
  readonly type: number;
  /** ICMP code. */
  readonly code: number;
  /** The echo identifier, when printed (tcpdump). */
  readonly id?: number;
  /** The echo sequence number, for echo requests and replies. */
  readonly seq?: number;
  /** The next-hop MTU of a "fragmentation needed" / "packet too big". */
  readonly mtu?: number;
  /** The packet an error quotes. */
  readonly quoted?: QuotedPacket;
}

/** What an ESP header shows. */
export interface EspDetails {
  /** Security parameter index as printed (0x...), lower case. */
  readonly spi: string;
  /** ESP sequence number as printed. */
  readonly seq: string;
  /** True for ESP inside UDP (NAT traversal, RFC 3948): the packet is UDP on the wire. */
  readonly encapsulated: boolean;
}

/** What an AH header shows. */
export interface AhDetails {
  /** Security parameter index as printed. */
  readonly spi: string;
  /** Sequence number as printed, '' when not printed. */
  readonly seq: string;
}

/** IKE (ISAKMP) on UDP 500 or 4500. */
export interface IkeDetails {
  /** 1 or 2; undefined when the dump does not say (axdebug prints only the ports). */
  readonly version?: 1 | 2;
  /** Phase 1 (IKEv1 main/aggressive mode, IKEv2 IKE_SA_INIT/parent SA) or 2 (quick mode, child SA). */
  readonly phase?: 1 | 2;
  /** The exchange as printed: `ident`, `oakley-quick`, `ikev2_init`, `child_sa`, `inf`, ... */
  readonly exchange: string;
  /** I (initiator) or R (responder), as tcpdump prints it. */
  readonly role?: 'I' | 'R';
  /** True when the packet is on UDP 4500 (NAT traversal) or marked NONESP-encap. */
  readonly natTraversal: boolean;
  /** True for a NAT-T keepalive (one 0xFF byte on UDP 4500). */
  readonly keepalive: boolean;
}

/** The UDP ports IKE runs on: 500, and 4500 (NAT traversal). */
export function isIkePort(port: number): boolean {
  return port === 500 || port === 4500;
}

/**
 * An IKEv2 message by its exchange and role, however it was read (tcpdump's text, a binary
 * capture's bytes): IKE_SA_INIT and IKE_AUTH are phase 1, a CHILD_SA exchange phase 2.
 */
export function ikeV2Details(
  exchange: string,
  role: 'I' | 'R' | undefined,
  natTraversal: boolean,
): IkeDetails {
  const phase =
    exchange === 'ikev2_init' || exchange === 'ikev2_auth'
      ? 1
      : exchange === 'child_sa'
        ? 2
        : undefined;
  return {
    version: 2,
    ...(phase ? { phase } : {}),
    exchange,
    ...(role ? { role } : {}),
    natTraversal,
    keepalive: false,
  };
}

/** An ARP request or reply. */
export interface ArpDetails {
  /** Who-has (request) or is-at (reply). */
  readonly operation: 'request' | 'reply';
  /** The hardware address a reply announces. */
  readonly mac?: string;
}

/** What carried a packet: a link-layer tag or label, or the outer packet of an IP tunnel. */
export type EncapsulationKind = 'vlan' | 'mpls' | 'pppoe' | 'ip-in-ip' | 'gre' | 'vxlan';

/**
 * One layer a packet was carried in, as the dump prints it (tcpdump -e shows the link layers,
 * -v or the plain form the tunnels). The packet a copy describes is the innermost one: its
 * addresses, protocol and ports are what pairing, flows and findings use; its layers are shown.
 */
export interface Encapsulation {
  /** The kind of layer. */
  readonly kind: EncapsulationKind;
  /**
   * What names the layer, as printed: VLAN ids outer first (`200.100` for QinQ), MPLS labels top
   * first (`16/20`), the PPPoE session (`0x18`), a GRE key, a VXLAN VNI; '' when none is printed.
   */
  readonly id: string;
  /** IP tunnels: the outer packet's source address ('' for a link layer). */
  readonly src: string;
  /** IP tunnels: the outer packet's destination address. */
  readonly dst: string;
  /** VXLAN: the outer UDP ports. */
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** The outer IP header's id (tcpdump -v). */
  readonly ipId?: number;
}

/** The peer flow F5's high noise names: the connection on the balancer's other side. */
export interface F5PeerFlowDetails {
  /** Its IP protocol number (0 before BIG-IP 11). */
  readonly protocol: number;
  /** Its remote end (the client or the pool member) and its local end (a virtual or self address). */
  readonly remote: string;
  readonly remotePort: number;
  readonly local: string;
  readonly localPort: number;
  /** Its VLAN tag, 0 for none. */
  readonly vlan: number;
}

/** What F5's tcpdump adds past the virtual server (`flowid=... peerid=... peerremote=...`). */
export interface F5Details {
  /** The connection flow's id and its peer flow's id, hex as printed (a peer id `0`: no peer). */
  readonly flowId?: string;
  readonly peerId?: string;
  /** The interface and trunk the packet passed (BIG-IP 15.1 and later: `port=1.1 trunk=`). */
  readonly port?: string;
  readonly trunk?: string;
  /** Why the balancer reset the connection (`[0x2d4a8c:3034] No local listener`). */
  readonly resetCause?: string;
  /** The peer flow (high noise). */
  readonly peer?: F5PeerFlowDetails;
}

/** One copy of one packet, read from one line (or a first line and its continuation lines). */
export interface PacketCopy {
  /** Zero-based line of the copy's first line. */
  readonly line: number;
  /** Zero-based line of its last line (the same as `line` unless tcpdump -v continued it). */
  readonly endLine: number;
  /** Offset of the first line's start in the document. */
  readonly start: number;
  /** Offset of the end of the first line (where a finding's squiggle ends). */
  readonly headEnd: number;
  /** Offset of the end of the last line. */
  readonly end: number;
  /** The dialect it was written in. */
  readonly dialect: Dialect;
  /** The dump's clock as printed: an axdebug tick, a tcpdump time stamp ('' when -t left it out). */
  readonly time: string;
  /** tcpdump's packet number (-#). */
  readonly number: number | undefined;
  /** Received or sent by the balancer, when the dump says (axdebug i/o, F5 in/out, -i any In/Out). */
  readonly direction: Direction | undefined;
  /** axdebug: the balancer's physical port the copy was received on or sent from. */
  readonly port: number | undefined;
  /** axdebug: the second number it prints (100 on received copies from port 1 in the seed); meaning unknown. */
  readonly aux: number | undefined;
  /** axdebug: the packet id, the same for every copy of one packet. */
  readonly id: string | undefined;
  /** Where it was seen: F5 `slot1/tmm0`, a `-i any` interface name. */
  readonly via: string | undefined;
  /** tcpdump -i any: a received packet marked B (broadcast), M (multicast) or P (sent to another host). */
  readonly linkType: 'broadcast' | 'multicast' | 'other-host' | undefined;
  /** F5 tcpdump: the virtual server (listener) that handled it (`lis=/Common/vs`). */
  readonly virtualServer: string | undefined;
  /** F5 tcpdump with more noise (`:nn`, `:nnn`): the connection flow, its peer, a reset's cause. */
  readonly f5: F5Details | undefined;
  /** The IP header's id (tcpdump -v). */
  readonly ipId: number | undefined;
  /** 4 or 6; undefined for packets that are not IP (ARP, STP, ...). */
  readonly ipVersion: 4 | 6 | undefined;
  /** Source address as written (masked addresses such as `183.62.*.*` kept as they are); '' when none. */
  readonly src: string;
  /** Destination address as written; '' when none (an ARP reply). */
  readonly dst: string;
  /** Protocol in lower case: tcp, udp, icmp, icmp6, esp, ah, gre, arp, or the word the dump printed. */
  readonly protocol: string;
  /** TCP or UDP source port. */
  readonly srcPort: number | undefined;
  /** TCP or UDP destination port. */
  readonly dstPort: number | undefined;
  /** TCP header details. */
  readonly tcp: TcpDetails | undefined;
  /** ICMP header details. */
  readonly icmp: IcmpDetails | undefined;
  /** ESP header details (plain ESP, or ESP in UDP). */
  readonly esp: EspDetails | undefined;
  /** AH header details. */
  readonly ah: AhDetails | undefined;
  /** IKE details. */
  readonly ike: IkeDetails | undefined;
  /** ARP details. */
  readonly arp: ArpDetails | undefined;
  /** The length the dump prints for the packet (tcpdump: the last `length N` of its first part). */
  readonly length: number | undefined;
  /** Everything after the protocol (axdebug) or the addresses (tcpdump), as printed on the first line. */
  readonly details: string;
  /** The layers the packet was carried in, outermost first; undefined when none is printed. */
  readonly encapsulation: readonly Encapsulation[] | undefined;
}

/** A copy under construction: the dialect readers fill it in, then hand it out read-only. */
export type MutableCopy = { -readonly [K in keyof PacketCopy]: PacketCopy[K] };

/**
 * A copy with every field present (unset ones undefined). Creating every copy with the same
 * fields in the same order keeps them one object shape, which keeps a million of them fast.
 */
export function blankCopy(dialect: Dialect, line: number, start: number, end: number): MutableCopy {
  return {
    line,
    endLine: line,
    start,
    headEnd: end,
    end,
    dialect,
    time: '',
    number: undefined,
    direction: undefined,
    port: undefined,
    aux: undefined,
    id: undefined,
    via: undefined,
    linkType: undefined,
    virtualServer: undefined,
    f5: undefined,
    ipId: undefined,
    ipVersion: undefined,
    src: '',
    dst: '',
    protocol: '',
    srcPort: undefined,
    dstPort: undefined,
    tcp: undefined,
    icmp: undefined,
    esp: undefined,
    ah: undefined,
    ike: undefined,
    arp: undefined,
    length: undefined,
    details: '',
    encapsulation: undefined,
  };
}

/** An address and, for TCP and UDP, a port: `10.1.1.254:22518`, `[2001:db8::1]:500`. */
export function endpoint(address: string, port: number | undefined): string {
  if (port === undefined) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Whether an F5 peer flow id names a peer flow: an id of zeros says there is none. */
export function hasF5Peer(peerId: string): boolean {
  return !/^0+$/.test(peerId);
}

/** True for an ICMP error (unreachable, time exceeded, parameter problem, source quench, redirect). */
export function isIcmpError(copy: PacketCopy): boolean {
  const type = copy.icmp?.type;
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

/** True for an ICMP echo request or reply. */
export function isIcmpEcho(copy: PacketCopy): boolean {
  const type = copy.icmp?.type;
  return type === 8 || type === 0;
}

/** True when the copy is IPsec: ESP (plain or in UDP), AH, or IKE on UDP 500/4500. */
export function isIpsec(copy: PacketCopy): boolean {
  return copy.esp !== undefined || copy.ah !== undefined || copy.ike !== undefined;
}

/** True for `*.*.*.*`: an address the dump hides whole, which may be any address at all. */
export function isFullyMasked(address: string): boolean {
  return /^\*(\.\*){3}$/.test(address);
}

/**
 * True when an address, as far as its visible octets tell, is RFC 1918 private
 * (10/8, 172.16/12, 192.168/16). `10.*.*.*` is private; `*.*.*.*` is not known to be.
 */
export function isPrivateAddress(address: string): boolean {
  // Asked of most copies of a dump: read the first two octets in place, without splitting.
  const first = octetAt(address, 0);
  if (first.value === 10) return first.next > 0 && isMaskedIpv4(address);
  if (first.value !== 172 && first.value !== 192) return false;
  const second = octetAt(address, first.next);
  if (second.value < 0 || !isMaskedIpv4(address)) return false;
  return first.value === 172 ? second.value >= 16 && second.value <= 31 : second.value === 168;
}

/** isPrivateAddress of an IPv4 address by its 32-bit value (a binary capture's bytes). */
export function isPrivateIpv4(value: number): boolean {
  const first = value >>> 24;
  const second = (value >>> 16) & 255;
  return (
    first === 10 ||
    (first === 172 && second >= 16 && second <= 31) ||
    (first === 192 && second === 168)
  );
}

/** The decimal octet at `from` and where the next one starts; -1 for a mask or anything else. */
function octetAt(address: string, from: number): { value: number; next: number } {
  let value = 0;
  let i = from;
  for (; i < address.length && i - from < 4; i++) {
    const c = address.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return { value: -1, next: -1 };
    value = value * 10 + c - 48;
  }
  return i === from || address.charCodeAt(i) !== 46
    ? { value: -1, next: -1 }
    : { value, next: i + 1 };
}

/** Four dot-separated octets, digits or masks (`*`). */
function isMaskedIpv4(address: string): boolean {
  return /^(?:(?:\d{1,3}|\*)\.){3}(?:\d{1,3}|\*)$/.test(address);
}

/**
 * True when two addresses as written may be the same address: equal, or IPv4 addresses whose
 * visible octets agree (`183.62.*.*` may be `183.62.8.14`; users mask dumps unevenly).
 */
export function mayBeSameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.includes('*') && !b.includes('*')) return false;
  const x = a.split('.');
  const y = b.split('.');
  return (
    x.length === 4 &&
    y.length === 4 &&
    x.every((octet, i) => octet === '*' || y[i] === '*' || octet === y[i])
  );
}

/** One packet: every copy of it in the dump (received, sent), in line order. */
export interface Packet {
  /** The copies, in line order; the first is where the packet is reported. */
  readonly copies: readonly PacketCopy[];
}
