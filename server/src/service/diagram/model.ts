// The flow diagram of a capture: the ladder an engineer draws in their head (Wireshark's flow
// graph). Lanes for the hosts inside, the balancer, and the peers outside; one row per packet,
// its copies joined through the balancer with the translation written on it; replies tied to
// their requests; unanswered packets, one-way flows and ICMP errors marked; each IPsec peer's
// phase status. Plain JSON, so the server can send it and any renderer (render.ts) can draw it.
import * as l10n from '@vscode/l10n';
import type { CaptureAnalysis, Packet } from '../capture/engine/analysis';
import {
  flowNameOf,
  natKind,
  packetKind,
  receivedCopy,
  translationOf,
} from '../capture/features/describe';
import {
  type IpsecDirection,
  type IpsecState,
  peerName,
  STATE_WORDS,
  stateFrom,
  tallyStatus,
} from '../capture/engine/ipsec';
import { addLocalAddresses } from '../capture/features/reportFacts';
import {
  analysisEvents,
  eventsOfAnalysis,
  type FlowRef,
  type PacketEvent,
} from '../capture/engine/packetEvents';
import type { PacketCopy } from '../capture/reading/packet';
import { isIpsec } from '../capture/reading/packet';
import { isFullyMasked, isIcmpError, isPrivateAddress } from '../capture/reading/packet';

/** Which side of the balancer a lane stands for. */
export type LaneSide = 'inside' | 'balancer' | 'outside';

/** A vertical line of the diagram: one host, or the balancer. */
export interface DiagramLane {
  /** Index in `lanes`, left to right. */
  readonly index: number;
  /** Inside host, the balancer, or outside peer. */
  readonly side: LaneSide;
  /** The address as written (`10.1.1.254`, `*.*.*.*`); `balancer` for the balancer. */
  readonly label: string;
  /** Smaller lines under the label: the balancer's ports, addresses and the VIP or NAT pool they belong to. */
  readonly details: string[];
}

/** Something worth a mark on a row. */
export type RowMark = 'unanswered' | 'one-way' | 'icmp-error' | 'untranslated' | 'single-copy';

/** One packet: an arrow from one lane to another, through the balancer when both copies were seen. */
export interface DiagramRow {
  /** Index in `rows`. */
  readonly index: number;
  /** Zero-based line of its first copy (where a click takes the editor). */
  readonly line: number;
  /** Zero-based last line of its last copy. */
  readonly endLine: number;
  /** The first line of each copy, in line order. */
  readonly copyLines: number[];
  /** The time as the dump prints it on the first copy (axdebug tick, tcpdump stamp), '' when none. */
  readonly time: string;
  /** The time relative to the dump's first packet, in the dump's unit (`ticks` or seconds); undefined when unknown. */
  readonly at: number | undefined;
  /** The lane it leaves from. */
  readonly from: number;
  /** The lane it arrives at. */
  readonly to: number;
  /** Its source and destination, when a lane does not name them (the balancer's, a shared lane). */
  readonly ends: string | undefined;
  /** True when the balancer was seen receiving it (the arrow's first half ends on the balancer). */
  readonly received: boolean;
  /** True when the balancer was seen sending it (the second half starts on the balancer). */
  readonly sent: boolean;
  /** The balancer port (axdebug) or interface it came in on / went out on, when the dump says. */
  readonly inPort: string | undefined;
  /** See inPort. */
  readonly outPort: string | undefined;
  /** tcp, udp, icmp, esp, ah, ike, arp, or the protocol the dump printed. */
  readonly protocol: string;
  /** What it carries: `TCP SYN`, `ESP spi 0x7eb7fb45 seq 0x1a`, `ICMP time exceeded in transit`. */
  readonly label: string;
  /** The translation between its copies: `source 10.1.1.254:22518 → 183.62.*.*:2614 (source NAT with port translation)`. */
  readonly translation: string | undefined;
  /** Its flow's id (for an ICMP error: the flow it reports on), if any. */
  readonly flow: number | undefined;
  /** Forward (the flow's first way) or back. */
  readonly direction: 'forward' | 'back';
  /** The row that answers it (an echo reply, the next packet back, the error about it). */
  readonly answeredBy: number | undefined;
  /** The row it answers (for an ICMP error: the packet it reports on). */
  readonly answers: number | undefined;
  /** For an ICMP error: the flow it reports on. */
  readonly reports: number | undefined;
  /** The IPsec peer it belongs to, if any. */
  readonly peer: number | undefined;
  /** Marks: unanswered, one-way (its flow never comes back), icmp-error, untranslated (a private source leaves as it is), single-copy. */
  readonly marks: RowMark[];
}

/** A flow as the diagram's filters and collapsed rows show it. */
export interface DiagramFlow {
  /** The flow's id, as hovers and lenses number it. */
  readonly id: number;
  /** `TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521`. */
  readonly name: string;
  /** tcp, udp, esp, ah, icmp-echo, ... */
  readonly kind: string;
  /** Its rows (packets, then the ICMP errors about it), in row order. */
  readonly rows: number[];
  /** How many packets go the first way, and back. */
  readonly forward: number;
  /** See forward. */
  readonly back: number;
  /** The lane its first packet left from and the one it went to. */
  readonly from: number;
  /** See from. */
  readonly to: number;
  /** True when packets went one way and nothing came back. */
  readonly oneWay: boolean;
  /** The IPsec peer, if it is IPsec traffic. */
  readonly peer: number | undefined;
}

