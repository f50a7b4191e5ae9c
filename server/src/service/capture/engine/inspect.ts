// One record per packet copy (and per line not understood), for scripts and checks: what
// `node server/out/cli.js inspect FILE --json` prints as JSON Lines. A dump of any size is read
// once, line by line, without keeping it: each record is drafted as soon as its other copy can no
// longer turn up (the pairer looks back a bounded window), with its flow left as a reference,
// because flow numbers follow first appearance of whole flows and a later translated packet may
// still join two keys into one flow. The host keeps the drafts where it likes (the command line:
// a temporary file) and finishes them once the dump has been read: memory grows with the number
// of flows and hosts, not with the number of lines. The caller feeds lines (the service reads no
// files).
import { Row, ROW_INTS, writeRow, writeUnrecognisedRow } from './copyRows';
import { Draft, DRAFT_INTS, DraftFinisher, DraftWriter, type InspectTables } from './drafts';
import { F5PeerFlows } from './f5Flows';
import { FlowKeys, FlowKeyTable } from './flows';
import { IcmpErrorTies } from './icmpErrors';
import { LineRows, READ_LINE } from './lineRows';
import type { Dialect } from '../reading/packet';
import { CopyPairer, PAIRING_WINDOW } from './pairing';
import { CaptureReader } from '../reading/parser';

export type { InspectTables } from './drafts';

/** One packet copy as a script sees it; lines are 1-based, fields that do not apply are left out. */
export interface PacketRecord {
  /** The copy's first line. */
  line: number;
  /** Its last line (a tcpdump -v packet continues on indented lines). */
  endLine: number;
  /** The dialect of the dump, or the binary capture's format. */
  dialect: Dialect | 'pcap' | 'pcapng';
  /** Source address as written (masked ones too). */
  src?: string;
  /** Destination address as written. */
  dst?: string;
  /** tcp, udp, icmp, icmp6, esp, ah, gre, arp, ... */
  protocol: string;
  /** TCP or UDP source port. */
  srcPort?: number;
  /** TCP or UDP destination port. */
  dstPort?: number;
  /** ESP or AH SPI (ESP in UDP too). */
  spi?: string;
  /** F5 tcpdump (its ` lis=` suffix, or a binary capture's trailer): the virtual server that handled it. */
  virtualServer?: string;
  /** The flow's number, in order of first appearance. */
  flow?: number;
  /** The first line of the other copy of the same packet. */
  pairedWith?: number;
}

/** A line that is not understood. */
export interface UnrecognisedRecord {
  /** The line (1-based). */
  line: number;
  /** Always true. */
  unrecognised: true;
}

/** What the inspector writes, in line order. */
export type InspectRecord = PacketRecord | UnrecognisedRecord;

/**
 * Where the inspector hands each record, in line order, once all but its flow number is known:
 * a draft (drafts.ts), the DRAFT_INTS integers of `drafts` from `at`, valid until the sink returns.
 */
export type DraftSink = (drafts: Int32Array, at: number) => void;

/**
 * Reads a dump's lines into rows (copyRows.ts), its words numbered by `table`: one row per packet
 * copy and one per line not understood, handed to `emit` in line order (the row is the reader's,
 * valid until `emit` returns). The inspector reads through one; the command line runs several
 * over pieces of a large dump on other threads, each with a table of its own.
 */
export class CaptureRowReader {
  private readonly row = new Int32Array(ROW_INTS);
  private readonly reader: CaptureReader;
  private readonly rows: LineRows;

  /** A reader of a dump written in `dialect` (undefined: recognised from the lines, as usual). */
  constructor(
    private readonly table: FlowKeyTable,
    private readonly emit: (rows: Int32Array, at: number) => void,
    dialect?: Dialect,
  ) {
    this.reader = new CaptureReader(
      {
        copy: (copy) => {
          writeRow(copy, this.table, this.row, 0);
          this.emit(this.row, 0);
        },
        unrecognised: (line) => {
          writeUnrecognisedRow(line, this.row, 0);
          this.emit(this.row, 0);
        },
      },
      dialect,
      // Lines in the usual forms are written as rows straight away, without a copy.
      (this.rows = new LineRows(this.table, (rows, at) => this.emit(rows, at))),
    );
  }

