// A dump of any size analysed as the editor's analysis (analysis.ts) analyses it, without keeping
// it: the host reads it twice, line by line. The first reading pairs copies into packets and
// joins flow keys into flows, and the address pairs of IPsec traffic into peers, as the editor
// does, but keeps of each packet only the flow keys it joins. Once flows and peers are known, the
// second reading pairs the copies again (the same pairer, the same words, so the same packets),
// and hands each packet out (PacketEvent) as soon as no later copy can join it, with its flow,
// its way in the flow, its IPsec peer and, for an ICMP error, the packet it reports on. What is
// kept grows with flows, peers and hosts: a window of the last PAIRING_WINDOW lines' packets,
// and per flow its ends. The caller feeds lines (the service reads no files).
import { Row, ROW_INTS, writeRow } from './copyRows';
import { detach, type End, type FlowDirection, FlowKeys, FlowKeyTable, flowKindOf } from './flows';
import { IcmpErrorTies } from './icmpErrors';
import { chooseRemote, type IpsecDirection } from './ipsec';
import type { FlowFirstCopy, FlowRef, PacketEvent, PeerRef } from './packetEvents';
import { CopyPairer, PAIRING_WINDOW } from './pairing';
import { CaptureReader, type LineRun } from '../reading/parser';
import type { Dialect, MutableCopy, Packet, PacketCopy } from '../reading/packet';
import { isIcmpError, isIpsec } from '../reading/packet';
import { F5PeerFlows, noteF5Copy } from './f5Flows';
import { QUOTED_LOOKBACK } from './analysis';

/** Takes a dump's lines, one at a time, in order: its text without the line end. */
export interface LineSink {
  line(text: string): void;
  /** The dump has been read. */
  end(): void;
}

/** A packet while its copies may still turn up. */
interface OpenPacket extends Packet {
  readonly copies: PacketCopy[];
  readonly line: number;
}

/**
 * Pairs the copies of a dump read line by line into packets, as the editor's analysis does, and
 * hands each packet out once no later copy can join it (in order of first copy).
 */
class PacketReader<P extends OpenPacket> implements LineSink {
  private readonly reader: CaptureReader;
  private readonly pairer = new CopyPairer();
  private readonly row = new Int32Array(ROW_INTS);
  /** The packet of each of the last lines (by line modulo the window), and the packets still open, oldest first. */
  private readonly atLine: (P | undefined)[] = new Array<P | undefined>(PAIRING_WINDOW + 1);
  private open: P[] = [];
  private openFrom = 0;
  private next = 0;
  private offset = 0;

  constructor(
    private readonly table: FlowKeyTable,
    /** A new packet from its first copy (the copy's row, its KEY set). */
    private readonly create: (copy: PacketCopy, row: Int32Array) => P,
    /** Each copy as it is read, with its packet (the first copy too). */
    private readonly onCopy: (packet: P, copy: PacketCopy, row: Int32Array) => void,
    /** Each packet once no later copy can join it, in order of first copy. */
    private readonly onPacket: (packet: P) => void,
    onUnrecognised: (line: number, start: number, end: number) => void = () => undefined,
    dialect?: Dialect,
  ) {
    this.reader = new CaptureReader(
      { copy: (copy) => this.copy(copy), unrecognised: onUnrecognised },
      dialect,
    );
  }

  /** The dialect recognised. */
  get dialect(): Dialect | undefined {
    return this.reader.dialect;
  }

  line(text: string): void {
    this.reader.line(text, this.next++, this.offset);
    this.offset += text.length + 1;
  }

  end(): void {
    this.reader.end();
    this.closeBefore(Infinity);
  }

  private copy(copy: PacketCopy): void {
    const row = this.row;
    writeRow(copy, this.table, row, 0);
    this.table.keyOfRow(row, 0);
    shareAddresses(copy, this.table, row);
    // No copy to come pairs with a copy more than a window's lines before it.
    this.closeBefore(copy.line - PAIRING_WINDOW);
    const earlier = this.pairer.add(row, 0);
    const slots = this.atLine.length;
    let packet = earlier < 0 ? undefined : this.atLine[earlier % slots];
    if (packet && packet.line !== earlier) packet = undefined;
    if (packet) packet.copies.push(copy);
    else {
      packet = this.create(copy, row);
      this.open.push(packet);
    }
    this.atLine[copy.line % slots] = packet;
    this.onCopy(packet, copy, row);
  }