/** An IPsec peer with how far its tunnel got. */
export interface DiagramPeer {
  /** The peer's id, as the outline numbers it. */
  readonly id: number;
  /** `10.1.1.254 (as 210.21.*.*) ↔ *.*.*.*`. */
  readonly name: string;
  /** both-ways, tunnel-up-no-data, one-way-esp, ... */
  readonly state: IpsecState;
  /** How far it got, in a few words: `one-way ESP (nothing back from the peer)`. */
  readonly summary: string;
  /** Phase 1, NAT-T and phase 2 in one line (the summary left out). */
  readonly status: string;
  /** The lane of the peer's address. */
  readonly lane: number | undefined;
}

/** What the configuration says about an address the balancer used, when the workspace has one. */
export interface BalancerAddressNote {
  /** The address as the dump writes it. */
  readonly address: string;
  /** `VIP vip_210.21.*.*(A) (vip-before-fix.summary.txt)`, `pool SNAT_IP of VIP _wildcard_vserver`. */
  readonly note: string;
}

/** Everything the diagram of a dump draws. */
export interface FlowDiagram {
  /** axdebug or tcpdump; undefined when no line is a packet. */
  readonly dialect: string | undefined;
  /** The unit of `at`: axdebug's ticks (unit unknown) or seconds. */
  readonly timeUnit: 'ticks' | 'seconds' | undefined;
  /** How many lines the dump has. */
  readonly lineCount: number;
  /** Left to right: inside hosts, the balancer, outside peers. */
  readonly lanes: DiagramLane[];
  /** One per packet, in the order of their first copy. */
  readonly rows: DiagramRow[];
  /** The flows, by id. */
  readonly flows: DiagramFlow[];
  /** The IPsec peers, by id. */
  readonly peers: DiagramPeer[];
  /** Why there is nothing to draw, when there is not. */
  readonly message: string | undefined;
}

/** What a band of rows draws of a row (view.ts BandFold). */
export type BandPlace = Pick<DiagramRow, 'from' | 'to' | 'endLine' | 'direction' | 'marks'>;

/** The rows of each flow when they are not kept (a streamed picture of a dump of many flows). */
const NO_ROWS: number[] = [];

/** The marks a band reads of an ICMP error's row. */
const ICMP_ERROR_MARKS: RowMark[] = ['icmp-error'];

/** Hosts with a lane of their own on each side of the balancer; the rest share one. */
const MAX_HOST_LANES = 12;
/** The balancer's addresses listed under it. */
const MAX_BALANCER_ADDRESSES = 6;

/** IPsec states in which data went one way and nothing came back. */
const ONE_WAY_STATES: ReadonlySet<IpsecState> = new Set(['one-way-esp', 'tunnel-up-no-data']);

/** Looks up what the configuration knows of the addresses the balancer used. */
export type BalancerAddressNotes = (
  addresses: readonly { address: string; line: number }[],
) => BalancerAddressNote[];

/** The copy the balancer received and the one it sent, as far as the dump shows them. */
function copiesOf(packet: Packet): {
  received: PacketCopy | undefined;
  sent: PacketCopy | undefined;
} {
  const copies = packet.copies;
  if (copies.length === 1) {
    const only = copies[0];
    return only.direction === 'out'
      ? { received: undefined, sent: only }
      : { received: only, sent: only.direction === 'in' ? undefined : only };
  }
  const received = receivedCopy(packet) ?? copies[0];
  const sent =
    copies.find((c) => c.direction === 'out' && c !== received) ??
    copies.find((c) => c !== received)!;
  return { received, sent };
}

/** Where the balancer met a copy: `port 6`, `slot1/tmm0`. */
function portOf(copy: PacketCopy | undefined): string | undefined {
  if (!copy) return undefined;
  if (copy.port !== undefined) return `port ${copy.port}`;
  return copy.via;
}

/** The protocol a row is filtered by: IKE apart from other UDP, ESP in UDP as ESP. */
export function protocolOf(copy: PacketCopy): string {
  if (copy.esp) return 'esp';
  if (copy.ike) return 'ike';
  if (copy.protocol === 'icmp6') return 'icmp';
  return copy.protocol;
}

/** Seconds since midnight (or the epoch) of a tcpdump stamp; the tick of an axdebug line. */
function clockOf(copy: PacketCopy): number | undefined {
  const time = copy.time.trim();
  if (time === '') return undefined;
  if (copy.dialect === 'axdebug') return /^\d+$/.test(time) ? Number(time) : undefined;
  const clock = /(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(time);
  if (clock) {
    const day = /^(\d{4})-(\d\d)-(\d\d)/.exec(time);
    const days = day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) / 1000 : 0;
    return days + Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  }
  return /^\d+(\.\d+)?$/.test(time) ? Number(time) : undefined;
}

