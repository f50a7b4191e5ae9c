// A dump's packets one at a time, each with what the whole dump says of it: its flow, its way in
// the flow, its IPsec peer, the packet an ICMP error reports on. Both the editor's analysis
// (analysis.ts, every packet kept) and the streaming analysis (streaming.ts, a bounded window of
// packets) hand packets out this way, in order of their first copy, so the checks that fold
// them (features/checkFacts.ts) read a dump of any size alike.
import type { FlowDirection, FlowKind } from './flows';
import type { IpsecDirection } from './ipsec';
import type { Packet } from '../reading/packet';
import { isIcmpError } from '../reading/packet';
import type { CaptureAnalysis } from './analysis';

/** A flow as the checks name it: its number, its kind and its first packet's first copy. */
export interface FlowRef {
  /** 1-based, in order of first appearance. */
  readonly id: number;
  /** tcp, udp, esp, ah, icmp-echo, ... */
  readonly kind: FlowKind;
  /** The first copy of the flow's first packet (flowName names the flow by it), or what of it names the flow. */
  readonly first: FlowFirstCopy;
}

/** What of a flow's first copy names the flow (describe.ts flowNameOf). */
export interface FlowFirstCopy {
  readonly src: string;
  readonly dst: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
  readonly protocol: string;
  readonly esp?: { readonly spi: string; readonly encapsulated: boolean };
  readonly ah?: { readonly spi: string };
  readonly icmp?: { readonly id?: number };
}

/** An IPsec peer as the checks see it while its packets go by: its number and its remote end. */
export interface PeerRef {
  /** 1-based, in order of first appearance. */
  readonly id: number;
  /** The peer's address(es), as ipsec.ts chooses them from the whole dump. */
  readonly remote: readonly string[];
  /** Out to the peer, or back from it (ipsec.ts). */
  directionOf(packet: Packet): IpsecDirection;
}

/** One packet and what the whole dump says of it. */
export interface PacketEvent {
  /** The packet, every copy of it. */
  readonly packet: Packet;
  /** Its flow (for an ICMP error: the flow it reports on), if any. */
  readonly flow: FlowRef | undefined;
  /** Its way within its flow (undefined for an ICMP error). */
  readonly direction: FlowDirection | undefined;
  /** The IPsec peer of an IKE, ESP or AH packet. */
  readonly peer: PeerRef | undefined;
  /** For an ICMP error: the packet it reports on, if known. */
  readonly cause: Packet | undefined;
}

/** The packets of an analysed dump as events, in order (the editor's path to the checks). */
export function* eventsOfAnalysis(analysis: CaptureAnalysis): Iterable<PacketEvent> {
  const events = new AnalysisEvents(analysis);
  const packets = analysis.packets;
  for (let p = 0; p < packets.length; p++) yield events.of(packets[p]);
}

/** Hands each packet of an analysed dump to `visit` as an event, in order: eventsOfAnalysis without a generator. */
export function forEachPacketEvent(
  analysis: CaptureAnalysis,
  visit: (event: PacketEvent) => void,
): void {
  const events = new AnalysisEvents(analysis);
  const packets = analysis.packets;
  for (let p = 0; p < packets.length; p++) visit(events.of(packets[p]));
}

/** The event of any packet of an analysed dump, in any order (the editor's diagram makes a row when asked for it). */
export function analysisEvents(analysis: CaptureAnalysis): (packet: Packet) => PacketEvent {
  const events = new AnalysisEvents(analysis);
  return (packet) => events.of(packet);
}

/** Makes the events of an analysed dump's packets, each flow and peer named by one object. */
class AnalysisEvents {
  // By id (flows and peers are numbered from 1 in order): an array read, not a map's look-up, per packet.
  private readonly flows: (FlowRef | undefined)[];
  private readonly peers: (PeerRef | undefined)[];

  constructor(private readonly analysis: CaptureAnalysis) {
    this.flows = new Array<FlowRef | undefined>(analysis.flows.length + 1);
    this.peers = new Array<PeerRef | undefined>(analysis.peers.length + 1);
  }

  of(packet: Packet): PacketEvent {
    const { flowOf, peerOf } = this.analysis;
    const flow = flowOf.get(packet);
    let ref: FlowRef | undefined;
    if (flow) {
      ref = this.flows[flow.id];
      if (!ref)
        this.flows[flow.id] = ref = {
          id: flow.id,
          kind: flow.kind,
          first: flow.packets[0].copies[0],
        };
    }
    const peer = peerOf.size > 0 ? peerOf.get(packet) : undefined;
    let peerRef: PeerRef | undefined;
    if (peer) {
      peerRef = this.peers[peer.id];
      if (!peerRef)
        this.peers[peer.id] = peerRef = {
          id: peer.id,
          remote: peer.remote,
          directionOf: (p) => peer.directionOf(p),
        };
    }
    const error = isIcmpError(packet.copies[0]);
    return {
      packet,
      flow: ref,
      direction: error ? undefined : this.analysis.directionOf.get(packet),
      peer: peerRef,
      cause: error ? this.analysis.causeOf.get(packet) : undefined,
    };
  }
}
