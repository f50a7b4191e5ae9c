// A packet copy as the few numbers the pairer (pairing.ts), the flow keys (flows.ts) and the ICMP
// ties (icmpErrors.ts) look at: a row of ROW_INTS 32-bit integers. The editor's analysis and the
// streaming inspector both read copies through rows, so they pair and join alike. A row holds no
// string: its addresses, protocol and SPI are words a FlowKeyTable numbers, and what makes two
// copies one packet is a kind of likeness, a hash of its fields and a second, independent hash
// that stands for the fields themselves (likeness.ts). Rows can therefore be read on one thread
// (with a table of its own) and paired on another, once their words are renumbered into the
// pairing thread's table (renumberRow).
import { hasIpId, IP_ID, likenessOf, strengthOf, WEAK, writeLikeness } from './likeness';
import type { PacketCopy } from '../reading/packet';
import { hasF5Peer, isIcmpError, isPrivateAddress } from '../reading/packet';

/** Where each field of a row sits. */
export const Row = {
  /** The copy's first line (zero-based). */
  LINE: 0,
  /** Its last line; -1 for a row that stands for a line not understood. */
  END_LINE: 1,
  /** 0 axdebug, 1 tcpdump; -1 for a line not understood. */
  DIALECT: 2,
  /** 0 not said, 1 in, 2 out. */
  DIRECTION: 3,
  /** 1 when the copy is an ICMP error. */
  ERROR: 4,
  /** Words (FlowKeyTable), -1 for none. */
  SRC: 5,
  DST: 6,
  PROTOCOL: 7,
  SPI: 8,
  /** Numbers (FlowKeyTable.number): -1 for none, -2 minus a word for one too large. */
  SRC_PORT: 9,
  DST_PORT: 10,
  /** The form of the copy's flow key (flows.ts), -1 for none, and the word or number it is made of. */
  FORM: 11,
  FORM_WORD: 12,
  /** 1 when the copy (an ICMP error) quotes a packet; the quoted destination's word. */
  QUOTE: 13,
  QUOTED_DST: 14,
  /** The form of the quoted packet's flow key, -1 when the quote does not say enough, its word, source and ports. */
  QUOTED_FORM: 15,
  QUOTED_WORD: 16,
  QUOTED_SRC: 17,
  QUOTED_SRC_PORT: 18,
  QUOTED_DST_PORT: 19,
  /** The IP id likeness (tcpdump -v): its hash, -1 for none, and its check. */
  ID_HASH: 20,
  ID_CHECK: 21,
  /** The other likeness: its kind, -1 for none, strength, hash and check. */
  KIND: 22,
  STRENGTH: 23,
  HASH: 24,
  CHECK: 25,
  /** The copy's flow key (FlowKeyTable.keyOfRow), -1 for none: set by the table that numbers its words. */
  KEY: 26,
  /**
   * For a weak likeness on a copy whose direction the dump does not say: 1 when its source is a
   * private address, plus 2 when its destination is (where NAT shows, pairing.ts); 0 otherwise.
   */
  PRIVATE: 27,
  /** F5 tcpdump: the virtual server's word, -1 for none (what `inspect --json` names). */
  VIRTUAL_SERVER: 28,
  /** F5 tcpdump with medium noise: the connection flow's id and its peer flow's id as words, -1 for none (f5Flows.ts). */
  F5_FLOW: 29,
  F5_PEER: 30,
} as const;

/** How many integers a row is. */
export const ROW_INTS = 31;

const R = Row;

/** What numbers a copy's words into its row: the flow key table (flows.ts FlowKeyTable). */
export interface RowDescriber {
  describe(copy: PacketCopy, rows: Int32Array, at: number): void;
  /** The number of an F5 virtual server's name (a word), a new one for a new word. */
  virtualServerWord(text: string): number;
  /** The number of any other word (an F5 flow id), a new one for a new word. */
  word(text: string): number;
}

