// The records `inspect --json` prints, drafted while the dump is read and finished once the flows
// are known (inspect.ts says why it takes two steps). A dump of a million lines makes a million
// records, so a draft is a few numbers, never a string or an object: the record's line, its
// copy's words as the inspector's FlowKeyTable numbers them (addresses, protocol, SPI), its ports,
// its flow reference and its other copy. The host keeps the drafts where it likes (the command
// line: a temporary file) and hands them back in pieces of any size; the finisher writes their
// JSON Lines, each word's JSON written out once. Pure: no file system.
import { hashTuple } from './tupleIds';
/**
 * What the reading pass learnt, to finish the drafts with: the flows, and the words drafts name
 * by number. Plain data (arrays of numbers and strings), so another thread can finish drafts too.
 */
export interface InspectTables {
  /** Per flow key (FlowKeyTable): the number of its flow, 0 for none. */
  readonly flowOfKey: Int32Array;
  /** Per quoted key waiting to be resolved (a draft's reference -2 - n): the number of its flow, 0 for none. */
  readonly flowOfQuote: Int32Array;
  /** Per word (FlowKeyTable): its text (an address, a protocol, an SPI). */
  readonly words: readonly string[];
  /** Per word: the value of the IPv4 address it is, -1 for any other word. */
  readonly ipv4s: readonly number[];
}

/**
 * Where each field of a draft sits among its DRAFT_INTS 32-bit integers. Drafts are written in the
 * machine's byte order (the process that writes them reads them back); the inspector holds its
 * records in this form until they are handed out.
 */
export const Draft = {
  /** Zero-based. */
  LINE: 0,
  /** Zero-based; -1 for a line not understood. */
  END_LINE: 1,
  /** 0 axdebug, 1 tcpdump, 2 pcap, 3 pcapng (DRAFT_DIALECTS). */
  DIALECT: 2,
  /** Words (FlowKeyTable): -1 for none. */
  SRC: 3,
  DST: 4,
  PROTOCOL: 5,
  /** FlowKeyTable.number: -1 for none. */
  SRC_PORT: 6,
  DST_PORT: 7,
  SPI: 8,
  /** The flow key index (>= 0), a quoted key waiting to be resolved (<= -2), or none (-1). */
  REFERENCE: 9,
  /** The other copy's first line (1-based), 0 for none. */
  PAIRED_WITH: 10,
  /** F5 tcpdump: the virtual server's word, -1 for none. */
  VIRTUAL_SERVER: 11,
} as const;
/** How many integers a draft is. */
export const DRAFT_INTS = 12;
const { LINE, END_LINE, DIALECT, SRC, DST, PROTOCOL, SRC_PORT, DST_PORT, SPI } = Draft;
const { REFERENCE, PAIRED_WITH, VIRTUAL_SERVER } = Draft;
const DRAFT_BYTES = DRAFT_INTS * 4;

/** How many drafts a piece handed to the host holds. */
const DRAFTS_PER_PIECE = 16_384;

/**
 * Encodes the inspector's records as drafts and hands them to `write` in pieces (a piece is valid
 * until `write` returns: the writer reuses its memory for the next).
 */
export class DraftWriter {
  private ints = new Int32Array(DRAFTS_PER_PIECE * DRAFT_INTS);
  private count = 0;

  constructor(private readonly write: (drafts: Uint8Array) => void) {}

  /** Drafts one record: the DRAFT_INTS integers of `drafts` from `at` (a CaptureInspector's sink). */
  add(drafts: Int32Array, at: number): void {
    const to = this.count * DRAFT_INTS;
    for (let i = 0; i < DRAFT_INTS; i++) this.ints[to + i] = drafts[at + i];
    if (++this.count === DRAFTS_PER_PIECE) this.flush();
  }

  /** Hands out what is drafted so far. */
  flush(): void {
    if (this.count === 0) return;
    this.write(new Uint8Array(this.ints.buffer, 0, this.count * DRAFT_BYTES));
    this.count = 0;
  }
}

const encoder = new TextEncoder();
const bytesOf = (text: string): Uint8Array => encoder.encode(text);