/** The IPsec peer of a packet: its own, else the first peer whose address one of its ends is. */
export function peerIdOf(
  event: PacketEvent,
  peerByAddress: ReadonlyMap<string, number>,
): number | undefined {
  if (event.peer) return event.peer.id;
  const { received, sent } = copiesOf(event.packet);
  for (const address of [received?.src, received?.dst, sent?.src, sent?.dst]) {
    const byAddress = address === undefined ? undefined : peerByAddress.get(address);
    if (byAddress !== undefined) return byAddress;
  }
  return undefined;
}

/** Where a host was first seen: as the near or far end of a copy met on a port, and at all (line * 2, +1 as a destination). */
interface HostSeen {
  near: { line: number; port: number } | undefined;
  far: { line: number; port: number } | undefined;
  any: number;
}

/** A flow as the diagram folds it. */
interface FlowFacts {
  readonly ref: FlowRef;
  forward: number;
  back: number;
  /** Its first packet (not an ICMP error about it): the ends of its row and its peers. */
  head:
    | {
        readonly start: string;
        readonly end: string;
        readonly peer: number | undefined;
        readonly ipsec: number | undefined;
      }
    | undefined;
  /** Its rows, when kept. */
  readonly rows: number[];
}

/** An IPsec peer as the diagram folds it (ipsec.ts buildPeer, its packets counted, not kept). */
interface PeerFacts {
  readonly id: number;
  readonly remote: readonly string[];
  readonly local: string[];
  readonly ikeVersions: Set<1 | 2>;
  readonly ike: {
    out: number;
    back: number;
    phase1: { out: number; back: number };
    phase2: { out: number; back: number };
  };
  natTraversal: boolean;
  readonly sas: { spi: string; direction: IpsecDirection; encapsulated: boolean; count: number }[];
  readonly saOf: Map<string, PeerFacts['sas'][number]>;
  ah: number;
  ahOut: boolean;
  ahBack: boolean;
}

/** What drawing the rows needs, once the whole dump has been folded (DiagramFolder.finish). */
export interface DiagramFrame {
  readonly lanes: DiagramLane[];
  /** The flows, by id, made anew at each call: each with the rows folded (`keepFlowRows`), or those `rowsOf` gives. */
  flows(rowsOf?: (id: number) => number[]): DiagramFlow[];
  readonly peers: DiagramPeer[];
  readonly laneOf: ReadonlyMap<string, number>;
  laneOfAddress(address: string): number;
  readonly sideOf: ReadonlyMap<string, LaneSide>;
  readonly oneWayFlows: ReadonlySet<number>;
  /** Packets back in flow `id`. */
  backOf(id: number): number;
}

/**
 * The diagram's facts of a dump, folded packet by packet (PacketEvent, in order of first copy):
 * its hosts and where they stand, the balancer's ports and addresses, its flows and IPsec peers,
 * never a list of its packets (but each flow's rows, when `keepFlowRows`). The editor folds its
 * analysis's packets; the command line, a dump of any size as it streams by.
 *
 * Which side of the balancer each host is on: a port (axdebug) or interface the balancer received
 * a translated source on faces inside; so does one where private sources arrive; failing both, the
 * one the first packet came in on. A host is on the side of the port it sent to the balancer from
 * or was sent to on; an address the balancer translated a source to (or from, for a destination)
 * is the balancer's own. Without ports, a source the balancer translated and a private address
 * are inside, the rest outside.
 */
export class DiagramFolder {
  private packets = 0;
  private readonly ports: string[] = [];
  private readonly insidePorts = new Set<number>();
  private readonly privatePorts = new Set<number>();
  private firstPort: number | undefined;
  private readonly translatedSources = new Set<string>();
  private readonly balancerAddresses: { address: string; line: number }[] = [];
  private readonly balancer = new Set<string>();
  private readonly hosts = new Map<string, HostSeen>();
  private readonly traffic = new Map<string, number>();
  private readonly flows = new Map<number, FlowFacts>();
  private readonly peers = new Map<number, PeerFacts>();

  constructor(
    private readonly peerByAddress: ReadonlyMap<string, number>,
    private readonly keepFlowRows: boolean,
  ) {}

  /** How many packets were folded. */
  get packetCount(): number {
    return this.packets;
  }

  /** Whether the dump has flow `id`. */
  hasFlow(id: number): boolean {
    return this.flows.has(id);
  }