  /** Hands out the open packets whose first copy is before `line`. */
  private closeBefore(line: number): void {
    while (this.openFrom < this.open.length && this.open[this.openFrom].line < line) {
      const packet = this.open[this.openFrom++];
      this.onPacket(packet);
    }
    if (this.openFrom > 4096 && this.openFrom * 2 > this.open.length) {
      this.open = this.open.slice(this.openFrom);
      this.openFrom = 0;
    }
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** What the first reading learns: flows and IPsec peers, as analysis.ts and ipsec.ts group them. */
interface Grouping {
  /** Each flow's number by its root key, and its kind. */
  readonly flowOfRoot: Map<number, number>;
  /** Each IPsec peer by the root of its address pairs: its number and remote end. */
  readonly peerOfRoot: Map<number, { id: number; remote: ReadonlySet<string> }>;
  /** The flows ICMP errors quote (their roots): only their packets are looked up by IP id and source. */
  readonly quotedRoots: ReadonlySet<number>;
}

/**
 * The two readings of a dump. `firstPass()` and then `secondPass(...)` each take every line of
 * the dump, in order; the second hands out the packets.
 */
export class StreamingAnalysis {
  /** The words of both readings: the second describes each copy as the first did. */
  private readonly table = new FlowKeyTable();
  private readonly keys = new FlowKeys();
  /** An F5 full proxy's two sides (f5Flows.ts), joined as the analysis joins them. */
  private readonly f5Flows = new F5PeerFlows<string>();
  private readonly joinKeys = (a: number, b: number): void => this.keys.join(a, b);
  private readonly peerKeys = new FlowKeys();
  private readonly pairIds = new Map<string, number>();
  /** Per pair of addresses: the ends as the last copy between them wrote them (ipsec.ts keeps the same). */
  private readonly pairs = new Map<number, [string, string]>();
  /** Per pair of addresses: the source of the first packet's first copy, and of the first that opens IKE (`I`). */
  private readonly openers = new Map<number, { order: number; src: string; opener?: string }>();
  private readonly quotedKeys = new Set<number>();
  private grouping: Grouping | undefined;
  private dialect: Dialect | undefined;

  /** The first reading: flows and peers. */
  firstPass(): LineSink {
    let order = 0;
    const reader = new PacketReader<OpenPacket & { keys: number[] }>(
      this.table,
      (copy) => ({ copies: [copy], line: copy.line, keys: [] }),
      (packet, _copy, row) => {
        packet.keys.push(row[Row.KEY]);
        if (row[Row.ERROR] === 1 && row[Row.QUOTE] === 1) {
          const quoted = this.table.quotedKeyOfRow(row, 0);
          if (quoted >= 0) this.quotedKeys.add(quoted);
        }
      },
      (packet) => {
        this.groupFlow(packet, packet.keys);
        this.groupPeer(packet, order++);
      },
    );
    let reading: typeof reader | undefined = reader;
    return {
      line: (text) => reading!.line(text),
      end: () => {
        reading!.end();
        this.dialect = reading!.dialect;
        // The pairer and its window go: the second reading has its own.
        reading = undefined;
        this.grouping = this.group();
      },
    };
  }

  /** As analysis.ts groupFlows: the keys of a packet's copies are one flow (an ICMP error's are not). */
  private groupFlow(packet: OpenPacket, keys: readonly number[]): void {
    if (isIcmpError(packet.copies[0])) return;
    let first: number | undefined;
    packet.copies.forEach((copy, i) => {
      if (keys[i] < 0) return;
      const index = this.keys.add(keys[i], flowKindOf(copy), copy.line);
      noteF5Copy(this.f5Flows, copy, index, this.joinKeys);
      if (first === undefined) first = index;
      else this.keys.join(first, index);
    });
  }

  /** As ipsec.ts ipsecPeers: the address pairs of an IPsec packet's copies are one peer. */
  private groupPeer(packet: OpenPacket, order: number): void {
    if (!packet.copies.some(isIpsec)) return;
    let first: number | undefined;
    for (const copy of packet.copies) {
      if (copy.src === '' || copy.dst === '') continue;
      const pair = pairKey(copy.src, copy.dst);
      let id = this.pairIds.get(pair);
      if (id === undefined) this.pairIds.set(pair, (id = this.pairIds.size));
      const index = this.peerKeys.add(id, 'ipsec', copy.line);
      this.pairs.set(index, [copy.src, copy.dst]);
      if (first === undefined) first = index;
      else this.peerKeys.join(first, index);
    }
    if (first === undefined) return;
    const head = packet.copies[0];
    let opener = this.openers.get(first);
    if (!opener) this.openers.set(first, (opener = { order, src: head.src }));
    if (opener.opener === undefined && head.ike?.role === 'I') opener.opener = head.src;
  }

  /** Flows and peers numbered as the editor numbers them, each peer's remote end chosen as ipsec.ts chooses it. */
  private group(): Grouping {
    const flowOfRoot = this.keys.numbering();
    const numbering = this.peerKeys.numbering();
    const peers: {
      pairs: [string, string][];
      first?: { order: number; src: string };
      opener?: { order: number; src: string };
    }[] = [];
    for (const [, id] of numbering) peers[id - 1] = { pairs: [] };
    for (const [index, pair] of this.pairs)
      peers[numbering.get(this.peerKeys.find(index))! - 1].pairs.push(pair);
    for (const [index, seen] of this.openers) {
      const peer = peers[numbering.get(this.peerKeys.find(index))! - 1];
      if (!peer.first || seen.order < peer.first.order) peer.first = seen;
      if (seen.opener !== undefined && (!peer.opener || seen.order < peer.opener.order))
        peer.opener = { order: seen.order, src: seen.opener };
    }
    const peerOfRoot = new Map<number, { id: number; remote: ReadonlySet<string> }>();
    for (const [root, id] of numbering) {
      const peer = peers[id - 1];
      const opener = peer.opener?.src ?? peer.first?.src ?? '';
      peerOfRoot.set(root, { id, remote: chooseRemote(peer.pairs, opener) });
    }
    const quotedRoots = new Set<number>();
    for (const key of this.quotedKeys) {
      const index = this.keys.get(key);
      if (index !== undefined) quotedRoots.add(this.keys.find(index));
    }
    return { flowOfRoot, peerOfRoot, quotedRoots };
  }

  /** The IPsec peers and their remote ends, by id, once the first reading ended. */
  peers(): { readonly id: number; readonly remote: ReadonlySet<string> }[] {
    const grouping = this.grouping;
    if (!grouping) throw new Error('peers() before the first pass ended');
    return [...grouping.peerOfRoot.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * The second reading: hands each packet out with what the dump says of it, in order of first
   * copy, and each run of lines not understood; `end()` of the sink returned reads the dialect.
   */
  secondPass(
    onPacket: (event: PacketEvent) => void,
    onRun: (run: LineRun) => void,
  ): LineSink & { readonly dialect: Dialect | undefined } {
    const grouping = this.grouping;
    if (!grouping) throw new Error('secondPass() before the first pass ended');
    return new SecondReading(
      this.table,
      this.keys,
      this.pairIds,
      this.peerKeys,
      grouping,
      this.dialect,
      onPacket,
      onRun,
    );
  }
}

/** A packet in the second reading. */
interface Streamed extends OpenPacket {
  flow: StreamedFlow | undefined;
  /** Its place among its flow's packets. */
  index: number;
  tied: boolean;
  cause: Streamed | undefined;
}

/** A flow in the second reading: what orienting its packets needs, and its first packet. */
class StreamedFlow implements FlowRef {
  first!: FlowFirstCopy;
  readonly initiator: End[] = [];
  readonly responder: End[] = [];
  /** How many of its packets were seen. */
  count = 0;
  /** For a flow an ICMP error quotes: its latest packet by IP id and by source. */
  readonly byIpId: Map<number, Streamed> | undefined;
  readonly bySource: Map<string, Streamed> | undefined;

  constructor(
    readonly id: number,
    readonly kind: string,
    quoted: boolean,
  ) {
    if (quoted) {
      this.byIpId = new Map();
      this.bySource = new Map();
    }
  }
}

class SecondReading implements LineSink {
  private readonly reader: PacketReader<Streamed>;
  private readonly ties: IcmpErrorTies<Streamed>;
  private readonly flows = new Map<number, StreamedFlow>();
  private readonly peers = new Map<number, PeerRef>();
  private run:
    | { firstLine: number; lastLine: number; start: number; end: number; lastLength: number }
    | undefined;

  constructor(
    table: FlowKeyTable,
    private readonly keys: FlowKeys,
    private readonly pairIds: ReadonlyMap<string, number>,
    private readonly peerKeys: FlowKeys,
    private readonly grouping: Grouping,
    dialect: Dialect | undefined,
    private readonly onPacket: (event: PacketEvent) => void,
    private readonly onRun: (run: LineRun) => void,
  ) {
    this.ties = new IcmpErrorTies<Streamed>(table);
    this.reader = new PacketReader<Streamed>(
      table,
      (copy) => ({
        copies: [copy],
        line: copy.line,
        flow: undefined,
        index: -1,
        tied: false,
        cause: undefined,
      }),
      (packet, copy, row) => this.copy(packet, copy, row),
      (packet) => this.packet(packet),
      (line, start, end) => this.unrecognised(line, start, end),
      dialect,
    );
  }

  get dialect(): Dialect | undefined {
    return this.reader.dialect;
  }

  line(text: string): void {
    // A copy the checks keep as an example keeps what it cut from its line: its own line, not
    // the whole piece of the file the host read the line from.
    this.reader.line(detach(text));
  }

  end(): void {
    this.reader.end();
    if (this.run) this.onRun(this.run);
    this.run = undefined;
  }

  private unrecognised(line: number, start: number, end: number): void {
    const run = this.run;
    if (run && run.lastLine === line - 1) {
      run.lastLine = line;
      run.end = end;
      run.lastLength = end - start;
      return;
    }
    if (run) this.onRun(run);
    this.run = { firstLine: line, lastLine: line, start, end, lastLength: end - start };
  }

  private flowOfKey(key: number): StreamedFlow | undefined {
    const index = this.keys.get(key);
    if (index === undefined) return undefined;
    const root = this.keys.find(index);
    const id = this.grouping.flowOfRoot.get(root);
    if (id === undefined) return undefined;
    let flow = this.flows.get(id);
    if (!flow)
      this.flows.set(
        id,
        (flow = new StreamedFlow(id, this.keys.kindOf(root), this.grouping.quotedRoots.has(root))),
      );
    return flow;
  }

  /** A copy as it is read: its packet's flow, the ICMP error ties (analysis.ts tieIcmpErrors), in line order. */
  private copy(packet: Streamed, copy: PacketCopy, row: Int32Array): void {
    const error = isIcmpError(packet.copies[0]);
    if (!error) {
      const key = row[Row.KEY];
      if (packet.flow === undefined && key >= 0) {
        packet.flow = this.flowOfKey(key);
        if (packet.flow) packet.index = packet.flow.count++;
      }
      const flow = packet.flow;
      if (flow?.byIpId) {
        if (copy.ipId !== undefined) latest(flow.byIpId, copy.ipId, packet);
        latest(flow.bySource!, copy.src, packet);
      }
      if (row[Row.SRC] >= 0 && key >= 0) this.ties.observe(row, 0, packet);
      return;
    }
    if (packet.tied) return;
    const tie = this.ties.tie(row, 0);
    let cause: Streamed | undefined;
    let flow: StreamedFlow | undefined;
    if (tie.quotedKey !== undefined) {
      flow = this.flowOfKey(tie.quotedKey);
      if (flow) cause = quotedCause(flow, copy);
    } else if (tie.last !== undefined) {
      cause = tie.last;
      flow = cause.flow;
    }
    if (!cause && !flow) return;
    packet.tied = true;
    packet.cause = cause;
    packet.flow = flow;
  }

  /** A packet no later copy can join: oriented in its flow (analysis.ts orientFlow), handed out. */
  private packet(packet: Streamed): void {
    const flow = packet.flow;
    const error = isIcmpError(packet.copies[0]);
    let direction: FlowDirection | undefined;
    if (flow && !error) {
      flow.first ??= firstCopyOf(packet.copies[0]);
      direction = orient(flow, packet);
    }
    this.onPacket({
      packet,
      flow,
      direction,
      peer: this.peerOf(packet),
      cause: error ? packet.cause : undefined,
    });
    // What the flow and the ties keep of a packet is all they need: the packet goes.
  }

  private peerOf(packet: Packet): PeerRef | undefined {
    if (!packet.copies.some(isIpsec)) return undefined;
    const copy = packet.copies.find((c) => c.src !== '' && c.dst !== '');
    if (!copy) return undefined;
    const id = this.pairIds.get(pairKey(copy.src, copy.dst));
    if (id === undefined) return undefined;
    const found = this.grouping.peerOfRoot.get(this.peerKeys.find(id));
    if (!found) return undefined;
    let peer = this.peers.get(found.id);
    if (!peer) {
      const remote = found.remote;
      const directionOf = (p: Packet): IpsecDirection => {
        const head = p.copies[0];
        return remote.has(head.src) && !remote.has(head.dst) ? 'back' : 'out';
      };
      this.peers.set(found.id, (peer = { id: found.id, remote: [...remote], directionOf }));
    }
    return peer;
  }
}

function hasEnd(ends: readonly End[], address: string, port: number | undefined): boolean {
  for (const end of ends) if (end.address === address && end.port === port) return true;
  return false;
}

function addEnd(ends: End[], address: string, port: number | undefined): void {
  if (!hasEnd(ends, address, port)) ends.push({ address, port });
}

/** analysis.ts orientFlow for one packet, its flow's earlier packets oriented. */
function orient(flow: StreamedFlow, packet: Packet): FlowDirection {
  const { initiator, responder } = flow;
  let forward = false;
  let back = false;
  for (const c of packet.copies) {
    if (hasEnd(initiator, c.src, c.srcPort) || hasEnd(responder, c.dst, c.dstPort)) forward = true;
    else if (hasEnd(responder, c.src, c.srcPort) || hasEnd(initiator, c.dst, c.dstPort))
      back = true;
  }
  const direction: FlowDirection = back && !forward ? 'back' : 'forward';
  for (const c of packet.copies) {
    addEnd(direction === 'forward' ? initiator : responder, c.src, c.srcPort);
    addEnd(direction === 'forward' ? responder : initiator, c.dst, c.dstPort);
  }
  return direction;
}

/** analysis.ts quotedCause: the flow's latest packet before the error with the quoted IP id, else from the quoted source. */
function quotedCause(flow: StreamedFlow, error: PacketCopy): Streamed | undefined {
  const quoted = error.icmp!.quoted!;
  const within = (packet: Streamed | undefined): Streamed | undefined =>
    packet !== undefined && flow.count - 1 - packet.index < QUOTED_LOOKBACK ? packet : undefined;
  const byId = quoted.ipId === undefined ? undefined : within(flow.byIpId!.get(quoted.ipId));
  return byId ?? (quoted.src === undefined ? undefined : within(flow.bySource!.get(quoted.src)));
}

/** Remembers `packet` under `key` unless a later packet of the flow is there already. */
function latest<K>(map: Map<K, Streamed>, key: K, packet: Streamed): void {
  const known = map.get(key);
  if (known === undefined || known.index <= packet.index) map.set(key, packet);
}

/** What of a flow's first copy names the flow: a few fields, not the copy with all it read. */
function firstCopyOf(copy: PacketCopy): FlowFirstCopy {
  const { src, dst, srcPort, dstPort, protocol, esp, ah, icmp } = copy;
  return {
    src,
    dst,
    srcPort,
    dstPort,
    protocol,
    ...(esp ? { esp: { spi: esp.spi, encapsulated: esp.encapsulated } } : {}),
    ...(ah ? { ah: { spi: ah.spi } } : {}),
    ...(icmp ? { icmp: { id: icmp.id } } : {}),
  };
}

/**
 * A copy's addresses become the table's texts of their words (as analysis.ts shares them): the
 * copies and ends a reading keeps share one string per host, not one cut from each line.
 */
function shareAddresses(copy: MutableCopy, table: FlowKeyTable, row: Int32Array): void {
  const src = row[Row.SRC];
  if (src >= 0 && table.texts[src] === copy.src) copy.src = table.texts[src];
  const dst = row[Row.DST];
  if (dst >= 0 && table.texts[dst] === copy.dst) copy.dst = table.texts[dst];
}
