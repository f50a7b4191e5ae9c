// What a dump shows beyond its lines: which copies are one packet seen on both sides of the
// balancer, which packets make one flow (its translated and untranslated sides joined), which
// packet answers which, which packet an ICMP error reports on, what each TCP connection did and
// how far each IPsec peer got. The editor's view of a dump; the streaming inspector (inspect.ts)
// derives the same pairs and flows with the same pairer and flow keys without keeping the dump.
// A dump of 200,000 lines is analysed as it is opened, so what is known of a packet is kept on
// the packet, and what is known of a line in arrays by line, rather than in maps of objects.
import { fitted } from '../../collections';
import { LineFacts } from './lineFacts';
import { type TcpConnection, tcpConnections } from './connections';
import { Row, ROW_INTS, writeRow } from './copyRows';
import {
  type End,
  type Flow,
  type FlowDirection,
  FlowKeys,
  FlowKeyTable,
  type Lookup,
} from './flows';
import { F5PeerFlows, noteF5Copy } from './f5Flows';
import { IcmpErrorTies } from './icmpErrors';
import { type IpsecPeer, ipsecPeers } from './ipsec';
import type { MutableCopy, Packet, PacketCopy } from '../reading/packet';
import { isIcmpError } from '../reading/packet';
import { isCompactCopy, lineCountOf } from '../reading/compactCopies';
import { readCompactly } from './compactReading';
import { CopyPairer } from './pairing';
import type { ParsedCapture } from '../reading/parser';

// The analysis's parts, where its users have always found them.
export type { End, Flow, FlowDirection, Lookup } from './flows';
export type { Packet } from '../reading/packet';

/** Everything the analysis found in a dump. */
export interface CaptureAnalysis {
  /** The parsed lines. */
  readonly parsed: ParsedCapture;
  /** Packets in order of their first copy. */
  readonly packets: readonly Packet[];
  /** Flows in order of first appearance. */
  readonly flows: readonly Flow[];
  /** The packet each copy belongs to. */
  readonly packetOf: Lookup<PacketCopy, Packet>;
  /** The flow each packet belongs to (for an ICMP error: the flow it reports on, if known). */
  readonly flowOf: Lookup<Packet, Flow>;
  /** Forward or back, within its flow. */
  readonly directionOf: Lookup<Packet, FlowDirection>;
  /** The packet that answers a packet: an echo reply, the next packet back in its flow, ESP back from the peer, an ICMP error. */
  readonly answeredBy: Lookup<Packet, Packet>;
  /** The packet a packet answers (for ICMP errors: the packet it reports on). */
  readonly answers: Lookup<Packet, Packet>;
  /**
   * The packet an ICMP error reports on (`answers` of an error; undefined for any other packet),
   * known as soon as the analysis is: asking it works out no other packet's answer (the findings
   * ask it of every error).
   */
  readonly causeOf: Lookup<Packet, Packet>;
  /** The copy on each line of the dump that holds one (every line of a multi-line tcpdump packet). */
  readonly copyAtLine: Lookup<number, PacketCopy>;
  /** What each TCP flow did: SYNs, SYN-ACKs, resets, retransmissions (worked out for a flow when asked). */
  readonly connections: Lookup<Flow, TcpConnection>;
  /** IPsec peers in order of first appearance. */
  readonly peers: readonly IpsecPeer[];
  /** The IPsec peer of each IKE, ESP and AH packet. */
  readonly peerOf: ReadonlyMap<Packet, IpsecPeer>;
  /** The IPsec peer a remote address belongs to, for the packets of any protocol exchanged with it. */
  readonly peerByAddress: ReadonlyMap<string, IpsecPeer>;
}

/** A packet and what the analysis learns of it. */
interface PacketState extends Packet {
  copies: PacketCopy[];
  flow: Flow | undefined;
  direction: FlowDirection | undefined;
  answeredBy: PacketState | undefined;
  answers: PacketState | undefined;
}

/** A lookup that reads one field of a packet. */
function field<K extends keyof PacketState, V>(name: K): Lookup<Packet, V> {
  return {
    get: (packet) => (packet as PacketState)[name] as V | undefined,
    has: (packet) => (packet as PacketState)[name] !== undefined,
  };
}