  /** The dialect recognised so far. */
  get dialect(): Dialect | undefined {
    return this.reader.dialect;
  }

  /** The first line of a packet still being read, if any (CaptureReader). */
  get pendingLine(): number | undefined {
    return this.reader.pendingLine;
  }

  /** Reads the next line: its text without the line end, its zero-based number and its offset. */
  line(text: string, line: number, start: number): void {
    this.reader.line(text, line, start);
  }

  /**
   * Reads the next line from its bytes when it is a packet in a form the rows are written from
   * straight (lineRows.ts) in the dialect recognised so far: the bytes from `from` to `to` of `b`,
   * ASCII, without the line end, followed by a 0 (b[to]); its zero-based number and its offset.
   * False for any other line, which is not read: its text is to be read (line()).
   */
  lineAt(b: Uint8Array, from: number, to: number, line: number, start: number): boolean {
    const dialect = this.reader.dialect;
    if (dialect === undefined || !this.rows.readBytes(dialect, b, from, to)) return false;
    this.reader.line(READ_LINE, line, start);
    return true;
  }

  /** Ends the dump (or the piece): hands out the packet still being read. */
  end(): void {
    this.reader.end();
  }
}

// The records of the last lines wait as drafts in a ring of rows, each with one more integer:
/** 1 when the packet is an ICMP error (its first copy is): its flow is the one it reports on. */
const ERROR = DRAFT_INTS;
const HELD_INTS = DRAFT_INTS + 1;

/**
 * Reads a dump, line by line or as rows read elsewhere, and hands each record to a sink, in line
 * order, as soon as only its flow number is missing; `end()` says how to finish them
 * (DraftFinisher). The records of the last `window` lines wait in a ring of typed-array rows: no
 * object per line.
 */
export class CaptureInspector {
  /** The words of the rows `row` takes: a row read with another table is renumbered into this one first. */
  readonly table = new FlowKeyTable();
  private readonly keys = new FlowKeys();
  private readonly quoted = new Map<number, number>();
  /** An F5 full proxy's two sides, by the flow ids of its capture (by word). */
  private readonly f5Flows = new F5PeerFlows<number>();
  private readonly joinKeys = (a: number, b: number): void => this.keys.join(a, b);
  private readonly pairer: CopyPairer;
  private readonly ties = new IcmpErrorTies<number>(this.table);
  private readonly reader = new CaptureRowReader(this.table, (rows, at) => this.row(rows, at));
  /** The records of the last `window` lines, by line (modulo the window): at most one record starts on a line. */
  private readonly held: Int32Array;
  private emitted = -1;
  /** The last line read. */
  private last = -1;
  private next = 0;
  private offset = 0;

  /** An inspector that hands each record to `emit` as soon as it is final but for its flow number. */
  constructor(
    private readonly emit: DraftSink,
    private readonly window = PAIRING_WINDOW,
  ) {
    this.pairer = new CopyPairer(window);
    this.held = new Int32Array((window + 1) * HELD_INTS);
    for (let at = 0; at < this.held.length; at += HELD_INTS) this.held[at + Draft.LINE] = -1;
  }

  /** Reads the next line (its text without the line end). */
  line(text: string): void {
    const line = this.next++;
    this.reader.line(text, line, this.offset);
    this.offset += text.length + 1;
    // A packet still being read (a long -vv one) may yet pair with the copies of the `window` lines before it.
    const pending = this.reader.pendingLine;
    this.readTo(pending === undefined ? line + 1 : Math.min(line, pending));
  }

  /**
   * Reads the next line from its bytes when it is in a form read straight from them
   * (CaptureRowReader.lineAt: ASCII, no line end, followed by a 0); false for any other line,
   * which is not read: its text is to be read (line()).
   */
  lineAt(b: Uint8Array, from: number, to: number): boolean {
    const line = this.next;
    if (!this.reader.lineAt(b, from, to, line, this.offset)) return false;
    this.next++;
    this.offset += to - from + 1;
    const pending = this.reader.pendingLine;
    this.readTo(pending === undefined ? line + 1 : Math.min(line, pending));
    return true;
  }