  /** Folds the packet numbered `row` (from 0, in order). */
  packet(event: PacketEvent, row: number): void {
    const { packet } = event;
    this.packets++;
    for (const copy of packet.copies) {
      const port = portOf(copy);
      if (port !== undefined && !this.ports.includes(port)) this.ports.push(port);
      if (copy.direction === 'in' && copy.port !== undefined) {
        this.firstPort ??= copy.port;
        if (isPrivateAddress(copy.src)) this.privatePorts.add(copy.port);
      }
    }
    const back = event.direction === 'back';
    for (const rewrite of translationOf(packet)) {
      const { received, sent } = copiesOf(packet);
      if (!received || !sent) continue;
      // A source is rewritten to the balancer's own address (SNAT on the way out, the VIP on a
      // reply from a server it DNATed); a destination is rewritten from it.
      if (rewrite.field === 'source') this.addBalancer(sent.src, sent.line);
      else this.addBalancer(received.dst, received.line);
      // The side a translated source comes from, and the side a reply to it goes back to, is inside.
      const insideCopy =
        rewrite.field === 'source' && !back
          ? received
          : rewrite.field === 'destination' && back
            ? sent
            : undefined;
      if (insideCopy) {
        if (rewrite.field === 'source') this.translatedSources.add(received.src);
        if (insideCopy.port !== undefined) this.insidePorts.add(insideCopy.port);
      }
    }
    for (const copy of packet.copies) {
      this.seen(copy.src, copy.line * 2);
      this.seen(copy.dst, copy.line * 2 + 1);
      if (copy.port === undefined || copy.direction === undefined) continue;
      // The host that sent a received copy, and the one a sent copy goes to, are on its port's side.
      const near = copy.direction === 'in' ? copy.src : copy.dst;
      const far = copy.direction === 'in' ? copy.dst : copy.src;
      if (near !== '') {
        const host = this.hosts.get(near)!;
        if (!host.near || copy.line < host.near.line)
          host.near = { line: copy.line, port: copy.port };
      }
      if (far !== '') {
        const host = this.hosts.get(far)!;
        if (!host.far || copy.line < host.far.line) host.far = { line: copy.line, port: copy.port };
      }
    }
    const ref = event.flow;
    if (ref) {
      let flow = this.flows.get(ref.id);
      if (!flow)
        this.flows.set(
          ref.id,
          (flow = {
            ref,
            forward: 0,
            back: 0,
            head: undefined,
            rows: this.keepFlowRows ? [] : NO_ROWS,
          }),
        );
      if (this.keepFlowRows) flow.rows.push(row);
      if (!isIcmpError(packet.copies[0])) {
        if (event.direction === 'back') flow.back++;
        else flow.forward++;
        if (!flow.head) {
          const { received, sent } = copiesOf(packet);
          flow.head = {
            start: (received ?? sent!).src,
            end: (sent ?? received!).dst,
            peer: peerIdOf(event, this.peerByAddress),
            ipsec: event.peer?.id,
          };
        }
      }
    }
    if (event.peer) this.peer(event);
  }

  private seen(address: string, at: number): void {
    this.traffic.set(address, (this.traffic.get(address) ?? 0) + 1);
    if (address === '') return;
    const host = this.hosts.get(address);
    if (!host) this.hosts.set(address, { near: undefined, far: undefined, any: at });
    else if (at < host.any) host.any = at;
  }

  private addBalancer(address: string, line: number): void {
    // `*.*.*.*` stands for any address: taking it as the balancer's would put every masked peer on its lane.
    if (address === '' || isFullyMasked(address) || this.balancer.has(address)) return;
    this.balancer.add(address);
    this.balancerAddresses.push({ address, line });
  }

  /** What ipsec.ts buildPeer learns of a peer's packet. */
  private peer(event: PacketEvent): void {
    const ref = event.peer!;
    const { packet } = event;
    let peer = this.peers.get(ref.id);
    if (!peer) {
      peer = {
        id: ref.id,
        remote: ref.remote,
        local: [],
        ikeVersions: new Set(),
        ike: { out: 0, back: 0, phase1: { out: 0, back: 0 }, phase2: { out: 0, back: 0 } },
        natTraversal: false,
        sas: [],
        saOf: new Map(),
        ah: 0,
        ahOut: false,
        ahBack: false,
      };
      this.peers.set(ref.id, peer);
    }
    addLocalAddresses(peer.local, ref.remote, packet);
    const direction = ref.directionOf(packet);
    const copy = packet.copies.find(isIpsec)!;
    if (packet.copies.some((c) => c.ike?.natTraversal === true || c.esp?.encapsulated === true))
      peer.natTraversal = true;
    const { ike, esp } = copy;
    if (ike) {
      if (ike.version) peer.ikeVersions.add(ike.version);
      if (ike.keepalive) return;
      peer.ike[direction]++;
      if (ike.phase === 1) peer.ike.phase1[direction]++;
      if (ike.phase === 2) peer.ike.phase2[direction]++;
    } else if (esp) {
      const key = `${direction} ${esp.spi}`;
      let sa = peer.saOf.get(key);
      if (!sa) {
        sa = { spi: esp.spi, direction, encapsulated: esp.encapsulated, count: 0 };
        peer.saOf.set(key, sa);
        peer.sas.push(sa);
      }
      sa.count++;
    } else if (copy.ah) {
      peer.ah++;
      if (direction === 'out') peer.ahOut = true;
      else peer.ahBack = true;
    }
  }