/**
 * The copy on a line, found by halving among the copies (in line order): an array of a slot per
 * line would hold megabytes for as long as the dump is open, to answer a hover now and then.
 */
function byLine(copies: readonly PacketCopy[]): Lookup<number, PacketCopy> {
  const get = (line: number): PacketCopy | undefined => {
    if (!Number.isInteger(line) || line < 0) return undefined;
    // The last copy that starts on or before the line.
    let low = 0;
    let high = copies.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (copies[middle].line > line) high = middle;
      else low = middle + 1;
    }
    const copy = low > 0 ? copies[low - 1] : undefined;
    return copy && line <= copy.endLine ? copy : undefined;
  };
  return { get, has: (line) => get(line) !== undefined };
}

/** Pairs copies into packets, packets into flows, and requests with their answers. */
export function analyseCapture(parsed: ParsedCapture): CaptureAnalysis {
  const copies = new CopySteps(parsed.lineCount, parsed.copies.length);
  const row = copies.row;
  for (let i = 0; i < parsed.copies.length; i++) {
    const copy = parsed.copies[i];
    row.fill(0);
    writeRow(copy, copies.table, row, 0);
    copies.add(copy);
  }
  return copies.analysis(parsed);
}

/**
 * A whole dump's text read and analysed at once, as analyseCapture(parseCaptureCompact(text))
 * does: each copy's row is written as the copy is read (from the copy the dialect built, or
 * straight from its line: compactCopies.ts CompactReader), its words numbered once, in the
 * table the analysis keys its flows with.
 */
export function analyseCaptureText(text: string): CaptureAnalysis {
  const lineCount = lineCountOf(text);
  const copies = new CopySteps(lineCount, lineCount);
  const parsed = readCompactly(text, lineCount, copies.table, copies.row, (copy) =>
    copies.add(copy),
  );
  return copies.analysis(parsed);
}

/**
 * The analysis of each copy as it comes, in line order (CopySteps.add): its row, written in
 * `row` with `table`'s words, has its flow key worked out once (pairing, grouping and the ICMP
 * ties need it) and joins its packet. A row is 31 integers: what the ICMP ties read again once
 * the flows are known is kept (TieRows), not every row; what grouping, orienting and the IPsec
 * peers read of each copy is kept by its first line, as integers: no string compared nor header
 * made again per copy (LineFacts).
 */
class CopySteps {
  readonly table = new FlowKeyTable();
  readonly row = new Int32Array(ROW_INTS);
  private readonly lineFacts: LineFacts;
  private readonly tieRows: TieRows;
  private readonly packets: PacketState[] = [];
  private readonly packetAtLine: PacketsByLine;
  private readonly pairer = new CopyPairer();
  private count = 0;

  /** Steps for a dump of `lineCount` lines and at most `copies` copies. */
  constructor(lineCount: number, copies: number) {
    this.lineFacts = new LineFacts(lineCount);
    this.tieRows = new TieRows(copies);
    this.packetAtLine = new PacketsByLine(lineCount, this.packets);
  }

  /** The next copy, its row in `row` (all but its KEY). */
  add(copy: PacketCopy): void {
    const { row, table } = this;
    table.keyOfRow(row, 0);
    this.lineFacts.keep(copy.line, row, 0);
    shareAddresses(copy, table, row, 0);
    const packet = addToPacket(copy, this.pairer.add(row, 0), this.packetAtLine, this.packets);
    this.tieRows.keep(this.count++, row, isIcmpError(packet.copies[0]));
  }

  /** What the analysis finds once every copy of `parsed` has been added. */
  analysis(parsed: ParsedCapture): CaptureAnalysis {
    return finishAnalysis(
      parsed,
      this.table,
      this.lineFacts,
      this.tieRows,
      this.packets,
      this.packetAtLine,
    );
  }
}

