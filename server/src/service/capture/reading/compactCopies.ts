// The editor keeps a dump's packet copies for as long as the document is open, and a dump has
// hundreds of thousands of them. A copy as the dialects build it is an object of 32 fields with
// its own strings (its time, id, sequence numbers, details): some 500 bytes. Here each copy
// becomes a row of integers: addresses, protocols, flags and SPIs numbered as words, the texts
// cut from its line (time, id, details, sequence numbers) as where they stand in the document,
// cut again when read; and a small view object reads the fields back from the row, so every
// feature reads a copy as before. A copy whose fields do not fit a row (a text the dump does not
// hold as written, a number past 31 bits) is kept whole, as the dialect built it.
import { type ParsedCapture, parseCapture } from './parser';
import type {
  AhDetails,
  ArpDetails,
  Dialect,
  Direction,
  EspDetails,
  Encapsulation,
  F5Details,
  IcmpDetails,
  IkeDetails,
  PacketCopy,
  TcpDetails,
} from './packet';

/**
 * The integers of one copy's row. Small numbers share an integer, 16 bits each (0xffff for none);
 * a copy with a number or text past what its place holds is kept whole.
 */
const enum Col {
  LINE,
  START,
  /** Where its head ends and where it ends, after its start (16 bits each). */
  SPANS,
  NUMBER,
  /** The balancer port and the number after it (16 bits each). */
  PORT_AUX,
  /** The IP id and TCP's payload length (16 bits each). */
  IP_ID_TCP_LENGTH,
  /** The source and destination ports (16 bits each). */
  PORTS,
  LENGTH,
  SRC,
  DST,
  /** Protocol (10 bits), the interface (11) and the virtual server (11): few words (SmallWords). */
  SMALL_WORDS,
  /** Dialect, direction, link type, IP version and which of TCP or ESP the copy shows (Bits); its last line after its first (16 high bits). */
  BITS,
  /** The time and the id: short texts (16 bits each). */
  TIME_ID,
  /** Where the details start after the copy's start (high 16 bits) and their length (low 16). */
  DETAILS,
  /** TCP: its flags; ESP: its SPI (words). */
  L4_WORD,
  /** TCP or ESP: the sequence number; TCP: the acknowledgement number (short texts, 16 bits each). */
  SEQ_ACK,
  /** 1 + the index of the copy's other headers (ICMP, AH, IKE, ARP, F5, layers), 0 for none. */
  REST,
  COUNT,
}

/**
 * What CopyRows.addRead keeps of a copy read by position from its one line: its texts as where
 * they stand in the document (from, to; -1 for none), numbers -1 for none; every field not
 * named here is none.
 */
export interface ReadFields {
  line: number;
  start: number;
  end: number;
  dialect: Dialect;
  direction: Direction | undefined;
  ipVersion: 4 | 6;
  timeFrom: number;
  timeTo: number;
  idFrom: number;
  idTo: number;
  port: number;
  aux: number;
  protocol: string;
  srcPort: number;
  dstPort: number;
  /** The interface and the virtual server F5's suffix names; the length the packet's line says (-1: none). */
  via: string | undefined;
  virtualServer: string | undefined;
  length: number;
  detailsFrom: number;
  detailsTo: number;
  /** Which of TCP or ESP the copy shows (L4_*), its flags' or SPI's word (wordOfBytes, spiWord), its sequence and acknowledgement numbers and TCP's length. */
  l4: number;
  l4Word: number;
  seqFrom: number;
  seqTo: number;
  ackFrom: number;
  ackTo: number;
  tcpLength: number;
  icmp: IcmpDetails | undefined;
  ike: IkeDetails | undefined;
}

/** An unset number, or a missing word or text, in a whole integer. */
const NONE = -0x80000000;
/** An unset number or text in 16 bits. */
const NONE16 = 0xffff;
/** An unset interface or virtual server in SMALL_WORDS. */
const NO_SMALL_WORD = 0x7ff;
/** A short text: where it starts after the copy's start (10 bits) and its length (6 bits). */
const SHORT_OFFSET_LIMIT = 0x3ff;
const SHORT_LENGTH_BITS = 6;
const SHORT_LENGTH_LIMIT = (1 << SHORT_LENGTH_BITS) - 1;