  /**
   * Takes the row of the next copy or line not understood, its words numbered by `table`. Rows
   * come in line order, each starting after the last line of the one before.
   */
  row(rows: Int32Array, at: number): void {
    const line = rows[at + Row.LINE];
    // No copy can pair with a copy more than `window` lines before it: out of the ring first.
    this.flushTo(line - this.window - 1);
    if (rows[at + Row.END_LINE] < 0) this.hold(line, -1, -1);
    else this.copy(rows, at);
    this.last = Math.max(this.last, rows[at + Row.END_LINE], line);
  }

  /** Says that no row to come starts before `line`: hands out the records no copy to come can pair with. */
  readTo(line: number): void {
    this.last = Math.max(this.last, line - 1);
    this.flushTo(line - 1 - this.window);
  }

  /** Ends the dump: hands out what is still waiting, and the flows to finish the drafts with. */
  end(): InspectTables {
    this.reader.end();
    this.flushTo(Math.max(this.last, this.next - 1));
    // Each key's flow number, looked up once per key rather than once per record.
    const flowOfKey = this.keys.flowNumbers(this.table.size);
    const flowOfQuote = Int32Array.from([...this.quoted.keys()], (key) => flowOfKey[key]);
    return { flowOfKey, flowOfQuote, words: this.table.texts, ipv4s: this.table.ipv4s };
  }

  /**
   * Starts the record on `line`: its copy's last line and dialect (-1 for a line not
   * understood), no words, no flow, no other copy yet. Answers where it starts.
   */
  private hold(line: number, endLine: number, dialect: number): number {
    const held = this.held;
    const at = (line % (this.window + 1)) * HELD_INTS;
    // Field by field: a million records, where a call to fill() costs more than the writes.
    held[at + Draft.LINE] = line;
    held[at + Draft.END_LINE] = endLine;
    held[at + Draft.DIALECT] = dialect;
    held[at + Draft.SRC] = -1;
    held[at + Draft.DST] = -1;
    held[at + Draft.PROTOCOL] = -1;
    held[at + Draft.SRC_PORT] = -1;
    held[at + Draft.DST_PORT] = -1;
    held[at + Draft.SPI] = -1;
    held[at + Draft.REFERENCE] = -1;
    held[at + Draft.PAIRED_WITH] = 0;
    held[at + Draft.VIRTUAL_SERVER] = -1;
    held[at + ERROR] = 0;
    return at;
  }

  /** Where the record on `line` starts; -1 when it is not (or no longer) held. */
  private heldAt(line: number): number {
    const at = (line % (this.window + 1)) * HELD_INTS;
    return this.held[at + Draft.LINE] === line ? at : -1;
  }

  /** The flow key reference of a copy's own key (noting it for the ICMP errors that may follow), or -1. */
  private keyed(rows: Int32Array, at: number): number {
    const key = rows[at + Row.KEY];
    if (key < 0) return -1;
    const index = this.keys.add(key, '', rows[at + Row.LINE]);
    if (rows[at + Row.SRC] >= 0) this.ties.observe(rows, at, index);
    const f5Flow = rows[at + Row.F5_FLOW];
    if (f5Flow >= 0) {
      const peer = rows[at + Row.F5_PEER];
      this.f5Flows.note(f5Flow, peer >= 0 ? peer : undefined, index, this.joinKeys);
    }
    return index;
  }

  /** What an ICMP error copy reports on, as a reference: a quoted flow key waiting to be resolved, the flow of the packet it follows, or -1. */
  private tied(rows: Int32Array, at: number): number {
    const tie = this.ties.tie(rows, at);
    if (tie.quotedKey !== undefined) {
      let waiting = this.quoted.get(tie.quotedKey);
      if (waiting === undefined) this.quoted.set(tie.quotedKey, (waiting = -2 - this.quoted.size));
      return waiting;
    }
    return tie.last ?? -1;
  }

