// What the dialect readers share to write a row (copyRows.ts) straight from a line of a dump,
// without a packet copy: the inspector reads a million lines, and most of them are in a few
// forms that a reader can take apart by position (dialects/axdebug.ts readAxdebugRow, tcpdump.ts
// readTcpdumpRow). A line in any other form is read into a copy and its row written from that
// (writeRow), so each line's row is the one its copy gives: the property tests compare both.
import { Row } from './copyRows';
import { endLikeness, mixBytesSpan, startLikeness } from './likeness';

/** What numbers the words of a row written from a line: the flow key table (flows.ts FlowKeyTable). */
export interface RowWords {
  /** The number of a word, a new one for a new word. */
  word(text: string): number;
  /** The word of an IPv4 address by its value. */
  ipv4Word(value: number): number;
  /** The word of an SPI by its value (`0x` and eight hex digits, in lower case: FlowKeyTable.spiWord). */
  spiWord(value: number): number;
  /** The word of an F5 virtual server's name. */
  virtualServerWord(text: string): number;
}

/**
 * Writes the fields of a row that a copy read from one line of the usual forms leaves as none:
 * no quote, no IP id likeness, no key yet (FlowKeyTable.keyOfRow), no F5 flow.
 */
export function writeNoQuote(rows: Int32Array, at: number): void {
  rows[at + Row.QUOTE] = 0;
  rows[at + Row.QUOTED_DST] = -1;
  rows[at + Row.QUOTED_FORM] = -1;
  rows[at + Row.QUOTED_WORD] = -1;
  rows[at + Row.QUOTED_SRC] = -1;
  rows[at + Row.QUOTED_SRC_PORT] = -1;
  rows[at + Row.QUOTED_DST_PORT] = -1;
  rows[at + Row.ID_HASH] = -1;
  rows[at + Row.ID_CHECK] = 0;
  rows[at + Row.KEY] = -1;
  rows[at + Row.F5_FLOW] = -1;
  rows[at + Row.F5_PEER] = -1;
}

// The writers read a line as bytes: a character of a string cut from a larger one (as a line is
// cut from what the host read) costs more to read than a byte, and a line that is ASCII is its
// bytes, at the same positions. A host that reads a dump as bytes hands the writers its lines
// where they are (LineRows.readBytes), without a string; a line handed as a string is written
// into bytes of the writers' own first (lineBytes). The bytes of the line being read are followed
// by a 0, which none of the forms they read takes, so that reading on past the line's end stops there.

/** The longest line the writers read (tcpdump's; axdebug's are shorter). */
const LONGEST = 16_384;
const bytes = new Uint8Array(LONGEST + 1);
const encoder = new TextEncoder();

/** The bytes of a line of at most `longest` characters, followed by a 0; undefined for a longer line or one not ASCII. */
export function lineBytes(text: string, longest: number): Uint8Array | undefined {
  if (text.length > longest || text.length > LONGEST) return undefined;
  const { read, written } = encoder.encodeInto(text, bytes);
  if (read !== text.length || written !== text.length) return undefined;
  bytes[written] = 0;
  return bytes;
}

/** The text of ASCII bytes from `from` to `to` (a field of a line read as bytes). */
export function asciiText(b: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(b[i]);
  return text;
}

/**
 * Finds an ASCII literal in a line's bytes, as String.indexOf finds it in its text, looking at a
 * fraction of the bytes (Horspool: a byte the literal does not hold moves the search past it).
 */
export class BytesFinder {
  private readonly literal: Uint8Array;
  /** Per byte value: how far the search moves when that byte is under the literal's last one. */
  private readonly moves = new Uint8Array(256);

  constructor(literal: string) {
    this.literal = Uint8Array.from(literal, (c) => c.charCodeAt(0));
    const m = literal.length;
    this.moves.fill(m);
    for (let k = 0; k < m - 1; k++) this.moves[this.literal[k]] = m - 1 - k;
  }