/** The flows, their directions, the ICMP ties and the IPsec peers of the packets of every copy. */
function finishAnalysis(
  parsed: ParsedCapture,
  table: FlowKeyTable,
  lineFacts: LineFacts,
  tieRows: TieRows,
  packets: PacketState[],
  packetAtLine: PacketsByLine,
): CaptureAnalysis {
  const { flows, keys, flowOfKey } = groupFlows(packets, lineFacts);
  const orienting = new Orienting(lineFacts);
  for (let f = 0; f < flows.length; f++) orienting.orient(flows[f]);
  const ties = tieIcmpErrors(parsed.copies, tieRows, packetAtLine, table, (key) =>
    flowOfKey(keys.get(key)),
  );

  const directionOf = field<'direction', FlowDirection>('direction');
  const connections = tcpConnections(directionOf);
  const { peers, peerOf, peerByAddress } = ipsecPeers(packets, lineFacts);
  // Which packet answers which is worked out when first asked (a hover, the outline, the
  // diagram): the findings need only what an ICMP error reports on, which the ties tell.
  const links = new AnswerLinks(flows, ties, peers);

  fitArrays(packets, flows);
  // Built outside this function: a closure made here would keep every variable its siblings
  // use alive with it (V8 gives a function's closures one shared context), the rows and the
  // word table among them, for as long as the editor keeps the analysis.
  return {
    parsed,
    packets,
    flows,
    packetOf: packetAtLine,
    flowOf: field<'flow', Flow>('flow'),
    directionOf,
    answeredBy: links.lookup('answeredBy'),
    answers: links.lookup('answers'),
    causeOf: causes(links, peerOf),
    copyAtLine: byLine(parsed.copies),
    connections,
    peers,
    peerOf,
    peerByAddress,
  };
}

/** No ICMP error reports on most flows: they share one empty list (frozen: nothing adds to it). */
const NO_ERRORS = Object.freeze([]) as unknown as Packet[];

/**
 * The lists of each packet and flow, built by push, keep only the room their items take (a
 * flow's ends are made at their size: Orienting).
 */
function fitArrays(packets: readonly PacketState[], flows: readonly Flow[]): void {
  for (let p = 0; p < packets.length; p++)
    if (packets[p].copies.length > FEW_COPIES) packets[p].copies = fitted(packets[p].copies);
  for (const flow of flows as MutableFlow[])
    flow.errors = flow.errors.length === 0 ? NO_ERRORS : fitted(flow.errors);
}

/** A flow as the analysis builds it. */
type MutableFlow = { -readonly [K in keyof Flow]: Flow[K] };

/**
 * The packet of each copy, by the copy's first line: the packet's index in a typed array (4 bytes
 * a line, outside the heap) rather than an array of a reference per line.
 */
class PacketsByLine implements Lookup<PacketCopy, Packet> {
  /** 1 + the index of the packet whose copy starts on each line; 0 for none. */
  private readonly indexes: Int32Array;

  constructor(
    lineCount: number,
    private readonly packets: readonly PacketState[],
  ) {
    this.indexes = new Int32Array(lineCount);
  }

  /** The index of the packet of the copy that starts on a line; -1 for none. */
  indexAt(line: number): number {
    return Number.isInteger(line) && line >= 0 && line < this.indexes.length
      ? this.indexes[line] - 1
      : -1;
  }

  at(line: number): PacketState | undefined {
    const index = this.indexAt(line);
    return index < 0 ? undefined : this.packets[index];
  }

  set(line: number, index: number): void {
    this.indexes[line] = index + 1;
  }

  get(copy: PacketCopy): Packet | undefined {
    return this.at(copy.line);
  }

  has(copy: PacketCopy): boolean {
    return this.indexAt(copy.line) >= 0;
  }
}

/**
 * The copy's addresses become the table's texts of their words: every copy of a host then
 * shares one string instead of a string of its own per line (the parser cut each from its line).
 */
function shareAddresses(
  copy: MutableCopy,
  table: FlowKeyTable,
  rows: Int32Array,
  at: number,
): void {
  // A copy kept as a row names its addresses as words already, one string each.
  if (isCompactCopy(copy)) return;
  const src = rows[at + Row.SRC];
  if (src >= 0 && table.texts[src] === copy.src) copy.src = table.texts[src];
  const dst = rows[at + Row.DST];
  if (dst >= 0 && table.texts[dst] === copy.dst) copy.dst = table.texts[dst];
}

/** A copy of a packet shares its packet id and time, when they are the same, with the first copy's strings. */
function shareTexts(copy: MutableCopy, first: PacketCopy): void {
  // A copy kept as a row cuts its texts from the document when they are read: nothing to share.
  if (isCompactCopy(copy)) return;
  if (copy.id !== undefined && copy.id === first.id) copy.id = first.id;
  if (copy.time === first.time) copy.time = first.time;
}

