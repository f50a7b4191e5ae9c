// One record per packet copy (and per line not understood), for scripts and checks: what
// `node server/out/cli.js inspect FILE --json` prints as JSON Lines. A dump of any size is read
// once, line by line, without keeping it: each record is drafted as soon as its other copy can no
// longer turn up (the pairer looks back a bounded window), with its flow left as a reference,
// because flow numbers follow first appearance of whole flows and a later translated packet may
// still join two keys into one flow. The host keeps the drafts where it likes (the command line:
// a temporary file) and finishes them once the dump has been read: memory grows with the number
// of flows and hosts, not with the number of lines. The caller feeds lines (the service reads no
// files).
import { Draft, DRAFT_INTS, DraftFinisher, DraftWriter } from './drafts';
import { FlowKeys, FlowKeyTable, noWords } from './flows';
import { IcmpErrorTies } from './icmpErrors';
import type { Dialect, PacketCopy } from './packet';
import { isIcmpError } from './packet';
import { CopyPairer, PAIRING_WINDOW } from './pairing';
import { CaptureReader } from './parser';

/** One packet copy as a script sees it; lines are 1-based, fields that do not apply are left out. */
export interface PacketRecord {
  /** The copy's first line. */
  line: number;
  /** Its last line (a tcpdump -v packet continues on indented lines). */
  endLine: number;
  /** The dialect of the dump. */
  dialect: Dialect;
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

/** What the reading pass learnt, to finish the drafts with: the flows, and the words drafts name by number. */
export interface InspectTables {
  /** The number of the flow a reference names (a flow key's index, or a quoted flow key seen before its flow), if any. */
  resolve(reference: number): number | undefined;
  /** The text of a word's number (an address, a protocol, an SPI; FlowKeyTable). */
  word(word: number): string;
  /** Per word: the value of the IPv4 address it is, -1 for any other word (FlowKeyTable). */
  readonly ipv4s: readonly number[];
}

/**
 * Where the inspector hands each record, in line order, once all but its flow number is known:
 * a draft (drafts.ts), the DRAFT_INTS integers of `drafts` from `at`, valid until the sink returns.
 */
export type DraftSink = (drafts: Int32Array, at: number) => void;

// The records of the last lines wait as drafts in a ring of rows, each with one more integer:
/** 1 when the packet is an ICMP error (its first copy is): its flow is the one it reports on. */
const ERROR = DRAFT_INTS;
const ROW_INTS = DRAFT_INTS + 1;

/**
 * Reads a dump line by line and hands each record to a sink, in line order, as soon as only its
 * flow number is missing; `end()` says how to finish them (DraftFinisher). The records of the
 * last `window` lines wait in a ring of typed-array rows: no object per line.
 */
export class CaptureInspector {
  private readonly table = new FlowKeyTable();
  private readonly keys = new FlowKeys();
  private readonly quoted = new Map<number, number>();
  private readonly pairer: CopyPairer;
  private readonly ties = new IcmpErrorTies<number>(this.table);
  private readonly reader = new CaptureReader({
    copy: (copy) => this.copy(copy),
    unrecognised: (line) => this.hold(line, -1, -1),
  });
  /** The rows of the last `window` lines, by line (modulo the window): at most one record starts on a line. */
  private readonly rows: Int32Array;
  /** The words of the copy being read. */
  private readonly words = noWords();
  private emitted = -1;
  private next = 0;
  private offset = 0;

  /** An inspector that hands each record to `emit` as soon as it is final but for its flow number. */
  constructor(
    private readonly emit: DraftSink,
    private readonly window = PAIRING_WINDOW,
  ) {
    this.pairer = new CopyPairer(window);
    this.rows = new Int32Array((window + 1) * ROW_INTS);
    for (let at = 0; at < this.rows.length; at += ROW_INTS) this.rows[at + Draft.LINE] = -1;
  }

  /** Reads the next line (its text without the line end). */
  line(text: string): void {
    const line = this.next++;
    this.reader.line(text, line, this.offset);
    this.offset += text.length + 1;
    // A copy starting more than `window` lines back can no longer be paired. A packet still being
    // read (a long -vv one) may yet pair with the copies of the `window` lines before it.
    const pending = this.reader.pendingLine;
    this.flushTo(
      pending === undefined ? line - this.window : Math.min(line, pending) - this.window - 1,
    );
  }