// The JSON around the values, written out once.
const LINE_NAME = bytesOf('{"line":');
const UNRECOGNISED = bytesOf(',"unrecognised":true');
const END_LINE_NAME = bytesOf(',"endLine":');
/** What a draft's DIALECT number stands for. */
export const DRAFT_DIALECTS = ['axdebug', 'tcpdump', 'pcap', 'pcapng'] as const;
const DIALECT_NAMES = DRAFT_DIALECTS.map((name) => bytesOf(`,"dialect":"${name}"`));
const SRC_NAME = bytesOf(',"src":');
const DST_NAME = bytesOf(',"dst":');
const SRC_PORT_NAME = bytesOf(',"srcPort":');
const DST_PORT_NAME = bytesOf(',"dstPort":');
const FLOW_NAME = bytesOf(',"flow":');
const PAIRED_WITH_NAME = bytesOf(',"pairedWith":');
const END = bytesOf('}\n');

/** The most bytes a record takes but its words: names, and numbers of up to 10 digits. */
const RECORD_ROOM = 256;

/** Copies bytes to `at`; answers where they end (a loop: the names are a few bytes, below what a native copy's call costs). */
function put(out: Uint8Array, at: number, bytes: Uint8Array): number {
  const length = bytes.length;
  for (let i = 0; i < length; i++) out[at + i] = bytes[i];
  return at + length;
}

/** The digits of 0 to 99, two bytes each ("00" to "99"): a number is written two digits at a time. */
const DIGIT_PAIRS = bytesOf(
  Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).join(''),
);

/** How many digits a whole number in [0, 2^31) has. */
function digitCount(value: number): number {
  if (value < 100_000)
    return value < 100 ? (value < 10 ? 1 : 2) : value < 1000 ? 3 : value < 10_000 ? 4 : 5;
  let count = 6;
  for (let rest = (value / 1_000_000) | 0; rest > 0; rest = (rest / 10) | 0) count++;
  return count;
}

/** Writes a whole number in [0, 2^31) to `at`; answers where it ends. */
function putDigits(out: Uint8Array, at: number, value: number): number {
  const end = at + digitCount(value);
  let i = end;
  let rest = value;
  while (rest >= 100) {
    const next = (rest / 100) | 0;
    const pair = 2 * (rest - 100 * next);
    out[--i] = DIGIT_PAIRS[pair + 1];
    out[--i] = DIGIT_PAIRS[pair];
    rest = next;
  }
  if (rest >= 10) {
    out[--i] = DIGIT_PAIRS[2 * rest + 1];
    out[--i] = DIGIT_PAIRS[2 * rest];
  } else {
    out[--i] = 48 + rest;
  }
  return end;
}

/** Per octet value, four bytes: how many digits it has, then its digits. */
const OCTETS = new Uint8Array(256 * 4);
for (let octet = 0; octet < 256; octet++) {
  const digits = bytesOf(String(octet));
  OCTETS[4 * octet] = digits.length;
  OCTETS.set(digits, 4 * octet + 1);
}

/** Writes an address's octet (0 to 255) to `at`; answers where it ends. */
function putOctet(out: Uint8Array, at: number, octet: number): number {
  const from = 4 * octet;
  const length = OCTETS[from];
  out[at] = OCTETS[from + 1];
  if (length > 1) out[at + 1] = OCTETS[from + 2];
  if (length > 2) out[at + 2] = OCTETS[from + 3];
  return at + length;
}

/** The bytes of a field written for each plain word (plainField): reused, as they are copied at once. */
let plainBytes = new Uint8Array(256);

/**
 * The field of a word of printable ASCII without a quote or backslash (an SPI, a protocol, most
 * names), as `name` + JSON.stringify(text) (the text alone without a name) is in UTF-8, written
 * without the strings and the encoder's call (tens of thousands of SPIs); undefined for any other
 * word. The bytes are valid until the next call.
 */
function plainField(name: string | undefined, text: string): Uint8Array | undefined {
  const quoted = name !== undefined;
  const length = (quoted ? name.length + 2 : 0) + text.length;
  if (length > plainBytes.length) plainBytes = new Uint8Array(2 * length);
  const out = plainBytes;
  let at = 0;
  if (quoted) {
    for (let i = 0; i < name.length; i++) out[at++] = name.charCodeAt(i);
    out[at++] = 34;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code > 126 || code === 34 || code === 92) return undefined;
    out[at++] = code;
  }
  if (quoted) out[at++] = 34;
  return out.subarray(0, at);
}