/** Up to how many copies a packet's list is made anew for each copy rather than grown. */
const FEW_COPIES = 4;

/**
 * A copy joins the packet of the earlier copy the pairer recognised it as (`earlier`, its line;
 * -1 for none), else it starts a packet of its own. Answers its packet.
 */
function addToPacket(
  copy: PacketCopy,
  earlier: number,
  packetAtLine: PacketsByLine,
  packets: PacketState[],
): PacketState {
  const index = earlier < 0 ? -1 : packetAtLine.indexAt(earlier);
  const packet = index < 0 ? undefined : packets[index];
  if (packet) {
    shareTexts(copy, packet.copies[0]);
    // A packet has a copy or two, seldom more: an array made anew is just their size, where
    // one grown by push keeps room for 17 (its old room left behind as garbage in the old generation).
    if (packet.copies.length < FEW_COPIES) packet.copies = packet.copies.concat([copy]);
    else packet.copies.push(copy);
    packetAtLine.set(copy.line, index);
    return packet;
  }
  const created: PacketState = {
    copies: [copy],
    flow: undefined,
    direction: undefined,
    answeredBy: undefined,
    answers: undefined,
  };
  packets.push(created);
  packetAtLine.set(copy.line, packets.length - 1);
  return created;
}

/**
 * What the ICMP ties read of each copy's row once the flows are known: its source, destination
 * and flow key, and the whole row of an ICMP error's copy (few).
 */
class TieRows {
  private readonly ends: Int32Array;
  private readonly errorRows = new Map<number, Int32Array>();
  /** A row holding one copy's source and destination, for IcmpErrorTies.observe. */
  private readonly scratch = new Int32Array(ROW_INTS);

  constructor(copies: number) {
    this.ends = new Int32Array(3 * copies);
  }

  keep(index: number, row: Int32Array, icmpError: boolean): void {
    this.ends[3 * index] = row[Row.SRC];
    this.ends[3 * index + 1] = row[Row.DST];
    this.ends[3 * index + 2] = row[Row.KEY];
    if (icmpError) this.errorRows.set(index, row.slice());
  }

  /** True when the copy has a source and a flow key. */
  observable(index: number): boolean {
    return this.ends[3 * index] >= 0 && this.ends[3 * index + 2] >= 0;
  }

  /** A row with the copy's source and destination (all IcmpErrorTies.observe reads). */
  endsRow(index: number): Int32Array {
    this.scratch[Row.SRC] = this.ends[3 * index];
    this.scratch[Row.DST] = this.ends[3 * index + 1];
    return this.scratch;
  }

  /** The whole row of an ICMP error's copy. */
  errorRow(index: number): Int32Array {
    return this.errorRows.get(index)!;
  }
}

/**
 * Packets whose copies share a flow key are one flow; a packet whose copies have different
 * keys (it was translated) joins the flows of both sides into one.
 */