  /** Ends the dump: hands out what is still waiting, and the flows to finish the drafts with. */
  end(): InspectTables {
    this.reader.end();
    this.flushTo(this.next - 1);
    // Each key's flow number, looked up once per key rather than once per record.
    const flowOfKey = this.keys.flowNumbers(this.table.size);
    const quoted = [...this.quoted.keys()].map((key) => flowOfKey[key]);
    const table = this.table;
    return {
      word: (word) => table.text(word),
      ipv4s: table.ipv4s,
      resolve(reference: number): number | undefined {
        const flow =
          reference >= 0 ? flowOfKey[reference] : reference <= -2 ? quoted[-reference - 2] : 0;
        return flow === 0 ? undefined : flow;
      },
    };
  }

  /**
   * Starts the row of the record on `line`: its copy's last line and dialect (-1 for a line not
   * understood), no words, no flow, no other copy yet. Answers where the row starts.
   */
  private hold(line: number, endLine: number, dialect: number): number {
    const rows = this.rows;
    const at = (line % (this.window + 1)) * ROW_INTS;
    rows.fill(-1, at, at + ROW_INTS);
    rows[at + Draft.LINE] = line;
    rows[at + Draft.END_LINE] = endLine;
    rows[at + Draft.DIALECT] = dialect;
    rows[at + Draft.PAIRED_WITH] = 0;
    rows[at + ERROR] = 0;
    return at;
  }

  /** Where the row of the record on `line` starts; -1 when it is not (or no longer) held. */
  private heldAt(line: number): number {
    const at = (line % (this.window + 1)) * ROW_INTS;
    return this.rows[at + Draft.LINE] === line ? at : -1;
  }

  /** The flow key reference of a copy's own key (noting it for the ICMP errors that may follow), or -1. */
  private keyed(copy: PacketCopy, key: number): number {
    if (key < 0) return -1;
    const index = this.keys.add(key, '', copy.line);
    if (copy.src !== '') this.ties.observe(copy, index);
    return index;
  }

  /** What an ICMP error copy reports on, as a reference: a quoted flow key waiting to be resolved, the flow of the packet it follows, or -1. */
  private tied(copy: PacketCopy): number {
    const tie = this.ties.tie(copy);
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
  private copy(copy: PacketCopy): void {
    const rows = this.rows;
    const words = this.table.wordsOf(copy, this.words);
    const key = this.table.keyOfWords(copy, words);
    const earlier = this.pairer.add(copy, key);
    const at = this.hold(copy.line, copy.endLine, copy.dialect === 'axdebug' ? 0 : 1);
    rows[at + Draft.SRC] = words.src;
    rows[at + Draft.DST] = words.dst;
    rows[at + Draft.PROTOCOL] = words.protocol;
    rows[at + Draft.SRC_PORT] = words.srcPort;
    rows[at + Draft.DST_PORT] = words.dstPort;
    rows[at + Draft.SPI] = words.spi;
    const other = earlier ? this.heldAt(earlier.line) : -1;
    if (earlier) rows[at + Draft.PAIRED_WITH] = earlier.line + 1;
    if (other >= 0) {
      if (rows[other + Draft.PAIRED_WITH] === 0) rows[other + Draft.PAIRED_WITH] = copy.line + 1;
      const reference = rows[other + Draft.REFERENCE];
      rows[at + ERROR] = rows[other + ERROR];
      if (rows[other + ERROR] === 1) {
        rows[at + Draft.REFERENCE] = reference !== -1 ? reference : this.tied(copy);
        if (reference === -1) rows[other + Draft.REFERENCE] = rows[at + Draft.REFERENCE];
      } else {
        const index = this.keyed(copy, key);
        if (index >= 0 && reference >= 0) this.keys.join(reference, index);
        else if (index >= 0) rows[other + Draft.REFERENCE] = index;
        rows[at + Draft.REFERENCE] = index >= 0 ? index : reference;
      }
    } else if (isIcmpError(copy)) {
      rows[at + ERROR] = 1;
      rows[at + Draft.REFERENCE] = this.tied(copy);
    } else {
      rows[at + Draft.REFERENCE] = this.keyed(copy, key);
    }
  }

  /** Hands out the records of the lines up to `last`, in line order. */
  private flushTo(last: number): void {
    for (let line = this.emitted + 1; line <= last; line++) {
      const at = this.heldAt(line);
      if (at < 0) continue;
      this.emit(this.rows, at);
      this.rows[at + Draft.LINE] = -1;
    }
    if (last > this.emitted) this.emitted = last;
  }
}

/** Inspects a dump held in memory: every record, finished. */
export function inspectText(text: string): InspectRecord[] {
  const pieces: Uint8Array[] = [];
  const writer = new DraftWriter((drafts) => pieces.push(drafts));
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