const DIALECTS: readonly Dialect[] = ['axdebug', 'tcpdump'];
const DIRECTIONS: readonly (Direction | undefined)[] = [undefined, 'in', 'out'];
const LINK_TYPES: readonly PacketCopy['linkType'][] = [
  undefined,
  'broadcast',
  'multicast',
  'other-host',
];
const IP_VERSIONS: readonly PacketCopy['ipVersion'][] = [undefined, 4, 6];
export const L4_NONE = 0;
export const L4_TCP = 1;
export const L4_ESP = 2;
export const L4_ESP_IN_UDP = 3;

/** Where each part of Col.BITS lies. */
const enum Bits {
  DIALECT = 0,
  DIRECTION = 1,
  LINK_TYPE = 3,
  IP_VERSION = 6,
  L4 = 8,
  LINES = 16,
}

/** The headers of a copy that few copies have: kept as the dialect built them. */
interface Rest {
  readonly icmp: IcmpDetails | undefined;
  readonly ah: AhDetails | undefined;
  readonly ike: IkeDetails | undefined;
  readonly arp: ArpDetails | undefined;
  readonly f5: F5Details | undefined;
  readonly encapsulation: readonly Encapsulation[] | undefined;
}

/** Words numbered in the order first met. */
class WordTable {
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();

  idOf(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.push(text) - 1;
      this.ids.set(text, id);
    }
    return id;
  }
}

/** The rows of a dump's copies, the words they name and the document they were read from. */
export class CopyRows {
  ints: Int32Array;
  count = 0;
  readonly words = new WordTable();
  /**
   * The texts of the addresses' words: the rows' own words, or those of the table the caller
   * numbers the addresses with as it reads them (keep), so that they are numbered once.
   */
  readonly addressTexts: readonly string[];
  /** Protocols, interfaces and virtual servers: a dump names few, so their numbers are small. */
  readonly smallWords = new WordTable();
  readonly rests: Rest[] = [];
  /** Words of a few ASCII characters by their value (wordOfBytes), SPIs by theirs (spiWord). */
  private readonly wordsByValue = new Map<number, number>();
  private readonly spisByValue = new Map<number, number>();

  constructor(
    readonly text: string,
    capacity: number,
    addressTexts?: readonly string[],
  ) {
    this.ints = new Int32Array(Math.max(16, capacity) * Col.COUNT);
    this.addressTexts = addressTexts ?? this.words.texts;
  }

  /**
   * What is kept of a copy: a view of its row, or the copy itself when a field does not fit one.
   * Its addresses' words are `src` and `dst` of addressTexts when given (the copy keeps its
   * own when they are not its addresses' texts), else the rows' own words.
   */
  keep(copy: PacketCopy, src?: number, dst?: number): PacketCopy {
    return this.add(copy, src, dst) ? new CopyView(this, (this.count - 1) * Col.COUNT) : copy;
  }