function groupFlows(
  packets: readonly PacketState[],
  lineFacts: LineFacts,
): {
  flows: Flow[];
  keys: FlowKeys;
  flowOfKey: (index: number | undefined) => Flow | undefined;
} {
  const keys = new FlowKeys();
  // An F5 full proxy's two sides (f5Flows.ts), as the streaming inspector joins them.
  const f5Flows = new F5PeerFlows<string>();
  const join = (a: number, b: number): void => keys.join(a, b);
  // The index of one of each packet's flow keys (-1 for none): needed only here, not on the packet.
  const packetKeys = new Int32Array(packets.length).fill(-1);
  for (let p = 0; p < packets.length; p++) {
    const packet = packets[p];
    // An ICMP error belongs to the flow it reports on (tieIcmpErrors), not to one of its own.
    if (isIcmpError(packet.copies[0])) continue;
    let first: number | undefined;
    for (let c = 0; c < packet.copies.length; c++) {
      const copy = packet.copies[c];
      const key = lineFacts.key(copy.line);
      if (key < 0) continue;
      const index = keys.add(key, lineFacts.kindOf(copy), copy.line);
      noteF5Copy(f5Flows, copy, index, join);
      if (first === undefined) first = index;
      else keys.join(first, index);
    }
    if (first !== undefined) packetKeys[p] = first;
  }
  // Each key's flow number in an array (not a map by root, found from each key).
  const roots = keys.roots();
  const numbers = keys.flowNumbers(keys.size, roots);
  const flows: Flow[] = [];
  for (let i = 0; i < roots.length; i++) {
    flows.push({
      id: i + 1,
      kind: keys.kindOf(roots[i]),
      packets: [],
      errors: [],
      initiator: [],
      responder: [],
      firstLine: Infinity,
      lastLine: -1,
      forward: 0,
      back: 0,
    });
  }
  const flowOfKey = (index: number | undefined): Flow | undefined =>
    index === undefined ? undefined : flows[numbers[index] - 1];
  // Each flow's list of packets made at its size (counted first), not grown by push.
  const sizes = new Int32Array(flows.length);
  for (let p = 0; p < packets.length; p++) {
    const packet = packets[p];
    const flow = packetKeys[p] < 0 ? undefined : flowOfKey(packetKeys[p]);
    if (!flow) continue;
    sizes[flow.id - 1]++;
    packet.flow = flow;
  }
  for (const flow of flows as MutableFlow[]) flow.packets = new Array<Packet>(sizes[flow.id - 1]);
  sizes.fill(0);
  for (let p = 0; p < packets.length; p++) {
    const packet = packets[p];
    const flow = packet.flow;
    if (!flow) continue;
    flow.packets[sizes[flow.id - 1]++] = packet;
    const copies = packet.copies;
    for (let c = 0; c < copies.length; c++) {
      const copy = copies[c];
      if (copy.line < flow.firstLine) flow.firstLine = copy.line;
      if (copy.endLine > flow.lastLine) flow.lastLine = copy.endLine;
    }
  }
  return { flows, keys, flowOfKey };
}

/**
 * Decides for each packet of a flow whether it goes the way the first one went, or back, and
 * notes the ends (address and port) each way. An end is compared as its address's word and its
 * port's number (LineFacts), held here for the flow being oriented; each End object is made
 * once per address and port and shared by the flows that have it (a server's address and port
 * is an end of each of its flows), kept as long as the dump is open.
 */
class Orienting {
  /** The flow's ends so far each way: words and ports, side by side, and the End objects. */
  private readonly initiator: number[] = [];
  private readonly responder: number[] = [];
  private readonly initiatorEnds: End[] = [];
  private readonly responderEnds: End[] = [];
  /** The End objects by address word, then port. */
  private readonly shared = new Map<number, End[]>();

  constructor(private readonly facts: LineFacts) {}

  orient(flow: Flow): void {
    const facts = this.facts;
    const initiator = this.initiator;
    const responder = this.responder;
    const initiatorEnds = this.initiatorEnds;
    const responderEnds = this.responderEnds;
    initiator.length = 0;
    responder.length = 0;
    initiatorEnds.length = 0;
    responderEnds.length = 0;
    const packets = flow.packets as PacketState[];
    for (let p = 0; p < packets.length; p++) {
      const packet = packets[p];
      let forward = false;
      let back = false;
      const copies = packet.copies;
      for (let i = 0; i < copies.length; i++) {
        const line = copies[i].line;
        const src = facts.src(line);
        const srcPort = facts.srcPort(line);
        const dst = facts.dst(line);
        const dstPort = facts.dstPort(line);
        if (has(initiator, src, srcPort) || has(responder, dst, dstPort)) forward = true;
        else if (has(responder, src, srcPort) || has(initiator, dst, dstPort)) back = true;
      }
      const direction: FlowDirection = back && !forward ? 'back' : 'forward';
      packet.direction = direction;
      if (direction === 'forward') flow.forward++;
      else flow.back++;
      const from = direction === 'forward' ? initiator : responder;
      const to = direction === 'forward' ? responder : initiator;
      const fromEnds = direction === 'forward' ? initiatorEnds : responderEnds;
      const toEnds = direction === 'forward' ? responderEnds : initiatorEnds;
      for (let i = 0; i < copies.length; i++) {
        const c = copies[i];
        const line = c.line;
        const src = facts.src(line);
        const srcPort = facts.srcPort(line);
        if (!has(from, src, srcPort)) {
          from.push(src, srcPort);
          fromEnds.push(this.end(src, c.src, c.srcPort));
        }
        const dst = facts.dst(line);
        const dstPort = facts.dstPort(line);
        if (!has(to, dst, dstPort)) {
          to.push(dst, dstPort);
          toEnds.push(this.end(dst, c.dst, c.dstPort));
        }
      }
    }
    // Kept as long as the dump is open: each list made at the size of its ends.
    (flow as MutableFlow).initiator = initiatorEnds.slice();
    (flow as MutableFlow).responder = responderEnds.slice();
  }

