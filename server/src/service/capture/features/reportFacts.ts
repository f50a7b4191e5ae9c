// What "Explain this capture" (join/report.ts) needs of a dump, folded packet by packet as the
// checks' facts are (checkFacts.ts): counts, and per IPsec peer its phases, SAs and the few
// packets the report cites, never a list of every packet. The editor folds its analysis's
// packets; the command line folds a dump of any size as it streams by (engine/streaming.ts).
import type { Dialect, Packet } from '../reading/packet';
import { isIcmpError, isIpsec } from '../reading/packet';
import { type IpsecDirection, type IpsecState, stateFrom } from '../engine/ipsec';
import type { PacketEvent, PeerRef } from '../engine/packetEvents';

/** One SA (an SPI one way) as the report lists it. */
export interface SaSummary {
  readonly spi: string;
  readonly direction: IpsecDirection;
  readonly encapsulated: boolean;
  /** How many packets carry it, and the first one's first line. */
  count: number;
  readonly first: number;
}

/** The kinds of IPsec packets the report shows the NAT and the handling of. */
export type IpsecKind = 'IKE' | 'ESP' | 'AH';

/** An IPsec peer as the report shows it (ipsec.ts IpsecPeer, its packets counted, not kept). */
export interface PeerSummary {
  readonly id: number;
  /** The local end's addresses, inside and translated, in order of appearance. */
  readonly local: string[];
  readonly remote: readonly string[];
  /** Its IKE, ESP and AH packets: how many. */
  packets: number;
  /** IKE messages (keepalives excluded) out and back. */
  readonly ike: { out: number; back: number };
  /** The first line of the first IKE packet (a keepalive too), and of the first copy that shows NAT traversal. */
  ikeFirst: number | undefined;
  natTraversal: number | undefined;
  /** The SAs, in order of first appearance. */
  readonly sas: SaSummary[];
  /** AH packets: how many, the first one's first line, whether any went out, any came back. */
  ah: number;
  ahFirst: number | undefined;
  ahOut: boolean;
  ahBack: boolean;
  /** Per kind, the packet out to the peer the report reads the NAT of: the first with two copies, else the first. */
  readonly out: Map<IpsecKind, Packet>;
}

/** How far a peer got (ipsec.ts ipsecState, from the summary). */
export function summaryState(peer: PeerSummary): IpsecState {
  return stateFrom(
    peer.ahOut || peer.sas.some((sa) => sa.direction === 'out'),
    peer.ahBack || peer.sas.some((sa) => sa.direction === 'back'),
    peer.ike,
  );
}

/** What the report needs of a dump. */
export interface ReportFacts {
  readonly dialect: Dialect | undefined;
  readonly packets: number;
  readonly copies: number;
  readonly flows: number;
  /** In order of their ids. */
  readonly peers: readonly PeerSummary[];
}

/** Folds a dump's packets (PacketEvent, in order) into ReportFacts. */
export class ReportFolder {
  private dialect: Dialect | undefined;
  private packets = 0;
  private copies = 0;
  private flows = 0;
  private readonly peers = new Map<number, PeerSummary>();

  packet(event: PacketEvent): void {
    const { packet } = event;
    this.dialect ??= packet.copies[0].dialect;
    this.packets++;
    this.copies += packet.copies.length;
    // Flows are numbered in order of their first packet, and each has one.
    if (event.flow && event.flow.id > this.flows) this.flows = event.flow.id;
    if (event.peer) this.peer(event.peer, packet);
  }

  finish(): ReportFacts {
    return {
      dialect: this.dialect,
      packets: this.packets,
      copies: this.copies,
      flows: this.flows,
      peers: [...this.peers.values()].sort((a, b) => a.id - b.id),
    };
  }

