// The binary capture files tcpdump, Wireshark and balancers save: pcap (libpcap's format, either
// byte order, microsecond or nanosecond time stamps) and pcapng (sections, interfaces with their
// own link type and time resolution, enhanced, simple and obsolete packet blocks; any other block
// skipped by its length). The reader takes the file in chunks of any size and hands out each
// packet as soon as its bytes are in, so a file of any size is read without being held: only the
// bytes of one unfinished record are carried from one chunk to the next. It never throws: the
// first fault (a wrong magic number, a cut, an impossible length) stops it with one message, and
// the packets before it have been handed out.
// Formats: https://www.tcpdump.org/manpages/pcap-savefile.5.html and
// https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng (sections 3 and 4).

/** The two binary formats. */
export type CaptureFileFormat = 'pcap' | 'pcapng';

/** One packet as the file holds it. The object and its bytes are the reader's: valid during the call only. */
export interface RawPacket {
  /** Its number in the file, the first being 1. */
  number: number;
  /** The link type of its interface (LINKTYPE_ETHERNET 1, LINUX_SLL 113, ...). */
  linkType: number;
  /** Seconds since 1970 (UTC). */
  seconds: number;
  /** Nanoseconds within the second. */
  nanos: number;
  /** How many digits of the fraction the file's resolution gives: 6 (microseconds) or 9. */
  digits: 6 | 9;
  /** The bytes captured (perhaps fewer than the packet had: the snap length cut it). */
  readonly data: Uint8Array;
  /** The bytes read with it, in which `data` is [start, end): read in place without a view per packet. */
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** The packet's length on the wire. */
  length: number;
  /** The pcapng interface's index in its section (0 in a pcap file). */
  interfaceId: number;
  /** The pcapng interface's name (`if_name`), if the file gives one. */
  interfaceName: string | undefined;
}

/** The reader's packet: its data a view made only when asked for. */
class PacketInBytes implements RawPacket {
  number = 0;
  linkType = 1;
  seconds = 0;
  nanos = 0;
  digits: 6 | 9 = 6;
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  length = 0;
  interfaceId = 0;
  interfaceName: string | undefined = undefined;

  get data(): Uint8Array {
    return this.bytes.subarray(this.start, this.end);
  }

  /** Places the packet's data at [start, end) of `bytes`. */
  place(bytes: Uint8Array, start: number, end: number): void {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
  }
}

/** How much of a chunk is joined to the carry of the one before to complete its cut record. */
const CARRY_HEAD = 1 << 16;