  /** Where the literal first starts in the bytes from `from` to `to`; -1 when it does not. */
  in(b: Uint8Array, from: number, to: number): number {
    const literal = this.literal;
    const moves = this.moves;
    const m = literal.length;
    const last = literal[m - 1];
    for (let i = from + m - 1; i < to; i += moves[b[i]]) {
      if (b[i] !== last) continue;
      let k = m - 2;
      while (k >= 0 && b[i - m + 1 + k] === literal[k]) k--;
      if (k < 0) return i - m + 1;
    }
    return -1;
  }
}

/** The word of the SPI from `from` to `to` of a line, in lower case (as FlowKeyTable.word numbers its text). */
export function spiWordAt(words: RowWords, b: Uint8Array, from: number, to: number): number {
  if (to - from === 10 && b[from] === 48 && (b[from + 1] === 120 || b[from + 1] === 88)) {
    let value = 0;
    let i = from + 2;
    for (; i < to; i++) {
      const c = b[i] | 32; // in lower case
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (digit < 0) break;
      value = value * 16 + digit;
    }
    if (i === to) return words.spiWord(value);
  }
  return words.word(asciiText(b, from, to).toLowerCase());
}

/** Whether the bytes from `at` are `literal`'s characters. */
export function bytesAt(b: Uint8Array, at: number, literal: string): boolean {
  for (let k = 0; k < literal.length; k++) if (b[at + k] !== literal.charCodeAt(k)) return false;
  return true;
}

/** Where the decimal digits from `from` on end. */
export function digitsEndAt(b: Uint8Array, from: number): number {
  let i = from;
  while (b[i] >= 48 && b[i] <= 57) i++;
  return i;
}

/** Where the spaces from `from` on end. */
export function spacesEndAt(b: Uint8Array, from: number): number {
  let i = from;
  while (b[i] === 32) i++;
  return i;
}

/** Where the hex digits from `from` on end. */
export function hexEndAt(b: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    const c = b[i];
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) i++;
    else return i;
  }
}

/** The value of the decimal digits from `from` to `to`. */
export function decimalAt(b: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + b[i] - 48;
  return value;
}

/** A character `\s` takes, of ASCII: a space, a tab, a line or page break. */
export function isSpaceByte(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * The value of the IPv4 address from `from` to `to` written the usual way (four decimal octets up
 * to 255, no leading zero: flows.ts ipv4Value); -1 for any other address.
 */
export function ipv4At(b: Uint8Array, from: number, to: number): number {
  const length = to - from;
  if (length < 7 || length > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // a leading zero
      octet = octet * 10 + c - 48;
      if (++digits > 3 || octet > 255) return -1;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : -1;
}

/** The word of the address from `from` to `to` of a line, as FlowKeyTable.describe numbers it. */
export function addressWordAt(words: RowWords, b: Uint8Array, from: number, to: number): number {
  const value = ipv4At(b, from, to);
  return value >= 0 ? words.ipv4Word(value) : words.word(asciiText(b, from, to));
}

/**
 * Writes a row's likeness of `kind` (likeness.ts) made of two text fields of its line, from `from`
 * to `to` (in lower case when `lower`, as an SPI or packet id is kept) and from `nextFrom` to
 * `nextTo`, and its strength; such a likeness leaves no address private (Row.PRIVATE).
 */
export function writeTwoFieldLikeness(
  rows: Int32Array,
  at: number,
  kind: number,
  strength: number,
  b: Uint8Array,
  from: number,
  to: number,
  nextFrom: number,
  nextTo: number,
): void {
  rows[at + Row.KIND] = kind;
  rows[at + Row.STRENGTH] = strength;
  startLikeness(kind);
  mixBytesSpan(b, from, to, true);
  mixBytesSpan(b, nextFrom, nextTo);
  endLikeness(rows, at + Row.HASH);
  rows[at + Row.PRIVATE] = 0;
}
