// One record per packet copy (and per line not understood), for scripts and checks: what
// `node server/out/cli.js inspect FILE --json` prints as JSON Lines. A dump of any size is read
// once, line by line, without keeping it: each record is drafted as soon as its other copy can no
// longer turn up (the pairer looks back a bounded window), with its flow left as a reference,
// because flow numbers follow first appearance of whole flows and a later translated packet may
// still join two keys into one flow. The host keeps the drafts where it likes (the command line:
// a temporary file) and finishes them once the dump has been read: memory grows with the number
// of flows and hosts, not with the number of lines. The caller feeds lines (the service reads no
// files).
import { detach, FlowKeys, flowKeyOf } from './flows';
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

/** What the reading pass learnt of the flows: it turns a draft's flow reference into the flow's number. */
export interface FlowTable {
  /** The number of the flow a reference names (a flow key's index, or a quoted flow key seen before its flow), if any. */
  resolve(reference: number): number | undefined;
}

/** A record waiting until its other copy can no longer turn up. */
interface Draft {
  /** The line it is about (zero-based). */
  readonly line: number;
  /** The flow key index (>= 0), a quoted key waiting to be resolved (<= -2), or none (-1). */
  reference: number;
  /** The other copy's first line (1-based), 0 for none. */
  pairedWith: number;
  /** The record's JSON up to its flow: everything the line itself says. */
  readonly prefix: string;
  /** True when the packet is an ICMP error (its first copy is): its flow is the one it reports on. */
  error: boolean;
}

/** The JSON of what a copy's own lines say, in the documented order, without the closing brace. */
function recordPrefix(copy: PacketCopy): string {
  let json = `{"line":${copy.line + 1},"endLine":${copy.endLine + 1},"dialect":"${copy.dialect}"`;
  if (copy.src !== '') json += `,"src":${JSON.stringify(copy.src)}`;
  if (copy.dst !== '') json += `,"dst":${JSON.stringify(copy.dst)}`;
  json += `,"protocol":${JSON.stringify(copy.protocol)}`;
  if (copy.srcPort !== undefined) json += `,"srcPort":${copy.srcPort}`;
  if (copy.dstPort !== undefined) json += `,"dstPort":${copy.dstPort}`;
  const spi = copy.esp?.spi ?? copy.ah?.spi;
  if (spi !== undefined) json += `,"spi":${JSON.stringify(spi)}`;
  return json;
}

/**
 * Reads a dump line by line and hands out one draft per record, in line order: `reference
 * pairedWith json-prefix`. `end()` says how to finish them (finishDraft).
 */
export class CaptureInspector {
  private readonly keys = new FlowKeys();
  private readonly quoted = new Map<string, number>();
  private readonly pairer: CopyPairer;
  private readonly ties = new IcmpErrorTies<number>();
  private readonly reader = new CaptureReader({
    copy: (copy) => this.copy(copy),
    unrecognised: (line) =>
      this.hold({
        line,
        reference: -1,
        pairedWith: 0,
        prefix: `{"line":${line + 1},"unrecognised":true`,
        error: false,
      }),
  });
  /** The drafts of the last `window` lines, by line (modulo the window): at most one record starts on a line. */
  private readonly held: (Draft | undefined)[];
  private emitted = -1;
  private next = 0;
  private offset = 0;

