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

/** The integers of one copy's row. */
const enum Col {
  LINE,
  END_LINE,
  START,
  HEAD_END,
  END,
  NUMBER,
  PORT,
  AUX,
  IP_ID,
  SRC_PORT,
  DST_PORT,
  LENGTH,
  SRC,
  DST,
  PROTOCOL,
  VIA,
  VIRTUAL_SERVER,
  /** Dialect, direction, link type, IP version and which of TCP or ESP the copy shows (Bits). */
  BITS,
  /** Texts: where each starts after the copy's start (high 16 bits) and its length (low 16), or NO_TEXT. */
  TIME,
  ID,
  DETAILS,
  /** TCP: its flags; ESP: its SPI (words). */
  L4_WORD,
  /** TCP or ESP: the sequence number (a text). */
  SEQ,
  /** TCP: the acknowledgement number (a text). */
  ACK,
  /** TCP: the payload length. */
  TCP_LENGTH,
  /** 1 + the index of the copy's other headers (ICMP, AH, IKE, ARP, F5, layers), 0 for none. */
  REST,
  COUNT,
}

/** An unset number, or a missing word or text. */
const NONE = -0x80000000;

const DIALECTS: readonly Dialect[] = ['axdebug', 'tcpdump'];
const DIRECTIONS: readonly (Direction | undefined)[] = [undefined, 'in', 'out'];
const LINK_TYPES: readonly PacketCopy['linkType'][] = [
  undefined,
  'broadcast',
  'multicast',
  'other-host',
];
const IP_VERSIONS: readonly PacketCopy['ipVersion'][] = [undefined, 4, 6];
const L4_NONE = 0;
const L4_TCP = 1;
const L4_ESP = 2;
const L4_ESP_IN_UDP = 3;