  /** The copy as a row; false (nothing written) when a field does not fit one. */
  private add(
    copy: PacketCopy,
    src = this.words.idOf(copy.src),
    dst = this.words.idOf(copy.dst),
  ): boolean {
    const addresses = this.addressTexts;
    if (src < 0 || dst < 0 || addresses[src] !== copy.src || addresses[dst] !== copy.dst)
      return false;
    this.grow();
    const ints = this.ints;
    const at = this.count * Col.COUNT;
    const { start, end, headEnd, line, endLine } = copy;
    const lines = endLine - line;
    if (!fits16(headEnd - start) || !fits16(end - start) || !fits16(lines)) return false;
    if (!this.number(at + Col.NUMBER, copy.number) || !this.number(at + Col.LENGTH, copy.length))
      return false;
    const port = short(copy.port);
    const aux = short(copy.aux);
    const ipId = short(copy.ipId);
    const srcPort = short(copy.srcPort);
    const dstPort = short(copy.dstPort);
    const time = this.shortText(copy.time, start, end);
    const id = this.shortText(copy.id, start, end);
    const details = this.textAt(copy.details, start, end);
    if (
      port < 0 ||
      aux < 0 ||
      ipId < 0 ||
      srcPort < 0 ||
      dstPort < 0 ||
      time < 0 ||
      id < 0 ||
      details === undefined
    )
      return false;
    const protocol = this.smallWords.idOf(copy.protocol);
    const via = copy.via === undefined ? NO_SMALL_WORD : this.smallWords.idOf(copy.via);
    const virtualServer =
      copy.virtualServer === undefined ? NO_SMALL_WORD : this.smallWords.idOf(copy.virtualServer);
    // Past the bits they have (an interface or virtual server numbered NO_SMALL_WORD would read as none).
    if (
      protocol >= 0x3ff ||
      (copy.via !== undefined && via >= NO_SMALL_WORD) ||
      (copy.virtualServer !== undefined && virtualServer >= NO_SMALL_WORD)
    )
      return false;
    const dialect = DIALECTS.indexOf(copy.dialect);
    const direction = DIRECTIONS.indexOf(copy.direction);
    const linkType = LINK_TYPES.indexOf(copy.linkType);
    const ipVersion = IP_VERSIONS.indexOf(copy.ipVersion);
    if (dialect < 0 || direction < 0 || linkType < 0 || ipVersion < 0) return false;
    let l4 = L4_NONE;
    let l4Word = NONE;
    let seq = NONE16;
    let ack = NONE16;
    let tcpLength = NONE16;
    const { tcp, esp } = copy;
    if (tcp && esp) return false;
    if (tcp) {
      seq = this.shortText(tcp.seq, start, end);
      ack = this.shortText(tcp.ack, start, end);
      tcpLength = short(tcp.length);
      if (seq < 0 || ack < 0 || tcpLength < 0) return false;
      l4Word = this.words.idOf(tcp.flags);
      l4 = L4_TCP;
    } else if (esp) {
      seq = this.shortText(esp.seq, start, end);
      if (seq < 0) return false;
      l4Word = this.words.idOf(esp.spi);
      l4 = esp.encapsulated ? L4_ESP_IN_UDP : L4_ESP;
    }
    ints[at + Col.LINE] = line;
    ints[at + Col.START] = start;
    ints[at + Col.SPANS] = ((headEnd - start) << 16) | (end - start);
    ints[at + Col.PORT_AUX] = (port << 16) | aux;
    ints[at + Col.IP_ID_TCP_LENGTH] = (ipId << 16) | tcpLength;
    ints[at + Col.PORTS] = (srcPort << 16) | dstPort;
    ints[at + Col.SRC] = src;
    ints[at + Col.DST] = dst;
    ints[at + Col.SMALL_WORDS] = protocol | (via << 10) | (virtualServer << 21);
    ints[at + Col.BITS] =
      (dialect << Bits.DIALECT) |
      (direction << Bits.DIRECTION) |
      (linkType << Bits.LINK_TYPE) |
      (ipVersion << Bits.IP_VERSION) |
      (l4 << Bits.L4) |
      (lines << Bits.LINES);
    ints[at + Col.TIME_ID] = (time << 16) | id;
    ints[at + Col.DETAILS] = details;
    ints[at + Col.L4_WORD] = l4Word;
    ints[at + Col.SEQ_ACK] = (seq << 16) | ack;
    const { icmp, ah, ike, arp, f5, encapsulation } = copy;
    if (icmp || ah || ike || arp || f5 || encapsulation) {
      this.rests.push({ icmp, ah, ike, arp, f5, encapsulation });
      ints[at + Col.REST] = this.rests.length;
    } else {
      ints[at + Col.REST] = 0;
    }
    this.count++;
    return true;
  }