  /** Where each host stands, in the order placeHosts always listed them. */
  private placeHosts(): Map<string, LaneSide> {
    const sideOf = new Map<string, LaneSide>();
    for (const { address } of this.balancerAddresses) sideOf.set(address, 'balancer');
    const inside =
      this.insidePorts.size > 0
        ? this.insidePorts
        : this.privatePorts.size > 0
          ? this.privatePorts
          : new Set(this.firstPort === undefined ? [] : [this.firstPort]);
    const portSide = (port: number): LaneSide => (inside.has(port) ? 'inside' : 'outside');
    const opposite = (side: LaneSide): LaneSide => (side === 'inside' ? 'outside' : 'inside');
    const hosts = [...this.hosts];
    const by = (at: (seen: HostSeen) => number | undefined): [string, HostSeen][] =>
      hosts.filter(([, seen]) => at(seen) !== undefined).sort((a, b) => at(a[1])! - at(b[1])!);
    for (const [address, seen] of by((s) => s.near?.line))
      if (!sideOf.has(address)) sideOf.set(address, portSide(seen.near!.port));
    for (const [address, seen] of by((s) => s.far?.line))
      if (!sideOf.has(address)) sideOf.set(address, opposite(portSide(seen.far!.port)));
    for (const [address] of by((s) => s.any))
      if (!sideOf.has(address))
        sideOf.set(
          address,
          this.translatedSources.has(address) || isPrivateAddress(address) ? 'inside' : 'outside',
        );
    return sideOf;
  }

  /** The lanes, flows and peers, once every packet was folded; `notes` adds what the configuration says of the balancer's addresses. */
  finish(notes?: BalancerAddressNotes): DiagramFrame {
    const sideOf = this.placeHosts();
    const { balancerAddresses, ports, traffic } = this;
    // A dump of a busy link has thousands of hosts: the busiest (and the IPsec peers) get a lane of
    // their own on each side, the rest share one, so the picture stays a ladder.
    const peerFacts = [...this.peers.values()].sort((a, b) => a.id - b.id);
    const ipsecEnds = new Set(peerFacts.flatMap((p) => [...p.remote, ...p.local]));
    const hosts = (side: LaneSide): { own: string[]; shared: number } => {
      const all = [...sideOf].filter(([, s]) => s === side).map(([address]) => address);
      if (all.length <= MAX_HOST_LANES) return { own: all, shared: 0 };
      const rank = (a: string): number => (ipsecEnds.has(a) ? Infinity : (traffic.get(a) ?? 0));
      const chosen = new Set(
        [...all].sort((a, b) => rank(b) - rank(a)).slice(0, MAX_HOST_LANES - 1),
      );
      return { own: all.filter((a) => chosen.has(a)), shared: all.length - chosen.size };
    };
    const inside = hosts('inside');
    const outside = hosts('outside');
    const balancerDetails: string[] = [];
    if (ports.length > 0) balancerDetails.push(ports.join(' · '));
    const noteOf = new Map(
      (notes?.(balancerAddresses.slice(0, MAX_BALANCER_ADDRESSES)) ?? []).map((n) => [
        n.address,
        n.note,
      ]),
    );
    for (const { address } of balancerAddresses.slice(0, MAX_BALANCER_ADDRESSES)) {
      const note = noteOf.get(address);
      balancerDetails.push(note ? `${address}: ${note}` : address);
    }
    if (balancerAddresses.length > MAX_BALANCER_ADDRESSES)
      balancerDetails.push(
        l10n.t('and {0} more addresses', balancerAddresses.length - MAX_BALANCER_ADDRESSES),
      );
    const sharedLane = (
      side: 'inside' | 'outside',
      count: number,
    ): { side: LaneSide; label: string; details: string[] }[] =>
      count === 0
        ? []
        : [
            {
              side,
              label:
                side === 'inside'
                  ? l10n.t('{0} other hosts', count)
                  : l10n.t('{0} other peers', count),
              details: [l10n.t('quieter hosts, one lane')],
            },
          ];
    const lanes: DiagramLane[] = [
      ...inside.own.map((label) => ({ side: 'inside' as const, label, details: [] as string[] })),
      ...sharedLane('inside', inside.shared),
      { side: 'balancer' as const, label: l10n.t('balancer'), details: balancerDetails },
      ...outside.own.map((label) => ({ side: 'outside' as const, label, details: [] as string[] })),
      ...sharedLane('outside', outside.shared),
    ].map((lane, index) => ({ index, ...lane }));
    const balancerLane = lanes.findIndex((l) => l.side === 'balancer');
    const laneOf = new Map<string, number>();
    for (const lane of lanes) if (lane.side !== 'balancer') laneOf.set(lane.label, lane.index);
    const sharedOf = (side: LaneSide | undefined): number | undefined =>
      side === 'inside' && inside.shared > 0
        ? balancerLane - 1
        : side === 'outside' && outside.shared > 0
          ? lanes.length - 1
          : undefined;
    const laneOfAddress = (address: string): number =>
      laneOf.get(address) ?? sharedOf(sideOf.get(address)) ?? balancerLane;

    // ESP goes back under its own SPI, so an SA's flow never comes back: for IPsec the peer says
    // whether traffic came back; for the rest, the flow.
    const stateOf = (p: PeerFacts): IpsecState =>
      stateFrom(
        p.ahOut || p.sas.some((sa) => sa.direction === 'out'),
        p.ahBack || p.sas.some((sa) => sa.direction === 'back'),
        p.ike,
      );
    const oneWayPeers = new Set(
      peerFacts.filter((p) => ONE_WAY_STATES.has(stateOf(p))).map((p) => p.id),
    );
    const flowFacts = [...this.flows.values()].sort((a, b) => a.ref.id - b.ref.id);
    const oneWayFlows = new Set(
      flowFacts
        .filter((f) => {
          if (f.ref.kind !== 'esp' && f.ref.kind !== 'ah') return f.back === 0 && f.forward > 0;
          return f.head?.ipsec !== undefined && oneWayPeers.has(f.head.ipsec);
        })
        .map((f) => f.ref.id),
    );
    const back = new Int32Array((flowFacts[flowFacts.length - 1]?.ref.id ?? 0) + 1);
    for (const flow of flowFacts) back[flow.ref.id] = flow.back;
    // Made when asked for: a dump of many flows keeps their facts, not their names.
    const flows = (rowsOf?: (id: number) => number[]): DiagramFlow[] =>
      flowFacts.map((flow) => ({
        id: flow.ref.id,
        name: flowNameOf(flow.ref.kind, flow.ref.first),
        kind: flow.ref.kind,
        rows: rowsOf ? rowsOf(flow.ref.id) : flow.rows,
        forward: flow.forward,
        back: flow.back,
        from: laneOfAddress(flow.head!.start),
        to: laneOfAddress(flow.head!.end),
        oneWay: oneWayFlows.has(flow.ref.id),
        peer: flow.head!.peer,
      }));
    const peers: DiagramPeer[] = peerFacts.map((peer) => {
      const state = stateOf(peer);
      return {
        id: peer.id,
        name: peerName(peer),
        state,
        summary: STATE_WORDS[state],
        status: withoutSuffix(tallyStatus({ ...peer, state }), `: ${STATE_WORDS[state]}`),
        lane: peer.remote.map((a) => laneOf.get(a)).find((l) => l !== undefined),
      };
    });
    return {
      lanes,
      flows,
      peers,
      laneOf,
      laneOfAddress,
      sideOf,
      oneWayFlows,
      backOf: (id) => back[id] ?? 0,
    };
  }
}

