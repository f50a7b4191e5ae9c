// Random packets written as pcap and as pcapng (random byte order, stamp resolution, link type,
// snap length, chunking) and read back: every packet's fields are the ones written, the copy read
// from the bytes is the copy the tcpdump dialect reads from the text form, and random damage
// never throws and keeps the packets before it.
import * as assert from 'assert';
import fc from 'fast-check';
import { Row, ROW_INTS, writeRow } from '../../server/src/service/capture/engine/copyRows';
import { FlowKeyTable } from '../../server/src/service/capture/engine/flows';
import { FrameRowWriter } from '../../server/src/service/capture/engine/frameRows';
import type { PacketCopy } from '../../server/src/service/capture/reading/packet';
import { frameCopy } from '../../server/src/service/capture/reading/pcap/copy';
import { FrameDecoder } from '../../server/src/service/capture/reading/pcap/decode';
import { CaptureFileReader } from '../../server/src/service/capture/reading/pcap/file';
import { parseCapture } from '../../server/src/service/capture/reading/parser';
import { CaptureCopyReader, captureText } from '../../server/src/service/capture/reading/pcap';
import {
  ACK,
  ah,
  ascii,
  bytes,
  esp,
  ethernet,
  f5OldTlv,
  f5PeerFields,
  f5Tlv,
  f5Trailer,
  FIN,
  hexBytes,
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
  u32,
  udp,
  type FilePacket,
  pcapFile,
  pcapngFile,
} from '../pcapFiles';

/** What a random packet is made of, and so what must be read back. */
interface Spec {
  readonly v6: boolean;
  readonly src: string;
  readonly dst: string;
  readonly kind: 'tcp' | 'udp' | 'esp' | 'ah' | 'icmp' | 'ike' | 'esp-in-udp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly flags: number;
  readonly seq: number;
  readonly spi: number;
  readonly id: number;
  readonly payload: number;
  readonly ikeVersion: 0x10 | 0x20;
  readonly exchange: number;
  readonly vlans: readonly number[];
  readonly link: 'ethernet' | 'sll-in' | 'sll-out' | 'sll2-in' | 'raw' | 'null';
  /** An F5 trailer after an Ethernet frame (F5's tcpdump -i IF:n|nn|nnn -w), old or new layout. */
  readonly f5: F5Spec | null;
}

/** A random F5 trailer: its layout, noise level (1 low to 3 high) and what each level says. */
interface F5Spec {
  readonly newFormat: boolean;
  readonly level: 1 | 2 | 3;
  readonly ingress: boolean;
  readonly slot: number;
  readonly tmm: number;
  readonly name: string;
  readonly flowId: string;
  readonly peerId: string;
  readonly peer: {
    protocol: number;
    vlan: number;
    remote: string;
    local: string;
    remotePort: number;
    localPort: number;
  };
}

const ipv4Address = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((o) => o.join('.'));
const ipv6Address = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.map((g) => g.toString(16)).join(':'));

const f5Spec: fc.Arbitrary<F5Spec> = fc.record({
  newFormat: fc.boolean(),
  level: fc.constantFrom(1 as const, 2 as const, 3 as const),
  ingress: fc.boolean(),
  slot: fc.integer({ min: 1, max: 8 }),
  tmm: fc.nat(15),
  name: fc.stringMatching(/^(\/Common\/[\w.-]{1,40})?$/),
  flowId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }).map((n) => n.toString(16).toUpperCase()),
  peerId: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((n) => n.toString(16).toUpperCase()),
  peer: fc.record({
    protocol: fc.constantFrom(0, 6, 17),
    vlan: fc.nat(4094),
    remote: fc.oneof(ipv4Address, ipv6Address),
    local: fc.oneof(
      ipv4Address,
      ipv4Address.map((a) => `${a}%3`),
    ),
    remotePort: fc.nat(65535),
    localPort: fc.nat(65535),
  }),
});