/** Writes the row of a copy at `at`, its words numbered by `table` (all but its KEY: FlowKeyTable.keyOfRow). */
export function writeRow(
  copy: PacketCopy,
  table: RowDescriber,
  rows: Int32Array,
  at: number,
): void {
  rows[at + R.LINE] = copy.line;
  rows[at + R.END_LINE] = copy.endLine;
  rows[at + R.DIALECT] = copy.dialect === 'axdebug' ? 0 : 1;
  rows[at + R.DIRECTION] = copy.direction === undefined ? 0 : copy.direction === 'in' ? 1 : 2;
  rows[at + R.ERROR] = isIcmpError(copy) ? 1 : 0;
  table.describe(copy, rows, at);
  const withId = hasIpId(copy);
  if (withId) writeLikeness(IP_ID, copy, rows, at + R.ID_HASH);
  else {
    rows[at + R.ID_HASH] = -1;
    rows[at + R.ID_CHECK] = 0;
  }
  const kind = likenessOf(copy);
  rows[at + R.KIND] = kind;
  rows[at + R.STRENGTH] = kind < 0 ? WEAK : strengthOf(kind, copy);
  if (kind >= 0) writeLikeness(kind, copy, rows, at + R.HASH);
  else {
    rows[at + R.HASH] = -1;
    rows[at + R.CHECK] = 0;
  }
  rows[at + R.KEY] = -1;
  rows[at + R.PRIVATE] =
    kind >= 0 && rows[at + R.STRENGTH] === WEAK && copy.direction === undefined
      ? (isPrivateAddress(copy.src) ? 1 : 0) + (isPrivateAddress(copy.dst) ? 2 : 0)
      : 0;
  rows[at + R.VIRTUAL_SERVER] =
    copy.virtualServer === undefined ? -1 : table.virtualServerWord(copy.virtualServer);
  const flowId = copy.f5?.flowId;
  const peerId = copy.f5?.peerId;
  rows[at + R.F5_FLOW] = flowId === undefined ? -1 : table.word(flowId);
  rows[at + R.F5_PEER] = peerId === undefined || !hasF5Peer(peerId) ? -1 : table.word(peerId);
}

/** Writes the row of a line not understood at `at`. */
export function writeUnrecognisedRow(line: number, rows: Int32Array, at: number): void {
  rows.fill(-1, at, at + ROW_INTS);
  rows[at + R.LINE] = line;
}

/**
 * Renumbers the words of a row read with another table: `words[w]` is the number here of that
 * table's word `w` (undefined: the row was read with this table). Lines move by `lineBase` (a row
 * read from a piece of a dump counts its lines from the piece's start).
 */
export function renumberRow(
  rows: Int32Array,
  at: number,
  words: Int32Array | undefined,
  lineBase: number,
): void {
  rows[at + R.LINE] += lineBase;
  if (rows[at + R.END_LINE] < 0) return;
  rows[at + R.END_LINE] += lineBase;
  if (!words) return;
  renumberWord(rows, at + R.SRC, words);
  renumberWord(rows, at + R.DST, words);
  renumberWord(rows, at + R.PROTOCOL, words);
  renumberWord(rows, at + R.SPI, words);
  renumberWord(rows, at + R.QUOTED_DST, words);
  renumberWord(rows, at + R.QUOTED_SRC, words);
  renumberWord(rows, at + R.VIRTUAL_SERVER, words);
  renumberWord(rows, at + R.F5_FLOW, words);
  renumberWord(rows, at + R.F5_PEER, words);
  renumberNumber(rows, at + R.SRC_PORT, words);
  renumberNumber(rows, at + R.DST_PORT, words);
  renumberNumber(rows, at + R.QUOTED_SRC_PORT, words);
  renumberNumber(rows, at + R.QUOTED_DST_PORT, words);
  renumberForm(rows, at + R.FORM, words);
  renumberForm(rows, at + R.QUOTED_FORM, words);
}

/** A word field: -1 for none. */
function renumberWord(rows: Int32Array, field: number, words: Int32Array): void {
  if (rows[field] >= 0) rows[field] = words[rows[field]];
}

/** A number field (FlowKeyTable.number): -2 minus a word for a number too large. */
function renumberNumber(rows: Int32Array, field: number, words: Int32Array): void {
  if (rows[field] <= -2) rows[field] = -2 - words[-2 - rows[field]];
}

/** A key's word: a number for a key by ICMP echo identifier (flows.ts), a word otherwise. */
function renumberForm(rows: Int32Array, form: number, words: Int32Array): void {
  if (rows[form] < 0) return;
  if (rows[form] === FORM_BY_ECHO) renumberNumber(rows, form + 1, words);
  else renumberWord(rows, form + 1, words);
}

/** The form of a flow key by ICMP echo identifier, whose word is a number (flows.ts). */
export const FORM_BY_ECHO = 3;

/** The forms a flow key takes (a row's FORM, flows.ts): by ports, SPI, echo identifier or addresses alone. */
export const Form = {
  BY_PORTS: 0,
  BY_ESP: 1,
  BY_AH: 2,
  BY_ECHO: FORM_BY_ECHO,
  BY_ADDRESSES: 4,
} as const;
