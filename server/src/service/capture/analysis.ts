// What a dump shows beyond its lines: which copies are one packet seen on both sides of the
// balancer, which packets make one flow (its translated and untranslated sides joined), which
// packet answers which, and which packet an ICMP error reports on.
import type { PacketCopy } from './packet';
import { endpoint, isIcmpError } from './packet';
import type { ParsedCapture } from './parser';

/** One packet: every copy of it in the dump (received, sent), in line order. */
export interface Packet {
  /** The copies, in line order; the first is where the packet is reported. */
  readonly copies: readonly PacketCopy[];
}

/** Which way a packet goes within its flow: as the flow's first packet did, or back. */
export type FlowDirection = 'forward' | 'back';

/** Packets between the same two ends, both sides of the balancer's translation joined. */
export interface Flow {
  /** 1-based number, in order of first appearance. */
  readonly id: number;
  /** tcp, udp, esp, icmp-echo, icmp, or another protocol name. */
  readonly kind: string;
  /** The flow's packets in order (ICMP errors about it are in `errors`). */
  readonly packets: Packet[];
  /** ICMP errors that report on this flow. */
  readonly errors: Packet[];
  /** Ends (address or address:port) the first packet came from, on either side of the balancer. */
  readonly initiator: Set<string>;
  /** Ends it went to. */
  readonly responder: Set<string>;
}

/** Everything the analysis found in a dump. */
export interface CaptureAnalysis {
  /** The parsed lines. */
  readonly parsed: ParsedCapture;
  /** Packets in order of their first copy. */
  readonly packets: readonly Packet[];
  /** Flows in order of first appearance. */
  readonly flows: readonly Flow[];
  /** The packet each copy belongs to. */
  readonly packetOf: ReadonlyMap<PacketCopy, Packet>;
  /** The flow each packet belongs to (for an ICMP error: the flow it reports on, if known). */
  readonly flowOf: ReadonlyMap<Packet, Flow>;
  /** Forward or back, within its flow. */
  readonly directionOf: ReadonlyMap<Packet, FlowDirection>;
  /** The packet that answers a packet: an echo reply, the next packet back in its flow, an ICMP error. */
  readonly answeredBy: ReadonlyMap<Packet, Packet>;
  /** The packet a packet answers (for ICMP errors: the packet it most likely reports on). */
  readonly answers: ReadonlyMap<Packet, Packet>;
  /** The copy on each packet line, by zero-based line. */
  readonly copyAtLine: ReadonlyMap<number, PacketCopy>;
}

/** Pairs copies into packets, packets into flows, and requests with their answers. */
export function analyseCapture(parsed: ParsedCapture): CaptureAnalysis {
  const packets = pairCopies(parsed.copies);
  const packetOf = new Map<PacketCopy, Packet>();
  for (const packet of packets) for (const copy of packet.copies) packetOf.set(copy, packet);

  const { flows, flowOf } = groupFlows(packets);
  const directionOf = new Map<Packet, FlowDirection>();
  for (const flow of flows) orientFlow(flow, directionOf);

  const answeredBy = new Map<Packet, Packet>();
  const answers = new Map<Packet, Packet>();
  for (const flow of flows) matchAnswers(flow, directionOf, answeredBy, answers);
  tieIcmpErrors(packets, flowOf, answeredBy, answers);

  const copyAtLine = new Map(parsed.copies.map((c) => [c.line, c]));
  return { parsed, packets, flows, packetOf, flowOf, directionOf, answeredBy, answers, copyAtLine };
}

/** Copies of one packet carry the same id and tick (axdebug prints both on each copy). */
function pairCopies(copies: readonly PacketCopy[]): Packet[] {
  const byKey = new Map<string, { copies: PacketCopy[] }>();
  const packets: { copies: PacketCopy[] }[] = [];
  for (const copy of copies) {
    const key = `${copy.id}@${copy.tick}`;
    const packet = byKey.get(key);
    if (packet) {
      packet.copies.push(copy);
    } else {
      const created = { copies: [copy] };
      byKey.set(key, created);
      packets.push(created);
    }
  }
  return packets;
}

/** The key of the flow a copy belongs to, seen from that copy's side of the balancer. */
function flowKeyOf(copy: PacketCopy): { kind: string; key: string } {
  const ends = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);
  if (copy.protocol === 'tcp' || copy.protocol === 'udp') {
    return { kind: copy.protocol, key: `${copy.protocol} ${ends(endpoint(copy.src, copy.srcPort), endpoint(copy.dst, copy.dstPort))}` };
  }
  if (copy.icmp && (copy.icmp.type === 8 || copy.icmp.type === 0)) {
    return { kind: 'icmp-echo', key: `icmp-echo ${ends(copy.src, copy.dst)}` };
  }
  return { kind: copy.protocol, key: `${copy.protocol} ${ends(copy.src, copy.dst)}` };
}