  /** The one End of an address (`word`: its word) and port. */
  private end(word: number, address: string, port: number | undefined): End {
    let ends = this.shared.get(word);
    if (!ends) this.shared.set(word, (ends = []));
    for (const end of ends) if (end.port === port) return end;
    const end: End = { address, port };
    ends.push(end);
    return end;
  }
}

/** True when ends held as word and port side by side have this word and port. */
function has(ends: readonly number[], word: number, port: number): boolean {
  for (let i = 0; i < ends.length; i += 2)
    if (ends[i] === word && ends[i + 1] === port) return true;
  return false;
}

/**
 * An echo reply answers the request with its identifier and sequence number. Otherwise a packet
 * answers the packets that came the other way since the flow last turned round.
 */
function matchAnswers(flow: Flow): void {
  const packets = flow.packets as PacketState[];
  if (flow.kind === 'icmp-echo') {
    const requests = new Map<number, PacketState>();
    for (const packet of packets) {
      const icmp = packet.copies[0].icmp;
      if (icmp?.seq === undefined) continue;
      if (icmp.type === 8) {
        requests.set(icmp.seq, packet);
      } else {
        const request = requests.get(icmp.seq);
        if (request && request.answeredBy === undefined) {
          request.answeredBy = packet;
          packet.answers = request;
        }
      }
    }
    return;
  }
  let pending: PacketState[] = [];
  let pendingDirection: FlowDirection | undefined;
  for (const packet of packets) {
    const direction = packet.direction;
    if (pendingDirection !== undefined && direction !== pendingDirection) {
      for (const request of pending) request.answeredBy = packet;
      packet.answers = pending[pending.length - 1];
      pending = [];
    }
    pendingDirection = direction;
    pending.push(packet);
  }
}

/**
 * Each ICMP error is tied to the packet it reports on and joins that packet's flow. Copies are
 * read in line order, as the streaming inspector reads them, so both tie an error alike.
 * Answers each error tied to a packet and that packet, side by side, in that order (the error
 * is the packet's answer unless another is: AnswerLinks).
 */
function tieIcmpErrors(
  copies: readonly PacketCopy[],
  rows: TieRows,
  packetAtLine: PacketsByLine,
  table: FlowKeyTable,
  flowOfQuotedKey: (key: number) => Flow | undefined,
): PacketState[] {
  const ties = new IcmpErrorTies<PacketState>(table);
  const tied = new Set<PacketState>();
  const causes: PacketState[] = [];
  for (let i = 0; i < copies.length; i++) {
    const copy = copies[i];
    const packet = packetAtLine.at(copy.line)!;
    if (!isIcmpError(packet.copies[0])) {
      if (rows.observable(i)) ties.observe(rows.endsRow(i), 0, packet);
      continue;
    }
    if (tied.has(packet)) continue;
    const tie = ties.tie(rows.errorRow(i), 0);
    let cause: PacketState | undefined;
    let flow: Flow | undefined;
    if (tie.quotedKey !== undefined) {
      flow = flowOfQuotedKey(tie.quotedKey);
      if (flow) cause = quotedCause(flow, copy);
    } else if (tie.last !== undefined) {
      cause = tie.last;
      flow = cause.flow;
    }
    if (!cause && !flow) continue;
    tied.add(packet);
    if (cause) {
      packet.answers = cause;
      causes.push(packet, cause);
    }
    if (flow) {
      flow.errors.push(packet);
      packet.flow = flow;
    }
  }
  return causes;
}

/** How many of a flow's packets before an ICMP error the packet it quotes is looked for among. */
export const QUOTED_LOOKBACK = 10_000;