/**
 * Makes the rows of a dump's packets, in order, once its frame is known (DiagramFolder.finish).
 * `share` keeps one string per repeated label, end and translation (the editor keeps every row);
 * a streamed picture keeps few rows and shares nothing.
 */
export class RowMaker {
  private origin: number | undefined;
  private previousClock: number | undefined;
  private dayOffset = 0;
  private readonly texts: Map<string, string> | undefined;
  /** A row's marks are one of a few lists: one array each (an array grown by push keeps room for 17). */
  private readonly markLists = new Map<string, RowMark[]>();

  constructor(
    private readonly frame: DiagramFrame,
    private readonly peerByAddress: ReadonlyMap<string, number>,
    share: boolean,
  ) {
    if (share) this.texts = new Map();
  }

  /** The time of the next packet (each packet's, in order), relative to the first packet's. */
  at(first: PacketCopy): number | undefined {
    let clock = clockOf(first);
    // A plain time of day that goes back by more than half a day has passed midnight.
    if (
      clock !== undefined &&
      this.previousClock !== undefined &&
      first.dialect === 'tcpdump' &&
      clock + this.dayOffset < this.previousClock - 43_200
    )
      this.dayOffset += 86_400;
    if (clock !== undefined) {
      clock += this.dayOffset;
      this.previousClock = clock;
      this.origin ??= clock;
    }
    return clock === undefined || this.origin === undefined
      ? undefined
      : roundTime(clock - this.origin);
  }

  /** The packets of a flow repeat its ends, kinds and translation: one string each, not one per row. */
  private shared(text: string | undefined): string | undefined {
    if (text === undefined || !this.texts) return text;
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    this.texts.set(text, text);
    return text;
  }

  private sharedMarks(marks: RowMark[]): RowMark[] {
    const key = marks.join(' ');
    const known = this.markLists.get(key);
    if (known) return known;
    const list = [...marks];
    this.markLists.set(key, list);
    return list;
  }

  /** What a band and the view's filters read of a packet's row, without the row's words. */
  place(event: PacketEvent): BandPlace & Pick<DiagramRow, 'peer' | 'protocol'> {
    const { packet } = event;
    const first = packet.copies[0];
    const { received, sent } = copiesOf(packet);
    const error = isIcmpError(first);
    return {
      from: this.frame.laneOfAddress((received ?? sent!).src),
      to: this.frame.laneOfAddress((sent ?? received!).dst),
      endLine: Math.max(...packet.copies.map((c) => c.endLine)),
      direction: error || this.back(event) ? 'back' : 'forward',
      marks: error ? ICMP_ERROR_MARKS : [],
      peer: peerIdOf(event, this.peerByAddress),
      protocol: protocolOf(first),
    };
  }

  /** Whether a packet goes back: its IPsec peer says for ESP and AH (another SPI, a flow of its own), else its flow. */
  private back(event: PacketEvent): boolean {
    const first = event.packet.copies[0];
    return event.peer && (first.esp || first.ah)
      ? event.peer.directionOf(event.packet) === 'back'
      : event.direction === 'back';
  }