  /**
   * The row of a copy whose fields were read by position from its one line (`fields`), every
   * other field of the copy none, its addresses' words still to be set (setAddresses); undefined
   * (nothing written) when a field does not fit a row.
   */
  addRead(fields: ReadFields): PacketCopy | undefined {
    this.grow();
    const ints = this.ints;
    const at = this.count * Col.COUNT;
    const { start, end } = fields;
    if (!fits16(end - start)) return undefined;
    const port = shortRead(fields.port);
    const aux = shortRead(fields.aux);
    const srcPort = shortRead(fields.srcPort);
    const dstPort = shortRead(fields.dstPort);
    const tcpLength = shortRead(fields.tcpLength);
    const time = shortAt(fields.timeFrom, fields.timeTo, start);
    const id = shortAt(fields.idFrom, fields.idTo, start);
    const seq = shortAt(fields.seqFrom, fields.seqTo, start);
    const ack = shortAt(fields.ackFrom, fields.ackTo, start);
    const detailsOffset = fields.detailsFrom - start;
    const protocol = this.smallWords.idOf(fields.protocol);
    const via = fields.via === undefined ? NO_SMALL_WORD : this.smallWords.idOf(fields.via);
    const virtualServer =
      fields.virtualServer === undefined
        ? NO_SMALL_WORD
        : this.smallWords.idOf(fields.virtualServer);
    const length = fields.length < 0 ? NONE : fields.length;
    if (
      (length | 0) !== length ||
      (fields.via !== undefined && via >= NO_SMALL_WORD) ||
      (fields.virtualServer !== undefined && virtualServer >= NO_SMALL_WORD) ||
      port < 0 ||
      aux < 0 ||
      srcPort < 0 ||
      dstPort < 0 ||
      tcpLength < 0 ||
      time < 0 ||
      id < 0 ||
      seq < 0 ||
      ack < 0 ||
      detailsOffset < 0 ||
      detailsOffset > 0x7fff ||
      fields.detailsTo - fields.detailsFrom > 0xffff ||
      protocol >= 0x3ff
    )
      return undefined;
    ints[at + Col.LINE] = fields.line;
    ints[at + Col.START] = start;
    ints[at + Col.SPANS] = ((end - start) << 16) | (end - start);
    ints[at + Col.NUMBER] = NONE;
    ints[at + Col.PORT_AUX] = (port << 16) | aux;
    ints[at + Col.IP_ID_TCP_LENGTH] = (NONE16 << 16) | tcpLength;
    ints[at + Col.PORTS] = (srcPort << 16) | dstPort;
    ints[at + Col.LENGTH] = length;
    ints[at + Col.SRC] = NONE;
    ints[at + Col.DST] = NONE;
    ints[at + Col.SMALL_WORDS] = protocol | (via << 10) | (virtualServer << 21);
    ints[at + Col.BITS] =
      (DIALECTS.indexOf(fields.dialect) << Bits.DIALECT) |
      (DIRECTIONS.indexOf(fields.direction) << Bits.DIRECTION) |
      (IP_VERSIONS.indexOf(fields.ipVersion) << Bits.IP_VERSION) |
      (fields.l4 << Bits.L4);
    ints[at + Col.TIME_ID] = (time << 16) | id;
    ints[at + Col.DETAILS] = (detailsOffset << 16) | (fields.detailsTo - fields.detailsFrom);
    ints[at + Col.L4_WORD] = fields.l4 === L4_NONE ? NONE : fields.l4Word;
    ints[at + Col.SEQ_ACK] = (seq << 16) | ack;
    const { icmp, ike } = fields;
    if (icmp || ike) {
      this.rests.push({
        icmp,
        ah: undefined,
        ike,
        arp: undefined,
        f5: undefined,
        encapsulation: undefined,
      });
      ints[at + Col.REST] = this.rests.length;
    } else {
      ints[at + Col.REST] = 0;
    }
    this.count++;
    return new CopyView(this, at);
  }