  /** What ipsec.ts buildPeer learns of a peer's packet. */
  private peer(ref: PeerRef, packet: Packet): void {
    let peer = this.peers.get(ref.id);
    if (!peer) {
      peer = {
        id: ref.id,
        local: [],
        remote: ref.remote,
        packets: 0,
        ike: { out: 0, back: 0 },
        ikeFirst: undefined,
        natTraversal: undefined,
        sas: [],
        ah: 0,
        ahFirst: undefined,
        ahOut: false,
        ahBack: false,
        out: new Map(),
      };
      this.peers.set(ref.id, peer);
    }
    peer.packets++;
    addLocalAddresses(peer.local, ref.remote, packet);
    const direction = ref.directionOf(packet);
    const copy = packet.copies.find(isIpsec)!;
    peer.natTraversal ??= packet.copies.find(
      (c) => c.ike?.natTraversal === true || c.esp?.encapsulated === true,
    )?.line;
    let kind: IpsecKind | undefined;
    if (copy.ike) {
      kind = 'IKE';
      peer.ikeFirst ??= packet.copies[0].line;
      if (!copy.ike.keepalive) peer.ike[direction]++;
    } else if (copy.esp) {
      kind = 'ESP';
      const spi = copy.esp.spi;
      let sa = peer.sas.find((s) => s.direction === direction && s.spi === spi);
      if (!sa) {
        sa = {
          spi,
          direction,
          encapsulated: copy.esp.encapsulated,
          count: 0,
          first: packet.copies[0].line,
        };
        peer.sas.push(sa);
      }
      sa.count++;
    } else if (copy.ah) {
      kind = 'AH';
      peer.ah++;
      peer.ahFirst ??= packet.copies[0].line;
      if (direction === 'out') peer.ahOut = true;
      else peer.ahBack = true;
    }
    if (kind === undefined || direction !== 'out') return;
    const known = peer.out.get(kind);
    if (!known || (known.copies.length < 2 && packet.copies.length > 1)) peer.out.set(kind, packet);
  }
}

/** Adds a peer's packet's addresses that are not the peer's to its local end's, in order of appearance (ipsec.ts buildPeer). */
export function addLocalAddresses(
  local: string[],
  remote: readonly string[],
  packet: Packet,
): void {
  for (const c of packet.copies)
    for (const address of [c.src, c.dst])
      if (address !== '' && !remote.includes(address) && !local.includes(address))
        local.push(address);
}

/** Where a line of a dump that holds a copy is: that copy's ends, and the IPsec peer of its packet or of the packet it answers. */
export interface LinePlace {
  readonly src: string;
  readonly dst: string;
  peer: number | undefined;
}

/**
 * Folds a dump's packets (PacketEvent, in order) into the places of some of its lines (the
 * findings' first lines): the report files each finding under the peer of its packet, or of the
 * packet that packet answers (analysis.ts answers: for an ICMP error the packet it reports on,
 * else, in a flow matched request to reply, the packet before it when the flow turned round).
 */
export class LinePlaces {
  readonly places = new Map<number, LinePlace>();
  /** The peer of each packet handed out (kept as long as something else keeps the packet). */
  private readonly peerOf = new WeakMap<Packet, number>();
  /** Per flow, its last packet's way and peer. */
  private readonly last = new Map<
    number,
    { direction: string | undefined; peer: number | undefined }
  >();
  /** Every packet handed out so far. */
  private readonly seen = new WeakSet<Packet>();
  /**
   * The places of ICMP errors handed out before the packet they report on (its later copy tied
   * them), by that packet: they take its peer when it comes, as the whole analysis files them.
   */
  private readonly waiting = new Map<Packet, LinePlace[]>();

  constructor(private readonly lines: ReadonlySet<number>) {}

  packet(event: PacketEvent): void {
    if (this.lines.size === 0) return;
    const { packet, flow } = event;
    const own = event.peer?.id;
    if (own !== undefined) this.peerOf.set(packet, own);
    this.seen.add(packet);
    let answered: number | undefined;
    let waitsFor: Packet | undefined;
    if (isIcmpError(packet.copies[0])) {
      answered = event.cause && this.peerOf.get(event.cause);
      if (event.cause && own === undefined && !this.seen.has(event.cause)) waitsFor = event.cause;
    } else if (flow && flow.kind !== 'esp' && flow.kind !== 'ah' && flow.kind !== 'icmp-echo') {
      const last = this.last.get(flow.id);
      if (last && last.direction !== event.direction) answered = last.peer;
      this.last.set(flow.id, { direction: event.direction, peer: own });
    }
    for (const copy of packet.copies)
      for (let line = copy.line; line <= copy.endLine; line++)
        if (this.lines.has(line) && !this.places.has(line)) {
          const place = { src: copy.src, dst: copy.dst, peer: own ?? answered };
          this.places.set(line, place);
          if (waitsFor) {
            const places = this.waiting.get(waitsFor);
            if (places) places.push(place);
            else this.waiting.set(waitsFor, [place]);
          }
        }
    const errors = this.waiting.get(packet);
    if (errors) {
      this.waiting.delete(packet);
      for (const place of errors) place.peer = own;
    }
  }
}