/** The trailer's bytes: low, then medium and high as far as its level goes. */
function f5TrailerOf(f: F5Spec): Uint8Array {
  const name = ascii(f.name);
  const cause = [0]; // no reset cause
  if (f.newFormat)
    return f5Trailer(
      f5Tlv(1, 1, 3, f.ingress ? 1 : 0, f.slot - 1, f.tmm, name.length, name),
      ...(f.level >= 2
        ? [
            f5Tlv(
              1,
              2,
              4,
              hexBytes(f.flowId),
              hexBytes(f.peerId),
              u32(0),
              u32(0x24),
              0x40,
              0,
              u32(0),
              3,
              cause,
            ),
          ]
        : []),
      ...(f.level >= 3 ? [f5Tlv(1, 3, 1, f5PeerFields(f.peer))] : []),
    );
  return bytes(
    f5OldTlv(1, 1, f.ingress ? 1 : 0, f.slot - 1, f.tmm, name.length, name),
    f.level >= 2
      ? f5OldTlv(
          2,
          3,
          hexBytes(f.flowId),
          hexBytes(f.peerId),
          u32(0),
          u32(0x24),
          0x40,
          0,
          u16(1),
          u16(2),
          3,
          cause,
        )
      : [],
    f.level >= 3 ? f5OldTlv(3, 0, f5PeerFields(f.peer)) : [],
  );
}

const spec: fc.Arbitrary<Spec> = fc
  .record({
    v6: fc.boolean(),
    src: fc.constant(''),
    dst: fc.constant(''),
    kind: fc.constantFrom('tcp', 'udp', 'esp', 'ah', 'icmp', 'ike', 'esp-in-udp'),
    srcPort: fc.integer({ min: 1, max: 65535 }),
    dstPort: fc.integer({ min: 1, max: 65535 }),
    flags: fc.constantFrom(SYN, SYN | ACK, ACK, PSH | ACK, FIN | ACK, RST, RST | ACK),
    seq: fc.nat(0xffffffff),
    spi: fc.integer({ min: 0x100, max: 0xffffffff }),
    id: fc.integer({ min: 1, max: 65535 }),
    payload: fc.nat(300),
    ikeVersion: fc.constantFrom(0x10 as const, 0x20 as const),
    exchange: fc.constantFrom(2, 4, 5, 32, 34, 35, 36, 37),
    vlans: fc.array(fc.integer({ min: 1, max: 4094 }), { maxLength: 2 }),
    link: fc.constantFrom('ethernet', 'sll-in', 'sll-out', 'sll2-in', 'raw', 'null'),
    f5: fc.option(f5Spec),
  })
  .chain((s) =>
    fc
      .tuple(s.v6 ? ipv6Address : ipv4Address, s.v6 ? ipv6Address : ipv4Address)
      .map(([src, dst]) => ({ ...s, src, dst })),
  );

const LINKS: Readonly<Record<Spec['link'], number>> = {
  ethernet: LINKTYPE.ETHERNET,
  'sll-in': LINKTYPE.SLL,
  'sll-out': LINKTYPE.SLL,
  'sll2-in': LINKTYPE.SLL2,
  raw: LINKTYPE.RAW,
  null: LINKTYPE.NULL,
};

/** The transport of a spec, and its IP protocol number. */
function transport(s: Spec): [number, Uint8Array] {
  const data = new Uint8Array(s.payload).fill(7);
  // Ports that are not IKE's, so that plain UDP and TCP stay plain.
  const port = (p: number): number => (p === 500 || p === 4500 ? p + 1 : p);
  switch (s.kind) {
    case 'tcp':
      return [
        6,
        tcp({
          srcPort: s.srcPort,
          dstPort: s.dstPort,
          seq: s.seq,
          ack: s.seq ^ 0x5a5a,
          flags: s.flags,
          payload: data,
        }),
      ];
    case 'udp':
      return [17, udp(port(s.srcPort), port(s.dstPort), data)];
    case 'esp':
      return [50, esp(s.spi, s.seq, 16)];
    case 'ah':
      return [
        51,
        ah(s.spi, s.seq, 6, tcp({ srcPort: s.srcPort, dstPort: s.dstPort, flags: s.flags })),
      ];
    case 'icmp':
      return s.v6
        ? [58, icmp(128, 0, [...u16(s.id), ...u16(s.seq & 0xffff)], data)]
        : [1, icmp(8, 0, [...u16(s.id), ...u16(s.seq & 0xffff)], data)];
    case 'ike': {
      const header = isakmp({
        initiatorCookie: [1, 2, 3, 4, 5, 6, 7, s.id & 0xff],
        version: s.ikeVersion,
        exchange: s.exchange,
        flags: 0x08,
        messageId: s.seq & 1,
      });
      return [
        17,
        s.srcPort % 2 === 0 ? udp(500, 500, header) : udp(4500, 4500, bytes(0, 0, 0, 0, header)),
      ];
    }
    case 'esp-in-udp':
      return [17, udp(4500, 4500, esp(s.spi, s.seq, 16))];
  }
}