/** Two pieces of bytes, one after the other, in new memory. */
function joinBytes(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/** A pcapng interface description, as far as reading packets needs it. */
interface Interface {
  readonly linkType: number;
  readonly snapLength: number;
  /** Time stamp units per second. */
  readonly units: number;
  /** Seconds added to every time stamp (`if_tsoffset`). */
  readonly offset: number;
  readonly name: string | undefined;
}

/** libpcap's largest snap length: a pcap header's 0, or anything larger, means this. */
const MAX_SNAP_LENGTH = 262_144;
/** The largest block this reader accepts (Wireshark's limit too): a larger length is a corrupt file. */
const MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

const PCAPNG_SECTION = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;
const BLOCK_INTERFACE = 1;
const BLOCK_OBSOLETE_PACKET = 2;
const BLOCK_SIMPLE_PACKET = 3;
const BLOCK_ENHANCED_PACKET = 6;

/** Which format a file's first four bytes say it is (and its byte order), if any. */
export function captureFileFormat(bytes: Uint8Array): CaptureFileFormat | undefined {
  if (bytes.length < 4) return undefined;
  const magic = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (magic === PCAPNG_SECTION) return 'pcapng';
  if (magic === 0xa1b2c3d4 || magic === 0xd4c3b2a1 || magic === 0xa1b23c4d || magic === 0x4d3cb2a1)
    return 'pcap';
  return undefined;
}

/** The link type names tcpdump prints in its `reading from file` line. */
export function linkTypeName(linkType: number): string {
  switch (linkType) {
    case 0:
      return 'NULL (BSD loopback)';
    case 1:
      return 'EN10MB (Ethernet)';
    case 12:
    case 14:
    case 101:
      return 'RAW (Raw IP)';
    case 108:
      return 'LOOP (OpenBSD loopback)';
    case 113:
      return 'LINUX_SLL (Linux cooked v1)';
    case 228:
      return 'IPV4 (Raw IPv4)';
    case 229:
      return 'IPV6 (Raw IPv6)';
    case 276:
      return 'LINUX_SLL2 (Linux cooked v2)';
    default:
      return `${linkType} (unknown)`;
  }
}

/**
 * Reads a pcap or pcapng file pushed in chunks, handing each packet to `onPacket` in file order.
 * `fault` says why it stopped early; `end()` says whether the file was cut short.
 */
export class CaptureFileReader {
  /** The file's format, once its first bytes are in. */
  format: CaptureFileFormat | undefined;
  /** Why reading stopped before the end of the file; undefined while all is well. */
  fault: string | undefined;
  /** The link type of the first interface (pcap: the file's). */
  firstLinkType: number | undefined;
  /** The snap length of the first interface (pcap: the file's). */
  firstSnapLength: number | undefined;
  /** How many packets were handed out. */
  packets = 0;

  private carry: Uint8Array | undefined;
  /** Offset in the file of the first byte not yet read (of `carry` when there is one). */
  private offset = 0;
  private littleEndian = false;
  // pcap
  private units = 1_000_000;
  private snapLength = MAX_SNAP_LENGTH;
  private linkType = 1;
  // pcapng
  private interfaces: Interface[] = [];
  private readonly packet = new PacketInBytes();

  /** A reader that hands each packet to `onPacket` (the packet object is reused: copy what you keep). */
  constructor(private readonly onPacket: (packet: RawPacket) => void) {}

  /** Bytes of the file read so far (up to the last whole record). */
  get bytesRead(): number {
    return this.offset;
  }

  /** Reads the next chunk of the file; false once reading has stopped at a fault. */
  push(chunk: Uint8Array): boolean {
    if (this.fault !== undefined) return false;
    let bytes = chunk;
    const carry = this.carry;
    if (carry) {
      this.carry = undefined;
      // The record the last chunk cut, completed from this chunk's head: the rest of the chunk is
      // read in place rather than copied after the carry.
      const head = Math.min(chunk.length, CARRY_HEAD);
      const joined = joinBytes(carry, chunk.subarray(0, head));
      const used = this.read(joined);
      this.offset += used;
      if (this.fault !== undefined) return false;
      bytes =
        used >= carry.length
          ? chunk.subarray(used - carry.length)
          : joinBytes(joined.subarray(used), chunk.subarray(head)); // a record longer than the head
    }
    const used = this.read(bytes);
    this.offset += used;
    if (this.fault === undefined && used < bytes.length) this.carry = bytes.slice(used);
    return this.fault === undefined;
  }

  /** Ends the file: a record left unfinished means the file was cut short. Answers the fault, if any. */
  end(): string | undefined {
    if (this.fault !== undefined) return this.fault;
    if (this.format === undefined) {
      this.fault =
        this.carry === undefined || this.carry.length === 0
          ? 'the file is empty'
          : 'the file is too short to be a pcap or pcapng capture';
    } else if (this.carry && this.carry.length > 0) {
      const what = this.headerRead()
        ? this.format === 'pcap'
          ? `inside packet ${this.packets + 1}`
          : `inside the block after packet ${this.packets}`
        : 'inside its file header';
      this.fault = `the file is cut short ${what}, at byte ${this.offset + this.carry.length}: ${this.kept()}`;
    }
    this.carry = undefined;
    return this.fault;
  }

  private kept(): string {
    if (this.packets === 0) return 'no packet comes before it';
    return this.packets === 1
      ? 'the packet before it is read'
      : `the ${this.packets} packets before it are read`;
  }

  private headerRead(): boolean {
    return this.format === 'pcapng' ? this.sectionSeen : this.pcapHeaderRead;
  }

  private sectionSeen = false;
  private pcapHeaderRead = false;

  private stop(message: string): number {
    this.fault = message;
    return 0;
  }

  /** Reads as many whole records as `bytes` holds; answers how many bytes they took. */
  private read(bytes: Uint8Array): number {
    if (this.format === undefined) {
      if (bytes.length < 4) return 0;
      const format = captureFileFormat(bytes);
      if (format === undefined) {
        const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(
          '',
        );
        return this.stop(
          `the file is neither a pcap nor a pcapng capture: it starts with 0x${hex}, not a pcap magic number (a1b2c3d4, a1b23c4d, either byte order) nor a pcapng section header (0a0d0d0a)`,
        );
      }
      this.format = format;
    }
    return this.format === 'pcap' ? this.readPcap(bytes) : this.readPcapng(bytes);
  }

  private readPcap(bytes: Uint8Array): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    if (!this.pcapHeaderRead) {
      if (bytes.length < 24) return 0;
      const magic = view.getUint32(0, false);
      this.littleEndian = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
      this.units = magic === 0xa1b23c4d || magic === 0x4d3cb2a1 ? 1_000_000_000 : 1_000_000;
      const snap = view.getUint32(16, this.littleEndian);
      this.snapLength = snap === 0 || snap > MAX_SNAP_LENGTH ? MAX_SNAP_LENGTH : snap;
      // The upper bits of the link type field carry the FCS length: the link type is the lower 16.
      this.linkType = view.getUint32(20, this.littleEndian) & 0xffff;
      this.firstLinkType = this.linkType;
      this.firstSnapLength = snap;
      this.pcapHeaderRead = true;
      at = 24;
    }
    const little = this.littleEndian;
    const packet = this.packet;
    packet.linkType = this.linkType;
    packet.digits = this.units === 1_000_000 ? 6 : 9;
    const scale = this.units === 1_000_000 ? 1000 : 1;
    while (at + 16 <= bytes.length) {
      const captured = view.getUint32(at + 8, little);
      if (captured > this.snapLength) {
        return (
          at +
          this.stop(
            `packet ${this.packets + 1}, at byte ${this.offset + at}, says it holds ${captured} bytes, more than the file's snap length of ${this.snapLength}: the file is damaged there; ${this.kept()}`,
          )
        );
      }
      if (at + 16 + captured > bytes.length) break;
      const fraction = view.getUint32(at + 4, little);
      if (fraction >= this.units) {
        return (
          at +
          this.stop(
            `packet ${this.packets + 1}, at byte ${this.offset + at}, has an impossible time stamp (${fraction} ${this.units === 1_000_000 ? 'microseconds' : 'nanoseconds'} within a second): the file is damaged there; ${this.kept()}`,
          )
        );
      }
      packet.number = ++this.packets;
      packet.seconds = view.getUint32(at, little);
      packet.nanos = fraction * scale;
      packet.length = Math.max(view.getUint32(at + 12, little), captured);
      packet.place(bytes, at + 16, at + 16 + captured);
      packet.interfaceId = 0;
      packet.interfaceName = undefined;
      this.onPacket(packet);
      at += 16 + captured;
    }
    return at;
  }

  private readPcapng(bytes: Uint8Array): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    while (at + 12 <= bytes.length) {
      let type = view.getUint32(at, this.littleEndian);
      if (type === PCAPNG_SECTION || !this.sectionSeen) {
        if (view.getUint32(at, false) !== PCAPNG_SECTION)
          return (
            at +
            this.stop(
              `the block at byte ${this.offset + at} should be a pcapng section header and is not: the file is damaged there; ${this.kept()}`,
            )
          );
        // A new section: its own byte order, its own interfaces.
        const order = view.getUint32(at + 8, false);
        if (order !== PCAPNG_BYTE_ORDER && order !== 0x4d3c2b1a)
          return (
            at +
            this.stop(
              `the pcapng section header at byte ${this.offset + at} has no byte-order magic (1a2b3c4d): the file is damaged there; ${this.kept()}`,
            )
          );
        this.littleEndian = order === 0x4d3c2b1a;
        type = PCAPNG_SECTION;
      }
      const length = view.getUint32(at + 4, this.littleEndian);
      if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK_LENGTH) {
        return (
          at +
          this.stop(
            `the pcapng block at byte ${this.offset + at} has an impossible length of ${length} bytes (a block is a multiple of 4, at least 12 and here at most ${MAX_BLOCK_LENGTH}): the file is damaged there; ${this.kept()}`,
          )
        );
      }
      if (at + length > bytes.length) break;
      if (view.getUint32(at + length - 4, this.littleEndian) !== length) {
        return (
          at +
          this.stop(
            `the pcapng block at byte ${this.offset + at} does not end with its length (${length}) repeated: the file is damaged there; ${this.kept()}`,
          )
        );
      }
      const problem = this.block(type, view, bytes, at, length);
      if (problem !== undefined)
        return at + this.stop(`${problem}: the file is damaged there; ${this.kept()}`);
      at += length;
    }
    return at;
  }

  /** Reads one whole pcapng block; answers what is wrong with it, if anything. */
  private block(
    type: number,
    view: DataView,
    bytes: Uint8Array,
    at: number,
    length: number,
  ): string | undefined {
    const little = this.littleEndian;
    const where = `byte ${this.offset + at}`;
    if (type === PCAPNG_SECTION) {
      if (length < 28)
        return `the pcapng section header at ${where} is too short (${length} bytes)`;
      this.sectionSeen = true;
      this.interfaces = [];
      return undefined;
    }
    if (type === BLOCK_INTERFACE) {
      if (length < 20)
        return `the interface description at ${where} is too short (${length} bytes)`;
      let units = 1_000_000;
      let offset = 0;
      let name: string | undefined;
      for (let o = at + 16; o + 4 <= at + length - 4;) {
        const code = view.getUint16(o, little);
        const size = view.getUint16(o + 2, little);
        if (code === 0 || o + 4 + size > at + length - 4) break;
        if (code === 2)
          name = new TextDecoder().decode(bytes.subarray(o + 4, o + 4 + size)).replace(/\0+$/, '');
        if (code === 9 && size >= 1) {
          const r = bytes[o + 4];
          units = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
        }
        if (code === 14 && size >= 8) offset = Number(view.getBigInt64(o + 4, little));
        o += 4 + ((size + 3) & ~3);
      }
      const linkType = view.getUint16(at + 8, little);
      const snapLength = view.getUint32(at + 12, little);
      this.interfaces.push({ linkType, snapLength, units, offset, name });
      if (this.firstLinkType === undefined) {
        this.firstLinkType = linkType;
        this.firstSnapLength = snapLength;
      }
      return undefined;
    }
    const packet = this.packet;
    let interfaceId = 0;
    let captured: number;
    let original: number;
    let dataAt: number;
    let high = 0;
    let low = 0;
    if (type === BLOCK_ENHANCED_PACKET || type === BLOCK_OBSOLETE_PACKET) {
      if (length < 32) return `the packet block at ${where} is too short (${length} bytes)`;
      interfaceId =
        type === BLOCK_ENHANCED_PACKET
          ? view.getUint32(at + 8, little)
          : view.getUint16(at + 8, little);
      high = view.getUint32(at + 12, little);
      low = view.getUint32(at + 16, little);
      captured = view.getUint32(at + 20, little);
      original = view.getUint32(at + 24, little);
      dataAt = at + 28;
      if (dataAt + captured > at + length - 4)
        return `packet ${this.packets + 1}, at ${where}, says it holds ${captured} bytes, more than its block of ${length} bytes`;
    } else if (type === BLOCK_SIMPLE_PACKET) {
      if (length < 16) return `the simple packet block at ${where} is too short (${length} bytes)`;
      original = view.getUint32(at + 8, little);
      dataAt = at + 12;
      const iface = this.interfaces[0];
      captured = Math.min(
        original,
        length - 16,
        iface && iface.snapLength > 0 ? iface.snapLength : original,
      );
    } else {
      return undefined; // name resolution, statistics, custom and any other block: skipped by its length
    }
    const iface = this.interfaces[interfaceId];
    if (iface === undefined)
      return `packet ${this.packets + 1}, at ${where}, names interface ${interfaceId}, which no interface description of its section defines`;
    if (iface.snapLength > 0 && captured > iface.snapLength)
      return `packet ${this.packets + 1}, at ${where}, says it holds ${captured} bytes, more than its interface's snap length of ${iface.snapLength}`;
    packet.number = ++this.packets;
    packet.linkType = iface.linkType;
    packet.interfaceId = interfaceId;
    packet.interfaceName = iface.name;
    packet.length = Math.max(original, captured);
    packet.place(bytes, dataAt, dataAt + captured);
    packet.digits = iface.units > 1_000_000 ? 9 : 6;
    if (type === BLOCK_SIMPLE_PACKET) {
      packet.seconds = 0;
      packet.nanos = 0;
    } else {
      setTime(packet, high, low, iface.units);
      packet.seconds += iface.offset;
    }
    this.onPacket(packet);
    return undefined;
  }
}

/** Splits a 64-bit count of `units` per second into seconds and nanoseconds. */
function setTime(packet: RawPacket, high: number, low: number, units: number): void {
  const value = high * 4_294_967_296 + low;
  if (value <= Number.MAX_SAFE_INTEGER) {
    const seconds = Math.floor(value / units);
    packet.seconds = seconds;
    packet.nanos = Math.floor(((value - seconds * units) * 1_000_000_000) / units);
    return;
  }
  const big = (BigInt(high) << 32n) | BigInt(low);
  const perSecond = BigInt(units);
  packet.seconds = Number(big / perSecond);
  packet.nanos = Number(((big % perSecond) * 1_000_000_000n) / perSecond);
}