  /**
   * A copy addRead kept goes on to (zero-based) line `endLine`, ending at `end` (a tcpdump packet's
   * continuation lines); false (nothing changed) when its row cannot say so.
   */
  extendRead(copy: PacketCopy, endLine: number, end: number): boolean {
    const at = (copy as CopyView).at;
    const ints = this.ints;
    const lines = endLine - ints[at + Col.LINE];
    const span = end - ints[at + Col.START];
    if (!fits16(lines) || !fits16(span)) return false;
    ints[at + Col.SPANS] = (ints[at + Col.SPANS] & ~0xffff) | span;
    ints[at + Col.BITS] = (ints[at + Col.BITS] & 0xffff) | (lines << Bits.LINES);
    return true;
  }

  /** Sets the addresses' words of a copy addRead kept: `src` and `dst` of addressTexts, its addresses' texts. */
  setAddresses(copy: PacketCopy, src: number, dst: number): void {
    const at = (copy as CopyView).at;
    this.ints[at + Col.SRC] = src;
    this.ints[at + Col.DST] = dst;
  }

  /**
   * The word of the text of ASCII bytes from `from` to `to` (a TCP copy's flags, read by
   * position), found by their value when they are few: a line's flags are not cut from it.
   */
  wordOfBytes(b: Uint8Array, from: number, to: number): number {
    if (to - from > 7) return this.words.idOf(String.fromCharCode(...b.subarray(from, to)));
    let value = 0;
    for (let i = from; i < to; i++) value = value * 128 + b[i];
    let id = this.wordsByValue.get(value);
    if (id === undefined) {
      id = this.words.idOf(String.fromCharCode(...b.subarray(from, to)));
      this.wordsByValue.set(value, id);
    }
    return id;
  }

  /** The word of an SPI written `0x` and eight hex digits in lower case, by its value. */
  spiWord(value: number): number {
    let id = this.spisByValue.get(value);
    if (id === undefined) {
      id = this.words.idOf(`0x${value.toString(16).padStart(8, '0')}`);
      this.spisByValue.set(value, id);
    }
    return id;
  }

  private grow(): void {
    if ((this.count + 1) * Col.COUNT > this.ints.length) {
      const grown = new Int32Array(this.ints.length * 2);
      grown.set(this.ints);
      this.ints = grown;
    }
  }

  /** Writes an optional number; false when it does not fit 31 bits. */
  private number(at: number, value: number | undefined): boolean {
    if (value === undefined) {
      this.ints[at] = NONE;
      return true;
    }
    if ((value | 0) !== value || value === NONE || Object.is(value, -0)) return false;
    this.ints[at] = value;
    return true;
  }

  /** Where a text of the copy stands in the document (offset after the copy's start, high 16 bits; length, low 16), NONE for none; undefined when the copy's lines do not hold it as written. */
  private textAt(value: string | undefined, start: number, end: number): number | undefined {
    if (value === undefined) return NONE;
    const found = value === '' ? start : this.text.indexOf(value, start);
    const offset = found - start;
    if (found < 0 || found + value.length > end || offset > 0x7fff || value.length > 0xffff)
      return undefined;
    return (offset << 16) | value.length;
  }

  /** A short text in 16 bits (offset, then length: SHORT_*), NONE16 for none; -1 when it does not fit. */
  private shortText(value: string | undefined, start: number, end: number): number {
    if (value === undefined) return NONE16;
    if (value.length > SHORT_LENGTH_LIMIT) return -1;
    const found = value === '' ? start : this.text.indexOf(value, start);
    const offset = found - start;
    if (found < 0 || found + value.length > end || offset > SHORT_OFFSET_LIMIT) return -1;
    const packed = (offset << SHORT_LENGTH_BITS) | value.length;
    return packed === NONE16 ? -1 : packed;
  }

  /** Gives back the room past the last row, when it is more than an eighth of the whole. */
  fit(): void {
    const used = this.count * Col.COUNT;
    if (this.ints.length - used > this.ints.length / 8) this.ints = this.ints.slice(0, used);
  }
}