function frameOf(s: Spec): Uint8Array {
  const [protocol, payload] = transport(s);
  const ip = s.v6
    ? ipv6({ src: s.src, dst: s.dst, next: protocol, payload })
    : ipv4({ src: s.src, dst: s.dst, protocol, id: s.id, payload });
  const type = s.v6 ? IPV6 : IPV4;
  switch (s.link) {
    case 'ethernet':
      return ethernet(type, ip, {
        vlans: s.vlans,
        ...(s.f5 ? { trailer: f5TrailerOf(s.f5) } : {}),
      });
    case 'sll-in':
      return sll(0, type, ip);
    case 'sll-out':
      return sll(4, type, ip);
    case 'sll2-in':
      return sll2(0, type, ip);
    case 'raw':
      return ip;
    case 'null':
      return nullLoopback(s.v6 ? 30 : 2, ip);
  }
}

/** What must be read back from a spec's packet. */
function expected(s: Spec): Record<string, unknown> {
  const spi = `0x${s.spi.toString(16).padStart(8, '0')}`;
  const facts: Record<string, unknown> = {
    src: s.v6 ? canonical(s.src) : s.src,
    dst: s.v6 ? canonical(s.dst) : s.dst,
    direction:
      s.link === 'sll-in' || s.link === 'sll2-in' ? 'in' : s.link === 'sll-out' ? 'out' : undefined,
  };
  const f5 = s.link === 'ethernet' ? s.f5 : null;
  if (f5) {
    facts.direction = f5.ingress ? 'in' : 'out';
    facts.virtualServer = f5.name === '' ? undefined : f5.name;
    facts.flowId = f5.level >= 2 ? f5.flowId : undefined;
    const peer = f5.level === 3 && /[^0]/.test(f5.peerId);
    facts.peer = peer
      ? `${f5.peer.remote.includes(':') ? canonical(f5.peer.remote) : f5.peer.remote} ${f5.peer.local}`
      : undefined;
  }
  const port = (p: number): number => (p === 500 || p === 4500 ? p + 1 : p);
  switch (s.kind) {
    case 'tcp':
      return {
        ...facts,
        protocol: 'tcp',
        srcPort: s.srcPort,
        dstPort: s.dstPort,
        tcpSeq: String(s.seq),
        payload: s.payload,
      };
    case 'udp':
      return { ...facts, protocol: 'udp', srcPort: port(s.srcPort), dstPort: port(s.dstPort) };
    case 'esp':
      return { ...facts, protocol: 'esp', spi };
    case 'ah':
      return { ...facts, protocol: 'ah', spi };
    case 'icmp':
      return { ...facts, protocol: s.v6 ? 'icmp6' : 'icmp', echo: s.id };
    case 'ike':
      return {
        ...facts,
        protocol: 'udp',
        srcPort: s.srcPort % 2 === 0 ? 500 : 4500,
        dstPort: s.srcPort % 2 === 0 ? 500 : 4500,
        ike: s.ikeVersion === 0x20 ? 2 : 1,
      };
    case 'esp-in-udp':
      return { ...facts, protocol: 'udp', srcPort: 4500, dstPort: 4500, spi };
  }
}

/** The same facts, read from a copy. */
function readBack(c: PacketCopy, s: Spec): Record<string, unknown> {
  const facts: Record<string, unknown> = { src: c.src, dst: c.dst, direction: c.direction };
  if (s.link === 'ethernet' && s.f5) {
    facts.virtualServer = c.virtualServer;
    facts.flowId = c.f5?.flowId;
    facts.peer = c.f5?.peer ? `${c.f5.peer.remote} ${c.f5.peer.local}` : undefined;
  }
  switch (s.kind) {
    case 'tcp':
      return {
        ...facts,
        protocol: c.protocol,
        srcPort: c.srcPort,
        dstPort: c.dstPort,
        tcpSeq: c.tcp?.seq,
        payload: c.tcp?.length,
      };
    case 'udp':
      return { ...facts, protocol: c.protocol, srcPort: c.srcPort, dstPort: c.dstPort };
    case 'esp':
    case 'esp-in-udp':
      return {
        ...facts,
        protocol: c.protocol,
        ...(c.srcPort !== undefined ? { srcPort: c.srcPort, dstPort: c.dstPort } : {}),
        spi: c.esp?.spi,
      };
    case 'ah':
      return { ...facts, protocol: c.protocol, spi: c.ah?.spi };
    case 'icmp':
      return { ...facts, protocol: c.protocol, echo: c.icmp?.id };
    case 'ike':
      return {
        ...facts,
        protocol: c.protocol,
        srcPort: c.srcPort,
        dstPort: c.dstPort,
        ike: c.ike?.version,
      };
  }
}

