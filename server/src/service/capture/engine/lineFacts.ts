// What the editor's analysis (analysis.ts) reads of each packet copy again once the copy's row
// (copyRows.ts) is gone: grouping the flows, orienting them and finding the IPsec peers look at
// every copy, and reading integers by its line costs no header made anew and no string compared.
import { Form, Row } from './copyRows';
import type { FlowKind } from './flows';
import type { PacketCopy } from '../reading/packet';

/**
 * Where each integer of a line's facts sits: the copy's flow key (-1 for none) and the form of
 * the key (the row's FORM), its addresses as words (FlowKeyTable: one text, one word; -1 for an
 * empty one), its ports as numbers (FlowKeyTable.number: -1 for none; equal numbers, equal
 * ports) and its SPI's word (ESP or AH; -1 for none).
 */
const KEY = 0;
const FORM = 1;
const SRC = 2;
const DST = 3;
const SRC_PORT = 4;
const DST_PORT = 5;
const SPI = 6;
const STRIDE = 7;

/** The facts of each copy of a dump, by the copy's first line (a line holds at most one copy's start). */
export class LineFacts {
  private readonly ints: Int32Array;

  constructor(lineCount: number) {
    this.ints = new Int32Array(STRIDE * lineCount);
  }

  /** Keeps what a copy's row says (its KEY set: FlowKeyTable.keyOfRow). */
  keep(line: number, row: Int32Array, at: number): void {
    const ints = this.ints;
    const to = STRIDE * line;
    ints[to + KEY] = row[at + Row.KEY];
    ints[to + FORM] = row[at + Row.FORM];
    ints[to + SRC] = row[at + Row.SRC];
    ints[to + DST] = row[at + Row.DST];
    ints[to + SRC_PORT] = row[at + Row.SRC_PORT];
    ints[to + DST_PORT] = row[at + Row.DST_PORT];
    ints[to + SPI] = row[at + Row.SPI];
  }

  /** The flow key of the copy on a line, -1 for none. */
  key(line: number): number {
    return this.ints[STRIDE * line + KEY];
  }

  /** The word of the copy's source address, -1 for none. */
  src(line: number): number {
    return this.ints[STRIDE * line + SRC];
  }

  /** The word of the copy's destination address, -1 for none. */
  dst(line: number): number {
    return this.ints[STRIDE * line + DST];
  }

  srcPort(line: number): number {
    return this.ints[STRIDE * line + SRC_PORT];
  }

  dstPort(line: number): number {
    return this.ints[STRIDE * line + DST_PORT];
  }

  /** True when the copy shows an ESP or AH header (it has an SPI). */
  hasSpi(line: number): boolean {
    return this.ints[STRIDE * line + SPI] >= 0;
  }

  /**
   * The kind of the flow of a copy that has a flow key: flows.ts flowKindOf, read from the form
   * of its key (ESP, AH and ICMP echo each have a form of their own; any other copy's kind is its protocol).
   */
  kindOf(copy: PacketCopy): FlowKind {
    const form = this.ints[STRIDE * copy.line + FORM];
    return form === Form.BY_ESP
      ? 'esp'
      : form === Form.BY_AH
        ? 'ah'
        : form === Form.BY_ECHO
          ? 'icmp-echo'
          : copy.protocol;
  }
}