/** Where each part of Col.BITS lies. */
const enum Bits {
  DIALECT = 0,
  DIRECTION = 1,
  LINK_TYPE = 3,
  IP_VERSION = 6,
  L4 = 8,
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

/** The rows of a dump's copies, the words they name and the document they were read from. */
class CopyRows {
  ints: Int32Array;
  count = 0;
  readonly words: string[] = [];
  private readonly wordIds = new Map<string, number>();
  readonly rests: Rest[] = [];

  constructor(
    readonly text: string,
    capacity: number,
  ) {
    this.ints = new Int32Array(Math.max(16, capacity) * Col.COUNT);
  }

  /** The copy as a row; false (nothing written) when a field does not fit one. */
  add(copy: PacketCopy): boolean {
    if ((this.count + 1) * Col.COUNT > this.ints.length) {
      const grown = new Int32Array(this.ints.length * 2);
      grown.set(this.ints);
      this.ints = grown;
    }
    const ints = this.ints;
    const at = this.count * Col.COUNT;
    ints[at + Col.LINE] = copy.line;
    ints[at + Col.END_LINE] = copy.endLine;
    ints[at + Col.START] = copy.start;
    ints[at + Col.HEAD_END] = copy.headEnd;
    ints[at + Col.END] = copy.end;
    const start = copy.start;
    const end = copy.end;
    if (
      !this.number(at + Col.NUMBER, copy.number) ||
      !this.number(at + Col.PORT, copy.port) ||
      !this.number(at + Col.AUX, copy.aux) ||
      !this.number(at + Col.IP_ID, copy.ipId) ||
      !this.number(at + Col.SRC_PORT, copy.srcPort) ||
      !this.number(at + Col.DST_PORT, copy.dstPort) ||
      !this.number(at + Col.LENGTH, copy.length) ||
      !this.textAt(at + Col.TIME, copy.time, start, end) ||
      !this.textAt(at + Col.ID, copy.id, start, end) ||
      !this.textAt(at + Col.DETAILS, copy.details, start, end)
    )
      return false;
    ints[at + Col.SRC] = this.word(copy.src);
    ints[at + Col.DST] = this.word(copy.dst);
    ints[at + Col.PROTOCOL] = this.word(copy.protocol);
    ints[at + Col.VIA] = copy.via === undefined ? NONE : this.word(copy.via);
    ints[at + Col.VIRTUAL_SERVER] =
      copy.virtualServer === undefined ? NONE : this.word(copy.virtualServer);
    const dialect = DIALECTS.indexOf(copy.dialect);
    const direction = DIRECTIONS.indexOf(copy.direction);
    const linkType = LINK_TYPES.indexOf(copy.linkType);
    const ipVersion = IP_VERSIONS.indexOf(copy.ipVersion);
    if (dialect < 0 || direction < 0 || linkType < 0 || ipVersion < 0) return false;
    let l4 = L4_NONE;
    const { tcp, esp } = copy;
    if (tcp && esp) return false;
    if (tcp) {
      if (
        !this.textAt(at + Col.SEQ, tcp.seq, start, end) ||
        !this.textAt(at + Col.ACK, tcp.ack, start, end) ||
        !this.number(at + Col.TCP_LENGTH, tcp.length)
      )
        return false;
      ints[at + Col.L4_WORD] = this.word(tcp.flags);
      l4 = L4_TCP;
    } else if (esp) {
      if (!this.textAt(at + Col.SEQ, esp.seq, start, end)) return false;
      ints[at + Col.L4_WORD] = this.word(esp.spi);
      l4 = esp.encapsulated ? L4_ESP_IN_UDP : L4_ESP;
    }
    ints[at + Col.BITS] =
      (dialect << Bits.DIALECT) |
      (direction << Bits.DIRECTION) |
      (linkType << Bits.LINK_TYPE) |
      (ipVersion << Bits.IP_VERSION) |
      (l4 << Bits.L4);
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

  /** Writes where a text of the copy stands in the document; false when the copy's lines do not hold it as written. */
  private textAt(at: number, value: string | undefined, start: number, end: number): boolean {
    if (value === undefined) {
      this.ints[at] = NONE;
      return true;
    }
    const found = value === '' ? start : this.text.indexOf(value, start);
    const offset = found - start;
    if (found < 0 || found + value.length > end || offset > 0x7fff || value.length > 0xffff)
      return false;
    this.ints[at] = (offset << 16) | value.length;
    return true;
  }

  private word(text: string): number {
    let id = this.wordIds.get(text);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(text);
      this.wordIds.set(text, id);
    }
    return id;
  }

  /** Gives back the room past the last row, when it is more than an eighth of the whole. */
  fit(): void {
    const used = this.count * Col.COUNT;
    if (this.ints.length - used > this.ints.length / 8) this.ints = this.ints.slice(0, used);
  }
}

/** A copy read back from its row: the same fields as the dialect's copy, each cut or looked up when read. */
class CopyView implements PacketCopy {
  constructor(
    private readonly rows: CopyRows,
    private readonly at: number,
  ) {}

  private int(col: Col): number {
    return this.rows.ints[this.at + col];
  }

  private optional(col: Col): number | undefined {
    const value = this.rows.ints[this.at + col];
    return value === NONE ? undefined : value;
  }

  private textOf(col: Col): string | undefined {
    const packed = this.rows.ints[this.at + col];
    if (packed === NONE) return undefined;
    const from = this.rows.ints[this.at + Col.START] + (packed >>> 16);
    return this.rows.text.slice(from, from + (packed & 0xffff));
  }

  private bits(shift: Bits, width: number): number {
    return (this.rows.ints[this.at + Col.BITS] >>> shift) & ((1 << width) - 1);
  }

  private rest(): Rest | undefined {
    const index = this.rows.ints[this.at + Col.REST];
    return index === 0 ? undefined : this.rows.rests[index - 1];
  }

  get line(): number {
    return this.int(Col.LINE);
  }
  get endLine(): number {
    return this.int(Col.END_LINE);
  }
  get start(): number {
    return this.int(Col.START);
  }
  get headEnd(): number {
    return this.int(Col.HEAD_END);
  }
  get end(): number {
    return this.int(Col.END);
  }
  get dialect(): Dialect {
    return DIALECTS[this.bits(Bits.DIALECT, 1)];
  }
  get time(): string {
    return this.textOf(Col.TIME)!;
  }
  get number(): number | undefined {
    return this.optional(Col.NUMBER);
  }
  get direction(): Direction | undefined {
    return DIRECTIONS[this.bits(Bits.DIRECTION, 2)];
  }
  get port(): number | undefined {
    return this.optional(Col.PORT);
  }
  get aux(): number | undefined {
    return this.optional(Col.AUX);
  }
  get id(): string | undefined {
    return this.textOf(Col.ID);
  }
  get via(): string | undefined {
    const word = this.int(Col.VIA);
    return word === NONE ? undefined : this.rows.words[word];
  }
  get linkType(): PacketCopy['linkType'] {
    return LINK_TYPES[this.bits(Bits.LINK_TYPE, 3)];
  }
  get virtualServer(): string | undefined {
    const word = this.int(Col.VIRTUAL_SERVER);
    return word === NONE ? undefined : this.rows.words[word];
  }
  get f5(): F5Details | undefined {
    return this.rest()?.f5;
  }
  get ipId(): number | undefined {
    return this.optional(Col.IP_ID);
  }
  get ipVersion(): PacketCopy['ipVersion'] {
    return IP_VERSIONS[this.bits(Bits.IP_VERSION, 2)];
  }
  get src(): string {
    return this.rows.words[this.int(Col.SRC)];
  }
  get dst(): string {
    return this.rows.words[this.int(Col.DST)];
  }
  get protocol(): string {
    return this.rows.words[this.int(Col.PROTOCOL)];
  }
  get srcPort(): number | undefined {
    return this.optional(Col.SRC_PORT);
  }
  get dstPort(): number | undefined {
    return this.optional(Col.DST_PORT);
  }
  get tcp(): TcpDetails | undefined {
    if (this.bits(Bits.L4, 2) !== L4_TCP) return undefined;
    return {
      flags: this.rows.words[this.int(Col.L4_WORD)],
      seq: this.textOf(Col.SEQ)!,
      ack: this.textOf(Col.ACK)!,
      length: this.int(Col.TCP_LENGTH),
    };
  }
  get icmp(): IcmpDetails | undefined {
    return this.rest()?.icmp;
  }
  get esp(): EspDetails | undefined {
    const l4 = this.bits(Bits.L4, 2);
    if (l4 !== L4_ESP && l4 !== L4_ESP_IN_UDP) return undefined;
    return {
      spi: this.rows.words[this.int(Col.L4_WORD)],
      seq: this.textOf(Col.SEQ)!,
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
    return this.textOf(Col.DETAILS)!;
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
  const parsed = parseCapture(text, (copy) =>
    rows.add(copy) ? new CopyView(rows, (rows.count - 1) * Col.COUNT) : copy,
  );
  rows.fit();
  return parsed;
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