  /** The row of the packet numbered `index`, at `at` (at()), with the rows that answer it and that it answers. */
  row(
    event: PacketEvent,
    index: number,
    at: number | undefined,
    answeredBy: number | undefined,
    answers: number | undefined,
  ): DiagramRow {
    const { frame } = this;
    const { packet } = event;
    const first = packet.copies[0];
    const { received, sent } = copiesOf(packet);
    const start = received ?? sent!;
    const end = sent ?? received!;
    const rewrites = translationOf(packet);
    const back = this.back(event);
    const flow = event.flow;
    const error = isIcmpError(first);
    const marks: RowMark[] = [];
    if (error) marks.push('icmp-error');
    if (
      !error &&
      answeredBy === undefined &&
      answers === undefined &&
      !(flow && frame.backOf(flow.id) > 0 && back)
    )
      marks.push('unanswered');
    if (flow && !error && frame.oneWayFlows.has(flow.id)) marks.push('one-way');
    if (
      rewrites.length === 0 &&
      packet.copies.length > 1 &&
      sent?.direction === 'out' &&
      isPrivateAddress(sent.src) &&
      frame.sideOf.get(sent.dst) === 'outside'
    )
      marks.push('untranslated');
    if (packet.copies.length === 1 && first.direction !== undefined) marks.push('single-copy');
    return {
      index,
      line: first.line,
      endLine: Math.max(...packet.copies.map((c) => c.endLine)),
      copyLines: packet.copies.map((c) => c.line),
      time: first.time,
      at,
      from: frame.laneOfAddress(start.src),
      to: frame.laneOfAddress(end.dst),
      ends:
        frame.laneOf.has(start.src) && frame.laneOf.has(end.dst)
          ? undefined
          : this.shared(`${start.src} → ${end.dst}`),
      received: received !== undefined && (received.direction === 'in' || packet.copies.length > 1),
      sent: sent !== undefined && (sent.direction === 'out' || packet.copies.length > 1),
      inPort: this.shared(portOf(received)),
      outPort: this.shared(portOf(sent)),
      protocol: protocolOf(first),
      label: this.shared(packetKind(first))!,
      translation:
        rewrites.length === 0
          ? undefined
          : this.shared(
              `${rewrites.map((r) => (r.field === 'source' ? l10n.t('source {0} → {1}', r.before, r.after) : l10n.t('destination {0} → {1}', r.before, r.after))).join(', ')} (${natKind(rewrites, back)})`,
            ),
      flow: flow?.id,
      direction: back || error ? 'back' : 'forward',
      answeredBy,
      answers,
      reports: error ? flow?.id : undefined,
      peer: peerIdOf(event, this.peerByAddress),
      marks: this.sharedMarks(marks),
    };
  }
}

/** The diagram of a dump without a packet: why there is nothing to draw. */
export function emptyDiagram(
  dialect: string | undefined,
  lineCount: number,
  unrecognised: boolean,
): FlowDiagram {
  const message =
    lineCount <= 1 && !unrecognised
      ? l10n.t('This dump is empty: there is no packet to draw.')
      : l10n.t(
          'No line of this file is a packet of an axdebug or tcpdump capture: there is nothing to draw.',
        );
  return {
    dialect,
    timeUnit: timeUnitOf(dialect),
    lineCount,
    lanes: [],
    rows: [],
    flows: [],
    peers: [],
    message,
  };
}

/** The unit of a dialect's times. */
export function timeUnitOf(dialect: string | undefined): FlowDiagram['timeUnit'] {
  return dialect === 'axdebug' ? 'ticks' : dialect === 'tcpdump' ? 'seconds' : undefined;
}

/** Each peer's id by its remote addresses, the first peer's where two share one (ipsec.ts peerByAddress). */
export function peerIdsByAddress(
  peers: Iterable<{ readonly id: number; readonly remote: Iterable<string> }>,
): Map<string, number> {
  const byAddress = new Map<string, number>();
  for (const peer of peers)
    for (const address of peer.remote) if (!byAddress.has(address)) byAddress.set(address, peer.id);
  return byAddress;
}

/** The folded facts of an analysed dump (DiagramFolder over its packets), and its peers by address. */
function foldAnalysis(
  analysis: CaptureAnalysis,
  keepFlowRows: boolean,
  notes: BalancerAddressNotes | undefined,
  eventOf = analysisEvents(analysis),
): { frame: DiagramFrame; peerByAddress: Map<string, number> } {
  const peerByAddress = peerIdsByAddress(analysis.peers);
  const folder = new DiagramFolder(peerByAddress, keepFlowRows);
  analysis.packets.forEach((packet, index) => folder.packet(eventOf(packet), index));
  return { frame: folder.finish(notes), peerByAddress };
}