/**
 * The field each word is written in (`,"src":"10.1.1.254"`), written out the first time it is
 * asked for. A dump names tens of thousands of addresses in no order: their bytes sit side by
 * side in one buffer, found by two numbers per word, so that a record costs few cache misses.
 */
class WordFields {
  /** The fields, one after the other. */
  bytes = new Uint8Array(1 << 16);
  /** Per word: where its field starts in `bytes`, -1 until it is written out. */
  starts = new Int32Array(1024).fill(-1);
  /** Per word: where its field ends. */
  ends = new Int32Array(1024);
  private used = 0;

  /** Fields `name` followed by the word as JSON.stringify writes it; the word's text alone for no name. */
  constructor(
    private readonly name: string | undefined,
    private readonly tables: InspectTables,
  ) {}

  /** Where a word's field starts in `bytes` (its end is `ends[word]`). */
  start(word: number): number {
    return word < this.starts.length && this.starts[word] >= 0
      ? this.starts[word]
      : this.writeOut(word);
  }

  private writeOut(word: number): number {
    const text = this.tables.words[word];
    const field =
      plainField(this.name, text) ??
      bytesOf(this.name === undefined ? text : this.name + JSON.stringify(text));
    if (this.used + field.length > this.bytes.length) {
      const grown = new Uint8Array(2 * (this.used + field.length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    if (word >= this.starts.length) {
      const size = Math.max(2 * this.starts.length, word + 1);
      const starts = new Int32Array(size).fill(-1);
      starts.set(this.starts);
      const ends = new Int32Array(size);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.bytes.set(field, this.used);
    this.starts[word] = this.used;
    this.used += field.length;
    this.ends[word] = this.used;
    return this.starts[word];
  }
}

/** Copies bytes[start, end) to `at`; answers where they end. */
function putRange(
  out: Uint8Array,
  at: number,
  bytes: Uint8Array,
  start: number,
  end: number,
): number {
  let to = at;
  for (let i = start; i < end; i++) out[to++] = bytes[i];
  return to;
}

/** How many copies' fields the finisher keeps (a power of two), the most bytes of each, and the integers of its key. */
const KEPT_FIELDS = 2048;
const KEPT_BYTES = 160;
const KEPT_INTS = 10;

/** Finishes drafts into JSON Lines once the dump has been read. */
export class DraftFinisher {
  /** The end of a draft cut off by the end of the last piece. */
  private carry = new Uint8Array(0);
  private readonly srcs: WordFields;
  private readonly dsts: WordFields;
  private readonly protocols: WordFields;
  private readonly spis: WordFields;
  private readonly virtualServers: WordFields;
  /** Ports too large for a draft, as written (FlowKeyTable.number). */
  private readonly ports: WordFields;
  /** The JSON Lines of a piece, reused from piece to piece, up to `keptAt`; after it, the kept fields (fields()). */
  private out = new Uint8Array((1 << 20) + KEPT_FIELDS * KEPT_BYTES);
  private keptAt = 1 << 20;
  /** Per kept entry: the integers its fields were written from (source, destination, protocol, ports, SPI, flow, virtual server, dialect) and its length in bytes (0 for none). */
  private readonly keptKeys = new Int32Array(KEPT_FIELDS * KEPT_INTS);
  /** The digits of the line number lineDigits wrote last (`digitsOf`, -2 for none yet), `digitCount` of them. */
  private readonly digits = new Uint8Array(16);
  private digitCount = 0;
  private digitsOf = -2;

  constructor(private readonly tables: InspectTables) {
    this.srcs = new WordFields(',"src":', tables);
    this.dsts = new WordFields(',"dst":', tables);
    this.protocols = new WordFields(',"protocol":', tables);
    this.spis = new WordFields(',"spi":', tables);
    this.virtualServers = new WordFields(',"virtualServer":', tables);
    this.ports = new WordFields(undefined, tables);
  }

  /**
   * Finishes the records in the next piece of drafts (cut anywhere); answers their JSON Lines, in
   * UTF-8, in the finisher's own memory: valid until the next call (a caller that keeps them copies
   * them; fresh memory for each piece would cost more than the finishing).
   */
  add(piece: Uint8Array): Uint8Array {
    const ints = this.wholeDrafts(piece);

    let at = 0;
    for (let d = 0; d < ints.length; d += DRAFT_INTS) {
      if (at + RECORD_ROOM > this.keptAt) this.grow(at);
      const out = this.out;
      const line = ints[d + LINE] + 1;
      at = this.lineDigits(line, put(out, at, LINE_NAME));
      if (ints[d + END_LINE] < 0) {
        at = put(out, at, UNRECOGNISED);
        at = this.end(this.flowOf(ints[d + REFERENCE]), ints[d + PAIRED_WITH], at);
      } else {
        at = put(out, at, END_LINE_NAME);
        at =
          ints[d + END_LINE] + 1 === line
            ? this.lineDigits(line, at)
            : putDigits(out, at, ints[d + END_LINE] + 1);
        at = this.fields(ints, d, at);
        at = this.end(0, ints[d + PAIRED_WITH], at);
      }
    }
    return this.out.subarray(0, at);
  }

  /**
   * Writes a line's number at `at`; answers where it ends. Records come line after line, so the
   * digits of the last number written are kept and counted up by one, rather than divided out anew.
   */
  private lineDigits(line: number, at: number): number {
    const digits = this.digits;
    if (line !== this.digitsOf) {
      let i = line === this.digitsOf + 1 ? this.digitCount - 1 : -1;
      if (i >= 0) {
        while (i >= 0 && digits[i] === 57) digits[i--] = 48; // a 9 turns 0 and carries
        if (i >= 0) digits[i]++;
      }
      if (i < 0) this.digitCount = putDigits(digits, 0, line); // a digit more, or another number
      this.digitsOf = line;
    }
    const out = this.out;
    const count = this.digitCount;
    for (let k = 0; k < count; k++) out[at + k] = digits[k];
    return at + count;
  }

  /**
   * Writes a copy's fields from its dialect to its flow at `at`; answers where they end. The
   * copies of a flow repeat the same fields (each packet of a connection, on each side), so the
   * fields last written for each hash of their integers are kept beside the output, in the same
   * memory, and copied in one native move (copyWithin) when they come again: a loop over some
   * ninety bytes costs several times more.
   */
  private fields(ints: Int32Array, d: number, at: number): number {
    const dialect = ints[d + DIALECT];
    const src = ints[d + SRC];
    const dst = ints[d + DST];
    const protocol = ints[d + PROTOCOL];
    const srcPort = ints[d + SRC_PORT];
    const dstPort = ints[d + DST_PORT];
    const spi = ints[d + SPI];
    const virtualServer = ints[d + VIRTUAL_SERVER];
    const flow = this.flowOf(ints[d + REFERENCE]);
    const h = hashTuple(src, dst, protocol, srcPort, dstPort, spi ^ Math.imul(flow, 0x9e3779b1));
    const entry = h & (KEPT_FIELDS - 1);
    const keys = this.keptKeys;
    const k = entry * KEPT_INTS;
    if (
      keys[k + 9] > 0 &&
      keys[k] === src &&
      keys[k + 1] === dst &&
      keys[k + 2] === protocol &&
      keys[k + 3] === srcPort &&
      keys[k + 4] === dstPort &&
      keys[k + 5] === spi &&
      keys[k + 6] === flow &&
      keys[k + 7] === virtualServer &&
      keys[k + 8] === dialect
    ) {
      const from = this.keptAt + entry * KEPT_BYTES;
      this.out.copyWithin(at, from, from + keys[k + 9]);
      return at + keys[k + 9];
    }
    let to = put(this.out, at, DIALECT_NAMES[dialect]);
    to = this.address(SRC_NAME, this.srcs, src, to);
    to = this.address(DST_NAME, this.dsts, dst, to);
    to = this.word(this.protocols, protocol, to);
    to = this.port(SRC_PORT_NAME, srcPort, to);
    to = this.port(DST_PORT_NAME, dstPort, to);
    to = this.word(this.spis, spi, to);
    to = this.word(this.virtualServers, virtualServer, to);
    if (flow > 0) to = putDigits(this.out, put(this.out, to, FLOW_NAME), flow);
    const length = to - at;
    if (length <= KEPT_BYTES) {
      // After the writing: `out` (and the kept fields with it) may have grown meanwhile.
      this.out.copyWithin(this.keptAt + entry * KEPT_BYTES, at, to);
      // Field by field: half the copies are a tuple's first in a while, and an array each would be garbage.
      keys[k] = src;
      keys[k + 1] = dst;
      keys[k + 2] = protocol;
      keys[k + 3] = srcPort;
      keys[k + 4] = dstPort;
      keys[k + 5] = spi;
      keys[k + 6] = flow;
      keys[k + 7] = virtualServer;
      keys[k + 8] = dialect;
      keys[k + 9] = length;
    }
    return to;
  }

  /** The flow number of a draft's reference, 0 for none. */
  private flowOf(reference: number): number {
    return reference >= 0
      ? this.tables.flowOfKey[reference]
      : reference <= -2
        ? this.tables.flowOfQuote[-2 - reference]
        : 0;
  }

  /** The whole drafts of the carry and the next piece, as 32-bit integers; what is left over is carried. */
  private wholeDrafts(piece: Uint8Array): Int32Array {
    const length = this.carry.length + piece.length;
    const whole = length - (length % DRAFT_BYTES);
    if (this.carry.length === 0 && whole === length && piece.byteOffset % 4 === 0)
      return new Int32Array(piece.buffer, piece.byteOffset, whole / 4); // the usual piece: read in place
    // In a buffer of their own, so that they can be read as 32-bit integers.
    const bytes = new Uint8Array(length);
    bytes.set(this.carry);
    bytes.set(piece, this.carry.length);
    this.carry = bytes.slice(whole);
    return new Int32Array(bytes.buffer, 0, whole / 4);
  }

  /** True when every draft handed in was finished (none was cut short). */
  get complete(): boolean {
    return this.carry.length === 0;
  }

  /** Writes an address's field at `at` (none for -1): an IPv4 address from its value, any other as a word. */
  private address(name: Uint8Array, fields: WordFields, word: number, at: number): number {
    const value = word < 0 ? -1 : this.tables.ipv4s[word];
    if (value < 0) return this.word(fields, word, at);
    const out = this.out;
    let to = put(out, at, name);
    out[to++] = 34; // "
    to = putOctet(out, to, value >>> 24);
    out[to++] = 46; // .
    to = putOctet(out, to, (value >>> 16) & 255);
    out[to++] = 46;
    to = putOctet(out, to, (value >>> 8) & 255);
    out[to++] = 46;
    to = putOctet(out, to, value & 255);
    out[to++] = 34;
    return to;
  }

  /** Writes a word's field at `at` (none for -1); answers where it ends. */
  private word(fields: WordFields, word: number, at: number): number {
    if (word < 0) return at;
    const start = fields.start(word);
    const end = fields.ends[word];
    if (at + end - start + RECORD_ROOM > this.keptAt) this.grow(at + end - start);
    return putRange(this.out, at, fields.bytes, start, end);
  }

  /** Writes a port at `at` (none for -1): its digits, or the text of one too large for a draft. */
  private port(name: Uint8Array, port: number, at: number): number {
    if (port === -1) return at;
    const named = put(this.out, at, name);
    if (port >= 0) return putDigits(this.out, named, port);
    return this.word(this.ports, -2 - port, named);
  }

  /** Writes the flow (none for 0), the other copy and the end of the line at `at`; answers where they end. */
  private end(flow: number, pairedWith: number, at: number): number {
    const out = this.out;
    let to = at;
    if (flow > 0) to = putDigits(out, put(out, to, FLOW_NAME), flow);
    if (pairedWith > 0) to = putDigits(out, put(out, to, PAIRED_WITH_NAME), pairedWith);
    return put(out, to, END);
  }

  /** Makes room in the output past `at`, the kept fields moved to the end of the new memory. */
  private grow(at: number): void {
    const room = 2 * (at + RECORD_ROOM);
    const grown = new Uint8Array(room + KEPT_FIELDS * KEPT_BYTES);
    grown.set(this.out.subarray(0, at));
    grown.set(this.out.subarray(this.keptAt), room);
    this.out = grown;
    this.keptAt = room;
  }
}