/** A short text from `from` to `to` of the document, as shortText packs it after the copy's `start`; NONE16 when `from` is -1, -1 when it does not fit. */
function shortAt(from: number, to: number, start: number): number {
  if (from < 0) return NONE16;
  const offset = from - start;
  const length = to - from;
  if (offset < 0 || offset > SHORT_OFFSET_LIMIT || length > SHORT_LENGTH_LIMIT) return -1;
  const packed = (offset << SHORT_LENGTH_BITS) | length;
  return packed === NONE16 ? -1 : packed;
}

/** A number read by position in 16 bits (-1: none), NONE16 for none; -1 when it does not fit. */
function shortRead(value: number): number {
  return value < 0 ? NONE16 : fits16(value) ? value : -1;
}

/** Whether a count or distance fits 16 bits (below NONE16). */
function fits16(value: number): boolean {
  return value >= 0 && value < NONE16;
}

/** An optional number in 16 bits, NONE16 for none; -1 when it does not fit. */
function short(value: number | undefined): number {
  if (value === undefined) return NONE16;
  return Number.isInteger(value) && fits16(value) && !Object.is(value, -0) ? value : -1;
}

/** A copy read back from its row: the same fields as the dialect's copy, each cut or looked up when read. */
class CopyView implements PacketCopy {
  constructor(
    private readonly rows: CopyRows,
    readonly at: number,
  ) {}

  private int(col: Col): number {
    return this.rows.ints[this.at + col];
  }

  private optional(col: Col): number | undefined {
    const value = this.rows.ints[this.at + col];
    return value === NONE ? undefined : value;
  }

  /** The high (`high`) or low 16 bits of a column, undefined for none. */
  private half(col: Col, high: boolean): number | undefined {
    const value = this.rows.ints[this.at + col];
    const half = high ? value >>> 16 : value & 0xffff;
    return half === NONE16 ? undefined : half;
  }

  /** A short text (the high or low half of a column). */
  private shortText(col: Col, high: boolean): string | undefined {
    const packed = this.half(col, high);
    if (packed === undefined) return undefined;
    const from = this.start + (packed >>> SHORT_LENGTH_BITS);
    return this.rows.text.slice(from, from + (packed & SHORT_LENGTH_LIMIT));
  }

  private bits(shift: Bits, width: number): number {
    return (this.rows.ints[this.at + Col.BITS] >>> shift) & ((1 << width) - 1);
  }

  private smallWord(shift: number, width: number): string | undefined {
    const id = (this.rows.ints[this.at + Col.SMALL_WORDS] >>> shift) & ((1 << width) - 1);
    return id === NO_SMALL_WORD ? undefined : this.rows.smallWords.texts[id];
  }

  private rest(): Rest | undefined {
    const index = this.rows.ints[this.at + Col.REST];
    return index === 0 ? undefined : this.rows.rests[index - 1];
  }