/**
 * Packets whose copies share a flow key are one flow; a packet whose copies have different
 * keys (it was translated) joins the flows of both sides into one.
 */
function groupFlows(packets: readonly Packet[]): { flows: Flow[]; flowOf: Map<Packet, Flow> } {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(key, root);
    return root;
  };
  const keysOf = new Map<Packet, { kind: string; keys: string[] }>();
  for (const packet of packets) {
    if (isIcmpError(packet.copies[0])) continue;
    const keys = packet.copies.map(flowKeyOf);
    for (const { key } of keys) if (!parent.has(key)) parent.set(key, key);
    for (const { key } of keys.slice(1)) {
      const a = find(keys[0].key);
      const b = find(key);
      if (a !== b) parent.set(b, a);
    }
    keysOf.set(packet, { kind: keys[0].kind, keys: keys.map((k) => k.key) });
  }

  const flows: Flow[] = [];
  const byRoot = new Map<string, Flow>();
  const flowOf = new Map<Packet, Flow>();
  for (const packet of packets) {
    const keys = keysOf.get(packet);
    if (!keys) continue;
    const root = find(keys.keys[0]);
    let flow = byRoot.get(root);
    if (!flow) {
      flow = { id: flows.length + 1, kind: keys.kind, packets: [], errors: [], initiator: new Set(), responder: new Set() };
      byRoot.set(root, flow);
      flows.push(flow);
    }
    flow.packets.push(packet);
    flowOf.set(packet, flow);
  }
  return { flows, flowOf };
}

/** Decides for each packet of a flow whether it goes the way the first one went, or back. */
function orientFlow(flow: Flow, directionOf: Map<Packet, FlowDirection>): void {
  for (const packet of flow.packets) {
    const ends = packet.copies.map((c) => ({ from: endpoint(c.src, c.srcPort), to: endpoint(c.dst, c.dstPort) }));
    const forward = ends.some((e) => flow.initiator.has(e.from) || flow.responder.has(e.to));
    const back = !forward && ends.some((e) => flow.responder.has(e.from) || flow.initiator.has(e.to));
    const direction: FlowDirection = back ? 'back' : 'forward';
    directionOf.set(packet, direction);
    for (const e of ends) {
      (direction === 'forward' ? flow.initiator : flow.responder).add(e.from);
      (direction === 'forward' ? flow.responder : flow.initiator).add(e.to);
    }
  }
}

/**
 * An echo reply answers the request with its sequence number. Otherwise a packet answers the
 * packets that came the other way since the flow last turned round.
 */
function matchAnswers(flow: Flow, directionOf: Map<Packet, FlowDirection>, answeredBy: Map<Packet, Packet>, answers: Map<Packet, Packet>): void {
  const answer = (request: Packet, reply: Packet): void => {
    if (!answeredBy.has(request)) answeredBy.set(request, reply);
    answers.set(reply, request);
  };
  if (flow.kind === 'icmp-echo') {
    const requests = new Map<number, Packet>();
    for (const packet of flow.packets) {
      const icmp = packet.copies[0].icmp;
      if (icmp?.seq === undefined) continue;
      const request = requests.get(icmp.seq);
      if (icmp.type === 8) requests.set(icmp.seq, packet);
      else if (request) answer(request, packet);
    }
    return;
  }
  let pending: Packet[] = [];
  let pendingDirection: FlowDirection | undefined;
  for (const packet of flow.packets) {
    const direction = directionOf.get(packet);
    if (pendingDirection !== undefined && direction !== pendingDirection) {
      for (const request of pending) answeredBy.set(request, packet);
      answers.set(packet, pending[pending.length - 1]);
      pending = [];
    }
    pendingDirection = direction;
    pending.push(packet);
  }
}

/**
 * An ICMP error goes back to the host whose packet caused it. axdebug does not print the
 * quoted header, so the error is tied to the last packet that host sent before it.
 */
function tieIcmpErrors(packets: readonly Packet[], flowOf: Map<Packet, Flow>, answeredBy: Map<Packet, Packet>, answers: Map<Packet, Packet>): void {
  const lastFrom = new Map<string, Packet>();
  for (const packet of packets) {
    if (!isIcmpError(packet.copies[0])) {
      for (const copy of packet.copies) lastFrom.set(copy.src, packet);
      continue;
    }
    const cause = packet.copies.map((c) => lastFrom.get(c.dst)).find((p) => p !== undefined);
    if (!cause) continue;
    answers.set(packet, cause);
    if (!answeredBy.has(cause)) answeredBy.set(cause, packet);
    const flow = flowOf.get(cause);
    if (flow) {
      flow.errors.push(packet);
      flowOf.set(packet, flow);
    }
  }
}