/** The diagram of an analysed dump, every row made; `notes` adds what the workspace's configuration says of the balancer's addresses. */
export function buildFlowDiagram(
  analysis: CaptureAnalysis,
  notes?: BalancerAddressNotes,
): FlowDiagram {
  const { parsed } = analysis;
  const dialect = parsed.dialect;
  if (analysis.packets.length === 0)
    return emptyDiagram(dialect, parsed.lineCount, parsed.unrecognised.length > 0);
  const { frame, peerByAddress } = foldAnalysis(analysis, true, notes);
  const rowOf = new Map<Packet, number>();
  analysis.packets.forEach((packet, i) => rowOf.set(packet, i));
  const rowOfPacket = (packet: Packet | undefined): number | undefined =>
    packet === undefined ? undefined : rowOf.get(packet);
  const maker = new RowMaker(frame, peerByAddress, true);
  const rows: DiagramRow[] = [];
  for (const event of eventsOfAnalysis(analysis)) {
    const { packet } = event;
    rows.push(
      maker.row(
        event,
        rows.length,
        maker.at(packet.copies[0]),
        rowOfPacket(analysis.answeredBy.get(packet)),
        rowOfPacket(analysis.answers.get(packet)),
      ),
    );
  }
  return {
    dialect,
    timeUnit: timeUnitOf(dialect),
    lineCount: parsed.lineCount,
    lanes: frame.lanes,
    rows,
    flows: frame.flows(),
    peers: frame.peers,
    message: undefined,
  };
}

/**
 * A flow diagram whose rows are made when asked for: what the editor keeps of a dump's diagram
 * while its page shows it. A row of a 500,000-line dump's 250,000 is an object with a dozen
 * strings; kept, they were some 180 MB.
 */
export interface DiagramSource extends Omit<FlowDiagram, 'rows' | 'flows'> {
  /** How many rows. */
  readonly rowCount: number;
  /** The row at `index` (0 <= index < rowCount), as the whole diagram has it. */
  row(index: number): DiagramRow;
  /** The flows, by id, as the whole diagram has them; `withRows` false: each with no rows (an outline leaves them out). */
  flows(withRows?: boolean): DiagramFlow[];
}

/** An unset answer, or no flow, in the per-row columns. */
const NO_ROW = -1;

/**
 * The diagram of an analysed dump as the editor keeps it (buildFlowDiagram's, row for row): the
 * lanes, peers and flows' facts, and per packet the few numbers that depend on the packets before
 * it (its time from the first, the rows that answer it and that it answers, its flow); each row is
 * made from its packet when asked for. It reads the analysis, which the editor keeps as long. A
 * dump without a packet has the whole (empty) diagram.
 */
export function drawFlowDiagram(
  analysis: CaptureAnalysis,
  notes?: BalancerAddressNotes,
): DiagramSource | FlowDiagram {
  const { parsed, packets } = analysis;
  const dialect = parsed.dialect;
  if (packets.length === 0)
    return emptyDiagram(dialect, parsed.lineCount, parsed.unrecognised.length > 0);
  // One event maker for the folding and the rows: each flow's and peer's ref made once.
  const eventOf = analysisEvents(analysis);
  const { frame, peerByAddress } = foldAnalysis(analysis, false, notes, eventOf);
  const count = packets.length;
  const at = new Float64Array(count);
  const answeredBy = new Int32Array(count);
  const answers = new Int32Array(count);
  const flowOfRow = new Int32Array(count);
  const maker = new RowMaker(frame, peerByAddress, false);
  for (let i = 0; i < count; i++) {
    const packet = packets[i];
    at[i] = maker.at(packet.copies[0]) ?? NaN;
    answeredBy[i] = rowOfPacket(packets, analysis.answeredBy.get(packet));
    answers[i] = rowOfPacket(packets, analysis.answers.get(packet));
    flowOfRow[i] = analysis.flowOf.get(packet)?.id ?? NO_ROW;
  }
  const optional = (value: number): number | undefined => (value === NO_ROW ? undefined : value);
  return {
    dialect,
    timeUnit: timeUnitOf(dialect),
    lineCount: parsed.lineCount,
    lanes: frame.lanes,
    peers: frame.peers,
    message: undefined,
    rowCount: count,
    row(index) {
      const event = eventOf(packets[index]);
      const time = at[index];
      return maker.row(
        event,
        index,
        Number.isNaN(time) ? undefined : time,
        optional(answeredBy[index]),
        optional(answers[index]),
      );
    },
    flows(withRows = true) {
      if (!withRows) return frame.flows(() => NO_ROWS);
      const rowsOf = new Map<number, number[]>();
      for (let i = 0; i < count; i++) {
        const flow = flowOfRow[i];
        if (flow === NO_ROW) continue;
        const rows = rowsOf.get(flow);
        if (rows) rows.push(i);
        else rowsOf.set(flow, [i]);
      }
      return frame.flows((id) => rowsOf.get(id) ?? []);
    },
  };
}

/** The index of a packet among the packets (in order of their first copy's line), NO_ROW for none. */
function rowOfPacket(packets: readonly Packet[], packet: Packet | undefined): number {
  if (packet === undefined) return NO_ROW;
  const line = packet.copies[0].line;
  let low = 0;
  let high = packets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (packets[middle].copies[0].line < line) low = middle + 1;
    else high = middle;
  }
  return packets[low] === packet ? low : NO_ROW;
}

/** Times to the microsecond, so that 0.1 + 0.2 reads 0.3. */
function roundTime(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function withoutSuffix(text: string, suffix: string): string {
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}