/** An IPv6 address as RFC 5952 writes it. */
function canonical(address: string): string {
  const groups = address.split(':').map((g) => parseInt(g, 16));
  let best = -1;
  let length = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > length && j - i >= 2) [best, length] = [i, j - i];
    i = j > i ? j : i + 1;
  }
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `::ffff:${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  return best < 0 ? hex(0, 8) : `${hex(0, best)}::${hex(best + length, 8)}`;
}

function copiesOf(
  file: Uint8Array,
  chunk: number,
): { copies: PacketCopy[]; fault: string | undefined } {
  const copies: PacketCopy[] = [];
  const reader = new CaptureCopyReader((copy) => copies.push(copy));
  for (let at = 0; at < file.length; at += chunk)
    if (!reader.push(file.subarray(at, at + chunk))) break;
  return { copies, fault: reader.end() };
}

function fieldsOf(copy: PacketCopy): unknown {
  const { line, endLine, start, headEnd, end, details, ...fields } = copy;
  void [line, endLine, start, headEnd, end, details];
  return JSON.parse(JSON.stringify(fields));
}

/**
 * A random IPv4 frame (Ethernet, Linux cooked or raw) of the forms rows are written for straight from the bytes (frameRows.ts),
 * and of their near neighbours, which must be left to the whole decoding: any TCP flags, absolute
 * and relative sequence numbers, no IP id, private addresses (a UDP likeness notes them), ICMP
 * other than echo, IKE messages of every version, exchange and role (cut short too, behind the
 * non-ESP marker, NAT keepalives), ESP in UDP, later fragments, padding or an F5 trailer after the
 * packet, a capture cut short.
 */
const rowFrame = fc
  .record({
    base: spec,
    flags: fc.nat(255),
    seq: fc.oneof(fc.nat(0xffffffff), fc.nat(2_000_000), fc.nat(99)),
    spi: fc.oneof(fc.nat(0xffffffff), fc.nat(0xffff)),
    ipId: fc.constantFrom(0, 1, 0xffff, 4242),
    icmpType: fc.constantFrom(0, 8, 0, 8, 3, 11, 13),
    src: fc.oneof(
      ipv4Address,
      fc.constantFrom('10.1.2.3', '172.16.0.9', '172.32.0.9', '192.168.1.1'),
    ),
    dst: fc.oneof(ipv4Address, fc.constantFrom('10.0.0.1', '172.31.255.1', '192.169.0.1')),
    udpPort: fc.constantFrom(53, 500, 4500, 4789, 65535),
    offset: fc.constantFrom(0, 0, 0, 8, 1480),
    after: fc.oneof(fc.constant('none'), fc.constant('padding'), fc.constant('f5')),
    padding: fc.integer({ min: 1, max: 24 }),
    cut: fc.option(fc.nat(80)),
    // IKE: a message of one of two conversations between two hosts, either way, so that an IKEv1
    // initiator's cookie seen first makes a later message I, R or ? (the decoder keeps it).
    ike: fc.record({
      conversation: fc.nat(1),
      reversed: fc.boolean(),
      responder: fc.boolean(),
      version: fc.constantFrom(0x10 as const, 0x20 as const),
      exchange: fc.constantFrom(2, 4, 5, 32, 34, 35, 36, 37, 99),
      flags: fc.constantFrom(0, 0x08, 0x20, 0x28),
      messageId: fc.constantFrom(0, 7),
      carried: fc.constantFrom('500', '4500', 'keepalive'),
      cut: fc.option(fc.nat(27)),
    }),
  })
  .map((r): ((link: RowLink, packetType: number) => FilePacket) => {
    const ike = r.ike;
    const hosts = ['10.1.2.3', '198.51.100.7'];
    const s = {
      ...r.base,
      v6: false,
      src: r.base.kind === 'ike' ? hosts[ike.reversed ? 1 : 0] : r.src,
      dst: r.base.kind === 'ike' ? hosts[ike.reversed ? 0 : 1] : r.dst,
      seq: r.seq,
      spi: r.spi,
    };
    const message = isakmp({
      initiatorCookie: [1, 2, 3, 4, 5, 6, 7, ike.conversation],
      ...(ike.responder ? { responderCookie: [9, 9, 9, 9, 9, 9, 9, ike.conversation] } : {}),
      version: ike.version,
      exchange: ike.exchange,
      flags: ike.flags,
      messageId: ike.messageId,
    });
    const ikeMessage = ike.cut === null ? message : message.subarray(0, ike.cut);
    const [protocol, payload] =
      s.kind === 'ike'
        ? [
            17,
            ike.carried === '500'
              ? udp(500, 500, ikeMessage)
              : ike.carried === '4500'
                ? udp(4500, 4500, bytes(0, 0, 0, 0, ikeMessage))
                : udp(4500, 4500, bytes(0xff)),
          ]
        : s.kind === 'tcp'
          ? [
              6,
              tcp({
                srcPort: s.srcPort,
                dstPort: s.dstPort,
                seq: r.seq,
                ack: ~r.seq >>> 0,
                flags: r.flags,
                payload: new Uint8Array(s.payload),
              }),
            ]
          : s.kind === 'udp'
            ? [17, udp(r.udpPort, s.dstPort, new Uint8Array(s.payload))]
            : s.kind === 'icmp'
              ? [
                  1,
                  icmp(
                    r.icmpType,
                    0,
                    [...u16(s.id), ...u16(r.seq & 0xffff)],
                    new Uint8Array(s.payload),
                  ),
                ]
              : transport(s);
    const ip = ipv4({ src: s.src, dst: s.dst, protocol, id: r.ipId, offset: r.offset, payload });
    const trailer =
      r.after === 'padding'
        ? new Uint8Array(r.padding)
        : r.after === 'f5' && s.f5
          ? f5TrailerOf(s.f5)
          : undefined;
    /** The frame on a file's link type (a Linux cooked one with its packet type: 0 in, 1 broadcast, 4 out). */
    return (link: RowLink, packetType: number): FilePacket => {
      const data =
        link === 'ethernet'
          ? ethernet(IPV4, ip, { vlans: s.vlans, ...(trailer ? { trailer } : {}) })
          : link === 'sll'
            ? sll(packetType, IPV4, ip)
            : link === 'sll2'
              ? sll2(packetType, IPV4, ip)
              : ip;
      return r.cut === null || r.cut >= data.length
        ? { data, seconds: 1 }
        : { data: data.subarray(0, r.cut), seconds: 1, length: data.length };
    };
  });

type RowLink = 'ethernet' | 'sll' | 'sll2' | 'raw';
const ROW_LINKS: Readonly<Record<RowLink, number>> = {
  ethernet: LINKTYPE.ETHERNET,
  sll: LINKTYPE.SLL,
  sll2: LINKTYPE.SLL2,
  raw: LINKTYPE.RAW,
};

/** The rows of a file's packets, from the bytes where FrameRowWriter writes them (`fast` of them), else from each packet's copy. */
function rowsOf(
  file: Uint8Array,
  fromBytes: boolean,
): { rows: Int32Array[]; words: string[]; fast: number } {
  const table = new FlowKeyTable();
  const decoder = new FrameDecoder();
  const writer = new FrameRowWriter(table, decoder);
  const rows: Int32Array[] = [];
  let fast = 0;
  const reader = new CaptureFileReader((raw) => {
    const row = new Int32Array(ROW_INTS);
    if (fromBytes && writer.write(raw, raw.number - 1, row, 0)) fast++;
    else
      writeRow(
        frameCopy(raw, decoder.frame(raw.data, raw.linkType), raw.number - 1, false),
        table,
        row,
        0,
      );
    row[Row.DIALECT] = 0; // the feed's to set
    rows.push(row);
  });
  reader.push(file);
  assert.strictEqual(reader.end(), undefined);
  return { rows, words: table.texts, fast };
}

const file = fc.record({
  specs: fc.array(spec, { minLength: 1, maxLength: 12 }),
  format: fc.constantFrom('pcap', 'pcapng'),
  littleEndian: fc.boolean(),
  nanoseconds: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 4096 }),
  seconds: fc.nat(0x7fffffff),
  nanos: fc.nat(999_999_999),
});

describe('binary captures, at random', () => {
  it('reads back every packet written, in pcap and pcapng, whatever the chunks; the bytes and the text form read alike', () => {
    fc.assert(
      fc.property(file, (f) => {
        // One link type per file (pcap), one interface per link type (pcapng).
        const linkTypes =
          f.format === 'pcap'
            ? [LINKS[f.specs[0].link]]
            : [...new Set(f.specs.map((s) => LINKS[s.link]))];
        const specs =
          f.format === 'pcap' ? f.specs.filter((s) => LINKS[s.link] === linkTypes[0]) : f.specs;
        const packets: FilePacket[] = specs.map((s, i) => ({
          data: frameOf(s),
          seconds: f.seconds + i,
          nanos: f.nanos,
          interfaceId: linkTypes.indexOf(LINKS[s.link]),
        }));
        const bytes =
          f.format === 'pcap'
            ? pcapFile(packets, {
                linkType: linkTypes[0],
                littleEndian: f.littleEndian,
                nanoseconds: f.nanoseconds,
              })
            : pcapngFile([
                {
                  littleEndian: f.littleEndian,
                  interfaces: linkTypes.map((linkType) => ({
                    linkType,
                    tsresol: f.nanoseconds ? 9 : 6,
                  })),
                  packets,
                },
              ]);
        const { copies, fault } = copiesOf(bytes, f.chunk);
        assert.strictEqual(fault, undefined);
        assert.deepStrictEqual(
          copies.map((c, i) => readBack(c, specs[i])),
          specs.map(expected),
        );
        const text = captureText(bytes, 'random.cap');
        const parsed = parseCapture(text.text);
        assert.deepStrictEqual(parsed.unrecognised, []);
        assert.deepStrictEqual(parsed.copies.map(fieldsOf), copies.map(fieldsOf));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the row of a common frame straight from its bytes as it writes the row of its copy', () => {
    let fast = 0;
    let all = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<RowLink>('ethernet', 'ethernet', 'sll', 'sll2', 'raw'),
        fc.constantFrom(0, 1, 4),
        fc.array(rowFrame, { minLength: 1, maxLength: 16 }),
        (link, packetType, frames) => {
          const packets = frames.map((frame) => frame(link, packetType));
          const bytes = pcapFile(packets, { linkType: ROW_LINKS[link] });
          const fromBytes = rowsOf(bytes, true);
          const fromCopies = rowsOf(bytes, false);
          assert.deepStrictEqual(
            fromBytes.rows.map((row) => [...row]),
            fromCopies.rows.map((row) => [...row]),
          );
          assert.deepStrictEqual(fromBytes.words, fromCopies.words);
          fast += fromBytes.fast;
          all += packets.length;
        },
      ),
      { numRuns: 400 },
    );
    // Both ways are taken often: the comparison is of rows written from the bytes.
    assert.ok(fast > all / 20 && fast < all, `${fast} of ${all} rows from the bytes`);
  });

  it('reads a damaged file without throwing, keeping the packets before the damage', () => {
    fc.assert(
      fc.property(file, fc.nat(), fc.nat(255), fc.boolean(), (f, at, value, cut) => {
        const packets = f.specs
          .filter((s) => s.link === 'ethernet')
          .map((s, i) => ({ data: frameOf(s), seconds: f.seconds + i }));
        const whole =
          f.format === 'pcap'
            ? pcapFile(packets, { linkType: 1 })
            : pcapngFile([{ interfaces: [{ linkType: 1 }], packets }]);
        const where = at % (whole.length + 1);
        const damaged = cut ? whole.subarray(0, where) : whole.slice();
        if (!cut && where < whole.length) damaged[where] = value;
        const good = copiesOf(whole, whole.length).copies;
        const { copies, fault } = copiesOf(damaged, f.chunk);
        // A cut file keeps every packet before the cut, as written.
        if (cut) copies.forEach((c, i) => assert.deepStrictEqual(fieldsOf(c), fieldsOf(good[i])));
        if (fault !== undefined) assert.ok(fault.length < 400 && !fault.includes('\n'), fault);
        captureText(damaged, 'damaged.cap');
      }),
      { numRuns: 300 },
    );
  });
});