/**
 * Within the flow an error quotes, among its last QUOTED_LOOKBACK packets before the error: the
 * packet with the quoted IP id, else the last one the quoted source sent.
 */
function quotedCause(flow: Flow, error: PacketCopy): PacketState | undefined {
  const quoted = error.icmp!.quoted!;
  const packets = flow.packets as PacketState[];
  // The flow's packets are in line order: the last one that starts before the error, found by halving.
  let low = 0;
  let high = packets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (packets[middle].copies[0].line > error.line) high = middle;
    else low = middle + 1;
  }
  let fallback: PacketState | undefined;
  for (let i = low - 1, looked = 0; i >= 0 && looked < QUOTED_LOOKBACK; i--, looked++) {
    const packet = packets[i];
    if (quoted.ipId !== undefined && packet.copies.some((c) => c.ipId === quoted.ipId))
      return packet;
    if (fallback === undefined && packet.copies.some((c) => c.src === quoted.src)) {
      fallback = packet;
      if (quoted.ipId === undefined) break;
    }
  }
  return fallback;
}

/**
 * Which packet answers which, worked out for the whole dump the first time any is asked: the
 * requests and answers of each flow (matchAnswers), then each packet an ICMP error reports on
 * answered by the error unless by another packet, then ESP answered by ESP back from the peer
 * (matchEspAnswers), in that order, as the analysis would have made them at once.
 */
class AnswerLinks {
  private flows: readonly Flow[] | undefined;
  /** Each ICMP error tied to a packet, and that packet, side by side. */
  private causes: readonly PacketState[] | undefined;
  private peers: readonly IpsecPeer[] | undefined;

  constructor(flows: readonly Flow[], causes: readonly PacketState[], peers: readonly IpsecPeer[]) {
    this.flows = flows;
    this.causes = causes;
    this.peers = peers;
  }

  /** Makes every packet's answers, once. */
  complete(): void {
    const { flows, causes, peers } = this;
    if (!flows || !causes || !peers) return;
    this.flows = this.causes = this.peers = undefined;
    for (const flow of flows) if (flow.kind !== 'esp' && flow.kind !== 'ah') matchAnswers(flow);
    for (let i = 0; i < causes.length; i += 2) causes[i + 1].answeredBy ??= causes[i];
    for (const peer of peers) matchEspAnswers(peer);
  }

  /** A lookup of a packet's answer or of what it answers, made first when asked. */
  lookup(name: 'answeredBy' | 'answers'): Lookup<Packet, Packet> {
    return {
      get: (packet) => {
        this.complete();
        return (packet as PacketState)[name];
      },
      has: (packet) => {
        this.complete();
        return (packet as PacketState)[name] !== undefined;
      },
    };
  }
}

/**
 * What an ICMP error reports on: its `answers`, which its tie set (tieIcmpErrors) and no later
 * step changes, unless it is an IPsec peer's packet (ESP answers are matched after the ties):
 * that one is asked of AnswerLinks.
 */
function causes(
  links: AnswerLinks,
  peerOf: ReadonlyMap<Packet, IpsecPeer>,
): Lookup<Packet, Packet> {
  const answers = links.lookup('answers');
  const get = (packet: Packet): Packet | undefined =>
    !isIcmpError(packet.copies[0])
      ? undefined
      : peerOf.has(packet)
        ? answers.get(packet)
        : (packet as PacketState).answers;
  return { get, has: (packet) => get(packet) !== undefined };
}

/**
 * ESP has no replies of its own: the traffic a tunnel carries goes both ways, each way under its
 * own SPI. An ESP packet is answered by the next ESP the peer sends back (and the other way round).
 */
function matchEspAnswers(peer: IpsecPeer): void {
  let pending: PacketState[] = [];
  let pendingDirection: 'out' | 'back' | undefined;
  for (const packet of peer.espPackets as PacketState[]) {
    const direction = peer.directionOf(packet);
    if (pendingDirection !== undefined && direction !== pendingDirection) {
      for (const request of pending) request.answeredBy ??= packet;
      packet.answers ??= pending[pending.length - 1];
      pending = [];
    }
    pendingDirection = direction;
    pending.push(packet);
  }
}
