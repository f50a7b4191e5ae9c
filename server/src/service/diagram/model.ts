// The flow diagram of a capture: the ladder an engineer draws in their head (Wireshark's flow
// graph). Lanes for the hosts inside, the balancer, and the peers outside; one row per packet,
// its copies joined through the balancer with the translation written on it; replies tied to
// their requests; unanswered packets, one-way flows and ICMP errors marked; each IPsec peer's
// phase status. Plain JSON, so the server can send it and any renderer (render.ts) can draw it.
import * as l10n from '@vscode/l10n';
import type { CaptureAnalysis, Packet } from '../capture/engine/analysis';
import {
  flowName,
  natKind,
  packetKind,
  receivedCopy,
  translationOf,
} from '../capture/features/describe';
import {
  ipsecState,
  peerName,
  peerStatus,
  STATE_WORDS,
  type IpsecState,
} from '../capture/engine/ipsec';
import type { PacketCopy } from '../capture/reading/packet';
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
function protocolOf(copy: PacketCopy): string {
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

/**
 * Which side of the balancer each host is on. A port (axdebug) or interface the balancer received
 * a translated source on faces inside; so does one where private sources arrive; failing both, the
 * one the first packet came in on. A host is on the side of the port it sent to the balancer from
 * or was sent to on; an address the balancer translated a source to (or from, for a destination)
 * is the balancer's own. Without ports, a source the balancer translated and a private address
 * are inside, the rest outside.
 */
function placeHosts(analysis: CaptureAnalysis): {
  sideOf: Map<string, LaneSide>;
  balancerAddresses: { address: string; line: number }[];
  ports: string[];
} {
  const sideOf = new Map<string, LaneSide>();
  const balancerAddresses: { address: string; line: number }[] = [];
  const ports: string[] = [];
  const insidePorts = new Set<number>();
  const privatePorts = new Set<number>();
  let firstPort: number | undefined;
  const translatedSources = new Set<string>();
  const addBalancer = (address: string, line: number): void => {
    // `*.*.*.*` stands for any address: taking it as the balancer's would put every masked peer on its lane.
    if (address === '' || isFullyMasked(address) || sideOf.get(address) === 'balancer') return;
    sideOf.set(address, 'balancer');
    balancerAddresses.push({ address, line });
  };
  for (const packet of analysis.packets) {
    for (const copy of packet.copies) {
      const port = portOf(copy);
      if (port !== undefined && !ports.includes(port)) ports.push(port);
      if (copy.direction === 'in' && copy.port !== undefined) {
        firstPort ??= copy.port;
        if (isPrivateAddress(copy.src)) privatePorts.add(copy.port);
      }
    }
    const back = analysis.directionOf.get(packet) === 'back';
    for (const rewrite of translationOf(packet)) {
      const { received, sent } = copiesOf(packet);
      if (!received || !sent) continue;
      // A source is rewritten to the balancer's own address (SNAT on the way out, the VIP on a
      // reply from a server it DNATed); a destination is rewritten from it.
      if (rewrite.field === 'source') addBalancer(sent.src, sent.line);
      else addBalancer(received.dst, received.line);
      // The side a translated source comes from, and the side a reply to it goes back to, is inside.
      const insideCopy =
        rewrite.field === 'source' && !back
          ? received
          : rewrite.field === 'destination' && back
            ? sent
            : undefined;
      if (insideCopy) {
        if (rewrite.field === 'source') translatedSources.add(received.src);
        if (insideCopy.port !== undefined) insidePorts.add(insideCopy.port);
      }
    }
  }
  const inside =
    insidePorts.size > 0
      ? insidePorts
      : privatePorts.size > 0
        ? privatePorts
        : new Set(firstPort === undefined ? [] : [firstPort]);
  const portSide = (port: number): LaneSide => (inside.has(port) ? 'inside' : 'outside');
  const opposite = (side: LaneSide): LaneSide => (side === 'inside' ? 'outside' : 'inside');
  const guessed = new Map<string, LaneSide>();
  for (const copy of analysis.parsed.copies) {
    if (copy.port === undefined || copy.direction === undefined) continue;
    // The host that sent a received copy, and the one a sent copy goes to, are on its port's side.
    const near = copy.direction === 'in' ? copy.src : copy.dst;
    const far = copy.direction === 'in' ? copy.dst : copy.src;
    if (near !== '' && !sideOf.has(near)) sideOf.set(near, portSide(copy.port));
    if (far !== '' && !guessed.has(far)) guessed.set(far, opposite(portSide(copy.port)));
  }
  for (const [address, side] of guessed) if (!sideOf.has(address)) sideOf.set(address, side);
  for (const copy of analysis.parsed.copies) {
    for (const address of [copy.src, copy.dst]) {
      if (address === '' || sideOf.has(address)) continue;
      sideOf.set(
        address,
        translatedSources.has(address) || isPrivateAddress(address) ? 'inside' : 'outside',
      );
    }
  }
  return { sideOf, balancerAddresses, ports };
}

/** The diagram of an analysed dump; `notes` adds what the workspace's configuration says of the balancer's addresses. */
export function buildFlowDiagram(
  analysis: CaptureAnalysis,
  notes?: BalancerAddressNotes,
): FlowDiagram {
  const { parsed } = analysis;
  const dialect = parsed.dialect;
  const timeUnit = dialect === 'axdebug' ? 'ticks' : dialect === 'tcpdump' ? 'seconds' : undefined;
  if (analysis.packets.length === 0) {
    const message =
      parsed.lineCount <= 1 && parsed.unrecognised.length === 0
        ? l10n.t('This dump is empty: there is no packet to draw.')
        : l10n.t(
            'No line of this file is a packet of an axdebug or tcpdump capture: there is nothing to draw.',
          );
    return {
      dialect,
      timeUnit,
      lineCount: parsed.lineCount,
      lanes: [],
      rows: [],
      flows: [],
      peers: [],
      message,
    };
  }

  const { sideOf, balancerAddresses, ports } = placeHosts(analysis);
  // A dump of a busy link has thousands of hosts: the busiest (and the IPsec peers) get a lane of
  // their own on each side, the rest share one, so the picture stays a ladder.
  const traffic = new Map<string, number>();
  for (const copy of parsed.copies)
    for (const address of [copy.src, copy.dst])
      traffic.set(address, (traffic.get(address) ?? 0) + 1);
  const ipsecEnds = new Set(analysis.peers.flatMap((p) => [...p.remote, ...p.local]));
  const hosts = (side: LaneSide): { own: string[]; shared: number } => {
    const all = [...sideOf].filter(([, s]) => s === side).map(([address]) => address);
    if (all.length <= MAX_HOST_LANES) return { own: all, shared: 0 };
    const rank = (a: string): number => (ipsecEnds.has(a) ? Infinity : (traffic.get(a) ?? 0));
    const chosen = new Set([...all].sort((a, b) => rank(b) - rank(a)).slice(0, MAX_HOST_LANES - 1));
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

  const rowOf = new Map<Packet, number>();
  analysis.packets.forEach((packet, index) => rowOf.set(packet, index));
  const peerIdOf = (packet: Packet): number | undefined => {
    const peer = analysis.peerOf.get(packet);
    if (peer) return peer.id;
    const { received, sent } = copiesOf(packet);
    const ends = [received?.src, received?.dst, sent?.src, sent?.dst];
    for (const address of ends) {
      const byAddress = address === undefined ? undefined : analysis.peerByAddress.get(address);
      if (byAddress) return byAddress.id;
    }
    return undefined;
  };
  // ESP goes back under its own SPI, so an SA's flow never comes back: for IPsec the peer says
  // whether traffic came back; for the rest, the flow.
  const oneWayPeers = new Set(
    analysis.peers.filter((p) => ONE_WAY_STATES.has(ipsecState(p))).map((p) => p.id),
  );
  const oneWayFlows = new Set(
    analysis.flows
      .filter((f) => {
        if (f.kind !== 'esp' && f.kind !== 'ah') return f.back === 0 && f.forward > 0;
        const peer = analysis.peerOf.get(f.packets[0]);
        return peer !== undefined && oneWayPeers.has(peer.id);
      })
      .map((f) => f.id),
  );
  let origin: number | undefined;
  let previousClock: number | undefined;
  let dayOffset = 0;
  // The packets of a flow repeat its ends, kinds and translation: one string each, not one per row.
  const texts = new Map<string, string>();
  const shared = (text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    const known = texts.get(text);
    if (known !== undefined) return known;
    texts.set(text, text);
    return text;
  };
  // A row's marks are one of a few lists: one array each (an array grown by push keeps room for 17).
  const markLists = new Map<string, RowMark[]>();
  const sharedMarks = (marks: RowMark[]): RowMark[] => {
    const key = marks.join(' ');
    const known = markLists.get(key);
    if (known) return known;
    const list = [...marks];
    markLists.set(key, list);
    return list;
  };
  const rows: DiagramRow[] = analysis.packets.map((packet, index) => {
    const first = packet.copies[0];
    const { received, sent } = copiesOf(packet);
    const start = received ?? sent!;
    const end = sent ?? received!;
    const rewrites = translationOf(packet);
    // IPsec goes back under another SPI, a flow of its own: its peer says which way it goes.
    const ipsecPeer = analysis.peerOf.get(packet);
    const back =
      ipsecPeer && (first.esp || first.ah)
        ? ipsecPeer.directionOf(packet) === 'back'
        : analysis.directionOf.get(packet) === 'back';
    const flow = analysis.flowOf.get(packet);
    const answeredBy = analysis.answeredBy.get(packet);
    const answers = analysis.answers.get(packet);
    const error = isIcmpError(first);
    const marks: RowMark[] = [];
    if (error) marks.push('icmp-error');
    if (!error && !answeredBy && !answers && !(flow && flow.back > 0 && back))
      marks.push('unanswered');
    if (flow && !error && oneWayFlows.has(flow.id)) marks.push('one-way');
    if (
      rewrites.length === 0 &&
      packet.copies.length > 1 &&
      sent?.direction === 'out' &&
      isPrivateAddress(sent.src) &&
      sideOf.get(sent.dst) === 'outside'
    )
      marks.push('untranslated');
    if (packet.copies.length === 1 && first.direction !== undefined) marks.push('single-copy');
    let clock = clockOf(first);
    // A plain time of day that goes back by more than half a day has passed midnight.
    if (
      clock !== undefined &&
      previousClock !== undefined &&
      first.dialect === 'tcpdump' &&
      clock + dayOffset < previousClock - 43_200
    )
      dayOffset += 86_400;
    if (clock !== undefined) {
      clock += dayOffset;
      previousClock = clock;
      origin ??= clock;
    }
    return {
      index,
      line: first.line,
      endLine: Math.max(...packet.copies.map((c) => c.endLine)),
      copyLines: packet.copies.map((c) => c.line),
      time: first.time,
      at: clock === undefined || origin === undefined ? undefined : roundTime(clock - origin),
      from: laneOfAddress(start.src),
      to: laneOfAddress(end.dst),
      ends:
        laneOf.has(start.src) && laneOf.has(end.dst)
          ? undefined
          : shared(`${start.src} → ${end.dst}`),
      received: received !== undefined && (received.direction === 'in' || packet.copies.length > 1),
      sent: sent !== undefined && (sent.direction === 'out' || packet.copies.length > 1),
      inPort: shared(portOf(received)),
      outPort: shared(portOf(sent)),
      protocol: protocolOf(first),
      label: shared(packetKind(first))!,
      translation:
        rewrites.length === 0
          ? undefined
          : shared(
              `${rewrites.map((r) => (r.field === 'source' ? l10n.t('source {0} → {1}', r.before, r.after) : l10n.t('destination {0} → {1}', r.before, r.after))).join(', ')} (${natKind(rewrites, back)})`,
            ),
      flow: flow?.id,
      direction: back || error ? 'back' : 'forward',
      answeredBy: answeredBy === undefined ? undefined : rowOf.get(answeredBy),
      answers: answers === undefined ? undefined : rowOf.get(answers),
      reports: error ? flow?.id : undefined,
      peer: peerIdOf(packet),
      marks: sharedMarks(marks),
    };
  });

  const flows: DiagramFlow[] = analysis.flows.map((flow) => {
    const flowRows = [...flow.packets, ...flow.errors]
      .map((p) => rowOf.get(p)!)
      .sort((a, b) => a - b);
    const firstRow = rows[rowOf.get(flow.packets[0])!];
    return {
      id: flow.id,
      name: flowName(flow),
      kind: flow.kind,
      rows: flowRows,
      forward: flow.forward,
      back: flow.back,
      from: firstRow.from,
      to: firstRow.to,
      oneWay: oneWayFlows.has(flow.id),
      peer: firstRow.peer,
    };
  });
  const peers: DiagramPeer[] = analysis.peers.map((peer) => ({
    id: peer.id,
    name: peerName(peer),
    state: ipsecState(peer),
    summary: STATE_WORDS[ipsecState(peer)],
    status: withoutSuffix(peerStatus(peer), `: ${STATE_WORDS[ipsecState(peer)]}`),
    lane: peer.remote.map((a) => laneOf.get(a)).find((l) => l !== undefined),
  }));
  return {
    dialect,
    timeUnit,
    lineCount: parsed.lineCount,
    lanes,
    rows,
    flows,
    peers,
    message: undefined,
  };
}

/** Times to the microsecond, so that 0.1 + 0.2 reads 0.3. */
function roundTime(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function withoutSuffix(text: string, suffix: string): string {
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}