  get line(): number {
    return this.int(Col.LINE);
  }
  get endLine(): number {
    return this.int(Col.LINE) + (this.int(Col.BITS) >>> Bits.LINES);
  }
  get start(): number {
    return this.int(Col.START);
  }
  get headEnd(): number {
    return this.int(Col.START) + (this.int(Col.SPANS) >>> 16);
  }
  get end(): number {
    return this.int(Col.START) + (this.int(Col.SPANS) & 0xffff);
  }
  get dialect(): Dialect {
    return DIALECTS[this.bits(Bits.DIALECT, 1)];
  }
  get time(): string {
    return this.shortText(Col.TIME_ID, true)!;
  }
  get number(): number | undefined {
    return this.optional(Col.NUMBER);
  }
  get direction(): Direction | undefined {
    return DIRECTIONS[this.bits(Bits.DIRECTION, 2)];
  }
  get port(): number | undefined {
    return this.half(Col.PORT_AUX, true);
  }
  get aux(): number | undefined {
    return this.half(Col.PORT_AUX, false);
  }
  get id(): string | undefined {
    return this.shortText(Col.TIME_ID, false);
  }
  get via(): string | undefined {
    return this.smallWord(10, 11);
  }
  get linkType(): PacketCopy['linkType'] {
    return LINK_TYPES[this.bits(Bits.LINK_TYPE, 3)];
  }
  get virtualServer(): string | undefined {
    return this.smallWord(21, 11);
  }
  get f5(): F5Details | undefined {
    return this.rest()?.f5;
  }
  get ipId(): number | undefined {
    return this.half(Col.IP_ID_TCP_LENGTH, true);
  }
  get ipVersion(): PacketCopy['ipVersion'] {
    return IP_VERSIONS[this.bits(Bits.IP_VERSION, 2)];
  }
  get src(): string {
    return this.rows.addressTexts[this.int(Col.SRC)];
  }
  get dst(): string {
    return this.rows.addressTexts[this.int(Col.DST)];
  }
  get protocol(): string {
    return this.smallWord(0, 10)!;
  }
  get srcPort(): number | undefined {
    return this.half(Col.PORTS, true);
  }
  get dstPort(): number | undefined {
    return this.half(Col.PORTS, false);
  }
  get tcp(): TcpDetails | undefined {
    if (this.bits(Bits.L4, 2) !== L4_TCP) return undefined;
    return {
      flags: this.rows.words.texts[this.int(Col.L4_WORD)],
      seq: this.shortText(Col.SEQ_ACK, true)!,
      ack: this.shortText(Col.SEQ_ACK, false)!,
      length: this.half(Col.IP_ID_TCP_LENGTH, false)!,
    };
  }
  get icmp(): IcmpDetails | undefined {
    return this.rest()?.icmp;
  }
  get esp(): EspDetails | undefined {
    const l4 = this.bits(Bits.L4, 2);
    if (l4 !== L4_ESP && l4 !== L4_ESP_IN_UDP) return undefined;
    return {
      spi: this.rows.words.texts[this.int(Col.L4_WORD)],
      seq: this.shortText(Col.SEQ_ACK, true)!,
      encapsulated: l4 === L4_ESP_IN_UDP,
    };
  }
  get ah(): AhDetails | undefined {
    return this.rest()?.ah;
  }
  get ike(): IkeDetails | undefined {
    return this.rest()?.ike;
  }
  get arp(): ArpDetails | undefined {
    return this.rest()?.arp;
  }
  get length(): number | undefined {
    return this.optional(Col.LENGTH);
  }
  get details(): string {
    const packed = this.int(Col.DETAILS);
    if (packed === NONE) return undefined!;
    const from = this.start + (packed >>> 16);
    return this.rows.text.slice(from, from + (packed & 0xffff));
  }
  get encapsulation(): readonly Encapsulation[] | undefined {
    return this.rest()?.encapsulation;
  }
}

/**
 * Parses a whole capture dump held in memory, as parseCapture does, keeping each copy as a row
 * (or whole, when it does not fit one): what the editor keeps of an open dump. Each copy the
 * dialects build is dropped as soon as its row is written, so none outlives the young generation.
 */
export function parseCaptureCompact(text: string): ParsedCapture {
  // At most a copy per line: room for as many rows as lines (fitted at the end when far fewer).
  const rows = new CopyRows(text, lineBreaks(text) + 1);
  const parsed = parseCapture(text, (copy) => rows.keep(copy));
  rows.fit();
  return parsed;
}

/** How many lines a text has (lineCountOf: forEachLine's count, without cutting it). */
export function lineCountOf(text: string): number {
  return lineBreaks(text) + 1;
}

/** How many line ends a text has (\n, and a \r not followed by one), counted without cutting it. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1))
    if (text.charCodeAt(at + 1) !== 10) count++;
  return count;
}

/** True for a copy kept as a row (parseCaptureCompact): its fields are read back, never set. */
export function isCompactCopy(copy: PacketCopy): boolean {
  return copy instanceof CopyView;
}