  /**
   * A copy's record. The packet's first copy decides what the packet is, as in the editor's
   * analysis: an ICMP error shares the tie of its first copy (or, if that found nothing, its
   * own); any other packet joins the flow keys of all its copies into one flow.
   */
  private copy(rows: Int32Array, at: number): void {
    const held = this.held;
    this.table.keyOfRow(rows, at);
    const earlier = this.pairer.add(rows, at);
    const to = this.hold(rows[at + Row.LINE], rows[at + Row.END_LINE], rows[at + Row.DIALECT]);
    held[to + Draft.SRC] = rows[at + Row.SRC];
    held[to + Draft.DST] = rows[at + Row.DST];
    held[to + Draft.PROTOCOL] = rows[at + Row.PROTOCOL];
    held[to + Draft.SRC_PORT] = rows[at + Row.SRC_PORT];
    held[to + Draft.DST_PORT] = rows[at + Row.DST_PORT];
    held[to + Draft.SPI] = rows[at + Row.SPI];
    held[to + Draft.VIRTUAL_SERVER] = rows[at + Row.VIRTUAL_SERVER];
    const other = earlier >= 0 ? this.heldAt(earlier) : -1;
    if (earlier >= 0) held[to + Draft.PAIRED_WITH] = earlier + 1;
    if (other >= 0) {
      if (held[other + Draft.PAIRED_WITH] === 0)
        held[other + Draft.PAIRED_WITH] = rows[at + Row.LINE] + 1;
      const reference = held[other + Draft.REFERENCE];
      held[to + ERROR] = held[other + ERROR];
      if (held[other + ERROR] === 1) {
        if (reference !== -1) held[to + Draft.REFERENCE] = reference;
        else this.tieCopies(earlier, rows[at + Row.LINE], this.tied(rows, at));
      } else {
        const index = this.keyed(rows, at);
        if (index >= 0 && reference >= 0) this.keys.join(reference, index);
        else if (index >= 0) held[other + Draft.REFERENCE] = index;
        held[to + Draft.REFERENCE] = index >= 0 ? index : reference;
      }
    } else if (rows[at + Row.ERROR] === 1) {
      held[to + ERROR] = 1;
      held[to + Draft.REFERENCE] = this.tied(rows, at);
    } else {
      held[to + Draft.REFERENCE] = this.keyed(rows, at);
    }
  }

  /**
   * An ICMP error packet's copy on `line` found `reference` (what the error reports on) where
   * the copies before it, from the first on `first`, found nothing: as in the editor's analysis,
   * the first copy to find it decides for the whole packet, so the copies read before take it too.
   */
  private tieCopies(first: number, line: number, reference: number): void {
    if (reference === -1) return; // every copy's reference is -1 already (hold)
    const held = this.held;
    held[this.heldAt(first) + Draft.REFERENCE] = reference;
    // The later copies, this one among them, are paired with the first and marked as an error.
    for (let between = first + 1; between <= line; between++) {
      const at = this.heldAt(between);
      if (at >= 0 && held[at + Draft.PAIRED_WITH] === first + 1 && held[at + ERROR] === 1)
        held[at + Draft.REFERENCE] = reference;
    }
  }

  /** Hands out the records of the lines up to `last`, in line order. */
  private flushTo(last: number): void {
    for (let line = this.emitted + 1; line <= last; line++) {
      const at = this.heldAt(line);
      if (at < 0) continue;
      this.emit(this.held, at);
      this.held[at + Draft.LINE] = -1;
    }
    if (last > this.emitted) this.emitted = last;
  }
}

/** Inspects a dump held in memory: every record, finished. */
export function inspectText(text: string): InspectRecord[] {
  const pieces: Uint8Array[] = [];
  const writer = new DraftWriter((drafts) => pieces.push(drafts.slice()));
  const inspector = new CaptureInspector((drafts, at) => writer.add(drafts, at));
  for (const line of text.split(/\r\n|\n|\r/)) inspector.line(line);
  const finisher = new DraftFinisher(inspector.end());
  writer.flush();
  const decoder = new TextDecoder();
  const json = pieces.map((drafts) => decoder.decode(finisher.add(drafts))).join('');
  return json
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as InspectRecord);
}
