// Builds binary captures for the tests and the benchmark: frames of every link type the reader
// takes, the IP packets inside them, and pcap or pcapng files around them, in either byte order.
// Written from the formats' specifications, byte by byte, independently of the reader.

/** Bytes from numbers and byte arrays, numbers taken as bytes. */
export function bytes(...parts: (number | Uint8Array | readonly number[])[]): Uint8Array {
  const flat: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') flat.push(part & 0xff);
    else for (const b of part) flat.push(b & 0xff);
  }
  return Uint8Array.from(flat);
}

/** A 16-bit number, big-endian. */
export function u16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

/** A 32-bit number, big-endian. */
export function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] {
  const [head, tail] = address.split('::');
  const groups = (part: string | undefined): number[] =>
    part ? part.split(':').map((g) => parseInt(g, 16)) : [];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined
      ? left
      : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => u16(g));
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i] << 8) | (data[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An IPv4 packet around a transport payload. */
export function ipv4(options: {
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
  id?: number;
  ttl?: number;
  tos?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  offset?: number;
  /** The total length the header claims (the real one unless given: a cut packet claims more). */
  totalLength?: number;
}): Uint8Array {
  const total = options.totalLength ?? 20 + options.payload.length;
  const flags =
    (options.dontFragment ? 0x4000 : 0) |
    (options.moreFragments ? 0x2000 : 0) |
    ((options.offset ?? 0) / 8);
  const header = bytes(
    0x45,
    options.tos ?? 0,
    u16(total),
    u16(options.id ?? 0),
    u16(flags),
    options.ttl ?? 64,
    options.protocol,
    0,
    0,
    ipv4Bytes(options.src),
    ipv4Bytes(options.dst),
  );
  const sum = checksum(header);
  header[10] = sum >> 8;
  header[11] = sum & 0xff;
  return bytes(header, options.payload);
}

/** An IPv6 extension header in front of the transport. */
export interface Ipv6Extension {
  /** 0 hop-by-hop, 43 routing, 44 fragment, 60 destination options. */
  readonly type: 0 | 43 | 44 | 60;
  /** Fragment: offset in bytes and more-fragments. */
  readonly offset?: number;
  readonly more?: boolean;
  readonly id?: number;
}

/** An IPv6 packet around a transport payload, through its extension headers. */
export function ipv6(options: {
  src: string;
  dst: string;
  next: number;
  payload: Uint8Array;
  hopLimit?: number;
  flowLabel?: number;
  extensions?: readonly Ipv6Extension[];
}): Uint8Array {
  const extensions = options.extensions ?? [];
  const chain: Uint8Array[] = [];
  for (let i = 0; i < extensions.length; i++) {
    const next = i + 1 < extensions.length ? extensions[i + 1].type : options.next;
    const e = extensions[i];
    if (e.type === 44)
      chain.push(bytes(next, 0, u16((e.offset ?? 0) | (e.more ? 1 : 0)), u32(e.id ?? 1)));
    else if (e.type === 43)
      chain.push(bytes(next, 0, 0, 0, 0, 0, 0, 0)); // type 0 routing, no segments left
    else chain.push(bytes(next, 0, 1, 4, 0, 0, 0, 0)); // a PadN option filling the 8 bytes
  }
  const payload = bytes(...chain, options.payload);
  const first = extensions.length > 0 ? extensions[0].type : options.next;
  return bytes(
    u32((6 << 28) | (options.flowLabel ?? 0)),
    u16(payload.length),
    first,
    options.hopLimit ?? 64,
    ipv6Bytes(options.src),
    ipv6Bytes(options.dst),
    payload,
  );
}

/** TCP flag bits. */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** A TCP segment (a 20-byte header, no options). */
export function tcp(options: {
  srcPort: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  flags: number;
  window?: number;
  payload?: Uint8Array;
}): Uint8Array {
  return bytes(
    u16(options.srcPort),
    u16(options.dstPort),
    u32(options.seq ?? 0),
    u32(options.ack ?? 0),
    0x50,
    options.flags,
    u16(options.window ?? 65535),
    0,
    0,
    0,
    0,
    options.payload ?? new Uint8Array(0),
  );
}

/** A UDP datagram. */
export function udp(srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  return bytes(u16(srcPort), u16(dstPort), u16(8 + payload.length), 0, 0, payload);
}

/** An ESP header and some ciphertext. */
export function esp(spi: number, seq: number, ciphertext = 24): Uint8Array {
  return bytes(u32(spi), u32(seq), new Uint8Array(ciphertext).fill(0xa5));
}

/** An AH header (12 bytes of integrity check value) in front of `next`. */
export function ah(spi: number, seq: number, next: number, payload: Uint8Array): Uint8Array {
  return bytes(next, 4, 0, 0, u32(spi), u32(seq), new Uint8Array(12), payload);
}

/** A GRE header (version 0) in front of a packet of `protocol` (0x0800 IPv4). */
export function gre(protocol: number, payload: Uint8Array): Uint8Array {
  return bytes(0, 0, u16(protocol), payload);
}

/** An ISAKMP header: version 0x10 (IKEv1) or 0x20 (IKEv2), exchange, flags, message id; payloads after. */
export function isakmp(options: {
  initiatorCookie: readonly number[];
  responderCookie?: readonly number[];
  version: 0x10 | 0x20;
  exchange: number;
  flags?: number;
  messageId?: number;
  payload?: Uint8Array;
}): Uint8Array {
  const payload = options.payload ?? new Uint8Array(0);
  return bytes(
    options.initiatorCookie,
    options.responderCookie ?? [0, 0, 0, 0, 0, 0, 0, 0],
    0,
    options.version,
    options.exchange,
    options.flags ?? 0,
    u32(options.messageId ?? 0),
    u32(28 + payload.length),
    payload,
  );
}

/** An ICMP message: type, code, the 4 bytes after the checksum, and a body (echo data, or the quoted packet). */
export function icmp(
  type: number,
  code: number,
  rest: readonly number[],
  body: Uint8Array,
): Uint8Array {
  const message = bytes(type, code, 0, 0, rest, body);
  const sum = checksum(message);
  message[2] = sum >> 8;
  message[3] = sum & 0xff;
  return message;
}

/** An ARP request (1) or reply (2), Ethernet and IPv4. */
export function arp(
  operation: 1 | 2,
  senderMac: readonly number[],
  senderIp: string,
  targetIp: string,
): Uint8Array {
  return bytes(
    u16(1),
    u16(0x0800),
    6,
    4,
    u16(operation),
    senderMac,
    ipv4Bytes(senderIp),
    [0, 0, 0, 0, 0, 0],
    ipv4Bytes(targetIp),
  );
}

/** Ethernet types. */
export const IPV4 = 0x0800;
export const IPV6 = 0x86dd;
export const ARP = 0x0806;

const MAC_A = [0x00, 0x50, 0x56, 0xaa, 0xbb, 0xcc];
const MAC_B = [0x00, 0x50, 0x56, 0xdd, 0xee, 0xff];

/** An Ethernet frame, with 802.1Q tags (QinQ: several, the outer one 802.1ad) and a trailer after it. */
export function ethernet(
  type: number,
  payload: Uint8Array,
  options: { vlans?: readonly number[]; trailer?: Uint8Array } = {},
): Uint8Array {
  const vlans = options.vlans ?? [];
  const tags = vlans.flatMap((vlan, i) => [
    ...u16(i === 0 && vlans.length > 1 ? 0x88a8 : 0x8100),
    ...u16(vlan),
  ]);
  return bytes(MAC_B, MAC_A, tags, u16(type), payload, options.trailer ?? new Uint8Array(0));
}

/** A Linux cooked (v1) header: packet type 0 in, 4 out. */
export function sll(packetType: number, type: number, payload: Uint8Array): Uint8Array {
  return bytes(u16(packetType), u16(1), u16(6), MAC_A, 0, 0, u16(type), payload);
}

/** A Linux cooked v2 header. */
export function sll2(
  packetType: number,
  type: number,
  payload: Uint8Array,
  ifIndex = 2,
): Uint8Array {
  return bytes(u16(type), 0, 0, u32(ifIndex), u16(1), packetType, 6, MAC_A, 0, 0, payload);
}

/** A BSD loopback header: the address family (2 IPv4, 24/28/30 IPv6) in the given byte order. */
export function nullLoopback(family: number, payload: Uint8Array, littleEndian = true): Uint8Array {
  const f = u32(family);
  return bytes(littleEndian ? f.reverse() : f, payload);
}

/** Link types. */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  SLL: 113,
  IPV4: 228,
  IPV6: 229,
  SLL2: 276,
} as const;

/** One packet of a file. */
export interface FilePacket {
  readonly data: Uint8Array;
  readonly seconds: number;
  /** Nanoseconds within the second. */
  readonly nanos?: number;
  /** The length on the wire (more than the data when the snap length cut it). */
  readonly length?: number;
  /** pcapng: the interface (0 unless given). */
  readonly interfaceId?: number;
  /** pcapng: written as a simple packet block. */
  readonly simple?: boolean;
}

class Writer {
  private readonly parts: number[] = [];
  constructor(private readonly little: boolean) {}
  u8(value: number): this {
    this.parts.push(value & 0xff);
    return this;
  }
  u16(value: number): this {
    const b = u16(value);
    this.parts.push(...(this.little ? b.reverse() : b));
    return this;
  }
  u32(value: number): this {
    const b = u32(value);
    this.parts.push(...(this.little ? b.reverse() : b));
    return this;
  }
  raw(data: Uint8Array | readonly number[]): this {
    for (const b of data) this.parts.push(b);
    return this;
  }
  pad(): this {
    while (this.parts.length % 4 !== 0) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** A pcap file: either byte order, microsecond or nanosecond stamps, a snap length and a link type. */
export function pcapFile(
  packets: readonly FilePacket[],
  options: { linkType: number; littleEndian?: boolean; nanoseconds?: boolean; snapLength?: number },
): Uint8Array {
  const w = new Writer(options.littleEndian ?? true);
  w.u32(options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(options.snapLength ?? 262144)
    .u32(options.linkType);
  for (const p of packets) {
    const nanos = p.nanos ?? 0;
    w.u32(p.seconds)
      .u32(options.nanoseconds ? nanos : Math.floor(nanos / 1000))
      .u32(p.data.length)
      .u32(p.length ?? p.data.length)
      .raw(p.data);
  }
  return w.bytes();
}

/** A pcapng interface description. */
export interface PcapngInterface {
  readonly linkType: number;
  readonly snapLength?: number;
  /** if_tsresol: 6 microseconds (the default), 9 nanoseconds, 0x80 | n for 2^-n. */
  readonly tsresol?: number;
  readonly name?: string;
}

/** One section of a pcapng file. */
export interface PcapngSection {
  readonly littleEndian?: boolean;
  readonly interfaces: readonly PcapngInterface[];
  readonly packets: readonly FilePacket[];
  /** Blocks of unknown types written after the interfaces (the reader must skip them). */
  readonly unknownBlocks?: number;
}

function block(little: boolean, type: number, body: (w: Writer) => void): Uint8Array {
  const inner = new Writer(little);
  body(inner);
  inner.pad();
  const total = inner.length + 12;
  return new Writer(little).u32(type).u32(total).raw(inner.bytes()).u32(total).bytes();
}

/** A pcapng file of one or more sections. */
export function pcapngFile(sections: readonly PcapngSection[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const section of sections) {
    const little = section.littleEndian ?? true;
    blocks.push(
      block(little, 0x0a0d0d0a, (w) =>
        w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff),
      ),
    );
    for (const iface of section.interfaces) {
      blocks.push(
        block(little, 1, (w) => {
          w.u16(iface.linkType)
            .u16(0)
            .u32(iface.snapLength ?? 262144);
          if (iface.name !== undefined) {
            const name = new TextEncoder().encode(iface.name);
            w.u16(2).u16(name.length).raw(name).pad();
          }
          if (iface.tsresol !== undefined) w.u16(9).u16(1).u8(iface.tsresol).pad();
          w.u16(0).u16(0);
        }),
      );
    }
    for (let i = 0; i < (section.unknownBlocks ?? 0); i++)
      blocks.push(block(little, 0x00000bad + i, (w) => w.raw([1, 2, 3, 4, 5, 6, 7])));
    for (const p of section.packets) {
      const iface = section.interfaces[p.interfaceId ?? 0];
      if (p.simple) {
        blocks.push(block(little, 3, (w) => w.u32(p.length ?? p.data.length).raw(p.data)));
        continue;
      }
      const resolution = iface?.tsresol ?? 6;
      const units = resolution & 0x80 ? 2n ** BigInt(resolution & 0x7f) : 10n ** BigInt(resolution);
      const stamp = BigInt(p.seconds) * units + (BigInt(p.nanos ?? 0) * units) / 1_000_000_000n;
      blocks.push(
        block(little, 6, (w) =>
          w
            .u32(p.interfaceId ?? 0)
            .u32(Number(stamp >> 32n))
            .u32(Number(stamp & 0xffffffffn))
            .u32(p.data.length)
            .u32(p.length ?? p.data.length)
            .raw(p.data)
            .pad(),
        ),
      );
    }
  }
  return bytes(...blocks);
}

// The F5 Ethernet trailer (F5's `tcpdump -i IF:n|nn|nnn -w`), written from the layout Wireshark's
// packet-f5ethtrailer.c reads: BIG-IP 9.4 to 13.x as TLVs of a type (1 low, 2 medium, 3 high), a
// length (the bytes after it) and a version; BIG-IP 14 and later as a header (magic F5DEB0F5, the
// whole length, version 1) and TLVs of a 16-bit provider (1 noise), type, length and version.

/** An old-format trailer TLV (BIG-IP 9.4 to 13.x). */
export function f5OldTlv(
  type: 1 | 2 | 3,
  version: number,
  ...fields: (number | Uint8Array | readonly number[])[]
): Uint8Array {
  const body = bytes(...fields);
  return bytes(type, body.length + 1, version, body);
}

/** A new-format trailer (BIG-IP 14 and later) around its TLVs. */
export function f5Trailer(...tlvs: Uint8Array[]): Uint8Array {
  const body = bytes(...tlvs);
  return bytes(u32(0xf5deb0f5), u16(8 + body.length), u16(1), body);
}

/** A new-format TLV of a provider (1: noise, whose types are 1 low, 2 medium, 3 high). */
export function f5Tlv(
  provider: number,
  type: number,
  version: number,
  ...fields: (number | Uint8Array | readonly number[])[]
): Uint8Array {
  const body = bytes(...fields);
  return bytes(u16(provider), u16(type), u16(8 + body.length), u16(version), body);
}

/** A 64-bit (or shorter) number from hex, big-endian, in `count` bytes. */
export function hexBytes(value: string, count = 8): number[] {
  const padded = value.padStart(count * 2, '0');
  return Array.from({ length: count }, (_, i) => parseInt(padded.slice(i * 2, i * 2 + 2), 16));
}

/** ASCII bytes of a name (NUL-padded to `size` when given). */
export function ascii(text: string, size?: number): number[] {
  const codes = Array.from(text, (c) => c.charCodeAt(0));
  return size === undefined ? codes : [...codes, ...new Array<number>(size - codes.length).fill(0)];
}

/** The 16 bytes the trailer holds an address in: IPv4 as ::ffff:a.b.c.d, `a.b.c.d%N` in F5's route-domain form, or IPv6. */
export function f5AddressBytes(address: string): number[] {
  const routed = /^([\d.]+)%(\d+)$/.exec(address);
  if (routed)
    return [
      0x26,
      0x20,
      0,
      0,
      0x0c,
      0x10,
      0xf5,
      0x01,
      0,
      0,
      ...u16(Number(routed[2])),
      ...ipv4Bytes(routed[1]),
    ];
  if (/^[\d.]+$/.test(address))
    return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ipv4Bytes(address)];
  return ipv6Bytes(address);
}

/** The fields of a high-noise TLV (both formats): the peer flow's protocol, VLAN, addresses and ports. */
export function f5PeerFields(peer: {
  protocol: number;
  vlan: number;
  remote: string;
  local: string;
  remotePort: number;
  localPort: number;
}): number[] {
  return [
    peer.protocol,
    ...u16(peer.vlan),
    ...f5AddressBytes(peer.remote),
    ...f5AddressBytes(peer.local),
    ...u16(peer.remotePort),
    ...u16(peer.localPort),
  ];
}

/** A reset cause (version 0): the version and peer byte, 6 bytes of code, 2 of line, the text; its length first. */
export function f5ResetCause(code: number, line: number, text: string, peer = false): number[] {
  const cause = [peer ? 1 : 0, ...hexBytes(code.toString(16), 6), ...u16(line), ...ascii(text)];
  return [cause.length, ...cause];
}

/**
 * The packets of a connection through an F5 full proxy (a virtual server with a TCP profile): the
 * client's connection to the virtual server (F5 flow A1), then the balancer's own to the pool
 * member (B2), the server side naming the client side as its peer from its SYN on, the client
 * side naming the server side once it exists; between them, another client's connection the
 * balancer refused (C3, no peer). Each: its text after `IP `, received (`in`) or sent, flow, peer.
 */
const FULL_PROXY: readonly (readonly [string, 0 | 1, string, string])[] = [
  ['10.1.1.10.51000 > 192.0.2.80.443: Flags [S], seq 1000, win 64240, length 0', 1, 'A1', '0'],
  [
    '192.0.2.80.443 > 10.1.1.10.51000: Flags [S.], seq 5000, ack 1001, win 65535, length 0',
    0,
    'A1',
    '0',
  ],
  [
    '10.1.1.10.51000 > 192.0.2.80.443: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100',
    1,
    'A1',
    '0',
  ],
  ['10.20.0.245.40123 > 10.20.0.5.8443: Flags [S], seq 9000, win 64240, length 0', 0, 'B2', 'A1'],
  ['10.9.9.9.33000 > 192.0.2.80.443: Flags [S], seq 300, win 64240, length 0', 1, 'C3', '0'],
  [
    '10.20.0.5.8443 > 10.20.0.245.40123: Flags [S.], seq 7000, ack 9001, win 65160, length 0',
    1,
    'B2',
    'A1',
  ],
  [
    '10.20.0.245.40123 > 10.20.0.5.8443: Flags [P.], seq 9001:9101, ack 7001, win 502, length 100',
    0,
    'B2',
    'A1',
  ],
  ['192.0.2.80.443 > 10.9.9.9.33000: Flags [R.], seq 0, ack 301, win 0, length 0', 0, 'C3', '0'],
  [
    '10.20.0.5.8443 > 10.20.0.245.40123: Flags [P.], seq 7001:7201, ack 9101, win 509, length 200',
    1,
    'B2',
    'A1',
  ],
  [
    '192.0.2.80.443 > 10.1.1.10.51000: Flags [P.], seq 5001:5201, ack 1101, win 509, length 200',
    0,
    'A1',
    'B2',
  ],
];

/** Each packet's F5 flow id and peer flow id in f5FullProxyDump. */
export const FULL_PROXY_FLOWS = FULL_PROXY.map(([, , flow, peer]) => [flow, peer]);

/** The TCP segment a line of FULL_PROXY shows, and its addresses. */
function fullProxySegment(text: string): { src: string; dst: string; segment: Uint8Array } {
  const m =
    /^([\d.]+)\.(\d+) > ([\d.]+)\.(\d+): Flags \[([S.PR]+)\], seq (\d+)(?::\d+)?(?:, ack (\d+))?, win (\d+), length (\d+)$/.exec(
      text,
    );
  if (!m) throw new Error(`not a segment: ${text}`);
  const flags = m[5];
  const segment = tcp({
    srcPort: Number(m[2]),
    dstPort: Number(m[4]),
    seq: Number(m[6]),
    ack: m[7] === undefined ? 0 : Number(m[7]),
    flags:
      (flags.includes('S') ? SYN : 0) |
      (flags.includes('P') ? PSH : 0) |
      (flags.includes('R') ? RST : 0) |
      (flags.includes('.') ? ACK : 0),
    window: Number(m[8]),
    payload: new Uint8Array(Number(m[9])),
  });
  return { src: m[1], dst: m[3], segment };
}

/**
 * FULL_PROXY as F5's tcpdump -i 0.0:nn prints it (`... in slot1/tmm0 lis=/Common/vs_https
 * flowid=A1 peerid=0`), and as its -w writes it: each frame with its trailer (BIG-IP 11 low and medium).
 */
export function f5FullProxyDump(): { text: string; binary: Uint8Array } {
  const text = FULL_PROXY.map(
    ([packet, ingress, flow, peer], i) =>
      `12:00:00.${String(i + 1).padStart(6, '0')} IP ${packet} ${ingress ? 'in' : 'out'} slot1/tmm0 lis=/Common/vs_https flowid=${flow} peerid=${peer}`,
  ).join('\n');
  const frames = FULL_PROXY.map(([packet, ingress, flow, peer], i) => {
    const { src, dst, segment } = fullProxySegment(packet);
    return ethernet(IPV4, ipv4({ src, dst, protocol: 6, id: 500 + i, payload: segment }), {
      trailer: bytes(
        f5OldTlv(1, 1, ingress, 0, 0, 16, ascii('/Common/vs_https')),
        f5OldTlv(2, 0, hexBytes(flow), hexBytes(peer), u32(0), 0x40, 0, u16(1), u16(1)),
      ),
    });
  });
  const binary = pcapFile(
    frames.map((data, i) => ({ data, seconds: 1_700_000_000 + i })),
    { linkType: 1 },
  );
  return { text, binary };
}

/**
 * The first packet F5's tcpdump writes (BIG-IP 11.2 and later): both MAC addresses zero, the
 * length field 0x05FF, `F5-Pseudo-pkt`, then NUL-ended `KEY: value` strings.
 */
export function f5PseudoPacket(entries: readonly string[]): Uint8Array {
  return bytes(
    new Array<number>(12).fill(0),
    u16(0x05ff),
    ascii('F5-Pseudo-pkt'),
    0,
    entries.flatMap((entry) => [...ascii(entry), 0]),
  );
}