  /** An inspector that hands each draft to `emit` as soon as it is final but for its flow number. */
  constructor(
    private readonly emit: (draft: string) => void,
    private readonly window = PAIRING_WINDOW,
  ) {
    this.pairer = new CopyPairer(window);
    this.held = new Array<Draft | undefined>(window + 1);
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
  end(): FlowTable {
    this.reader.end();
    this.flushTo(this.next - 1);
    const keys = this.keys;
    const numbers = keys.numbering();
    const quoted = [...this.quoted.keys()].map((key) => keys.get(key));
    return {
      resolve(reference: number): number | undefined {
        const index =
          reference >= 0 ? reference : reference <= -2 ? quoted[-reference - 2] : undefined;
        return index === undefined ? undefined : numbers.get(keys.find(index));
      },
    };
  }

  private hold(draft: Draft): void {
    this.held[draft.line % this.held.length] = draft;
  }

  private heldAt(line: number): Draft | undefined {
    const draft = this.held[line % this.held.length];
    return draft?.line === line ? draft : undefined;
  }

  /** The flow key reference of a copy's own key (noting it for the ICMP errors that may follow), or -1. */
  private keyed(copy: PacketCopy, key: string | undefined): number {
    if (key === undefined) return -1;
    const index = this.keys.add(key, '', copy.line);
    if (copy.src !== '') this.ties.observe(copy, index);
    return index;
  }

  /** What an ICMP error copy reports on, as a reference: a quoted flow key waiting to be resolved, the flow of the packet it follows, or -1. */
  private tied(copy: PacketCopy): number {
    const tie = this.ties.tie(copy);
    if (tie.quotedKey !== undefined) {
      let waiting = this.quoted.get(tie.quotedKey);
      if (waiting === undefined)
        this.quoted.set(detach(tie.quotedKey), (waiting = -2 - this.quoted.size));
      return waiting;
    }
    return tie.last ?? -1;
  }

  /**
   * A copy's draft. The packet's first copy decides what the packet is, as in the editor's
   * analysis: an ICMP error shares the tie of its first copy (or, if that found nothing, its
   * own); any other packet joins the flow keys of all its copies into one flow.
   */
  private copy(copy: PacketCopy): void {
    const key = flowKeyOf(copy);
    const earlier = this.pairer.add(copy, key);
    const other = earlier ? this.heldAt(earlier.line) : undefined;
    const draft: Draft = {
      line: copy.line,
      reference: -1,
      pairedWith: earlier ? earlier.line + 1 : 0,
      prefix: recordPrefix(copy),
      error: false,
    };
    if (other) {
      if (other.pairedWith === 0) other.pairedWith = copy.line + 1;
      draft.error = other.error;
      if (other.error) {
        draft.reference = other.reference !== -1 ? other.reference : this.tied(copy);
        if (other.reference === -1) other.reference = draft.reference;
      } else {
        const index = this.keyed(copy, key);
        if (index >= 0 && other.reference >= 0) this.keys.join(other.reference, index);
        else if (index >= 0) other.reference = index;
        draft.reference = index >= 0 ? index : other.reference;
      }
    } else if (isIcmpError(copy)) {
      draft.error = true;
      draft.reference = this.tied(copy);
    } else {
      draft.reference = this.keyed(copy, key);
    }
    this.hold(draft);
  }

  /** Hands out the drafts of the lines up to `last`, in line order. */
  private flushTo(last: number): void {
    for (let line = this.emitted + 1; line <= last; line++) {
      const draft = this.heldAt(line);
      if (!draft) continue;
      this.held[line % this.held.length] = undefined;
      this.emit(`${draft.reference} ${draft.pairedWith} ${draft.prefix}`);
    }
    if (last > this.emitted) this.emitted = last;
  }
}

/** Finishes a draft into its JSON line once the dump has been read. */
export function finishDraft(draft: string, flows: FlowTable): string {
  const a = draft.indexOf(' ');
  const b = draft.indexOf(' ', a + 1);
  const flow = flows.resolve(Number(draft.slice(0, a)));
  const pairedWith = Number(draft.slice(a + 1, b));
  let json = draft.slice(b + 1);
  if (flow !== undefined) json += `,"flow":${flow}`;
  if (pairedWith > 0) json += `,"pairedWith":${pairedWith}`;
  return `${json}}`;
}

/** Inspects a dump held in memory: every record, finished. */
export function inspectText(text: string): InspectRecord[] {
  const drafts: string[] = [];
  const inspector = new CaptureInspector((draft) => drafts.push(draft));
  for (const line of text.split(/\r\n|\n|\r/)) inspector.line(line);
  const flows = inspector.end();
  return drafts.map((draft) => JSON.parse(finishDraft(draft, flows)) as InspectRecord);
}
