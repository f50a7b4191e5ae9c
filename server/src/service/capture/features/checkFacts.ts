// What the capture checks (validation.ts) need of a dump, folded packet by packet: per IPsec
// peer, per SA, per TCP connection and per group of findings, counts and the first few packets
// each finding cites, never a list of every packet. The editor folds its analysis's packets; the
// command line folds a dump of any size as it streams by (engine/streaming.ts): memory grows with
// flows, peers and hosts, not with lines.
import type { LineRun } from '../reading/parser';
import type { Dialect, EspDetails, IkeDetails, Packet, PacketCopy } from '../reading/packet';
import { endpoint, isIcmpError, isPrivateAddress } from '../reading/packet';
import type { IpsecDirection } from '../engine/ipsec';
import { hasFlag, SentSegments } from '../engine/connections';
import type { FlowRef, PacketEvent, PeerRef } from '../engine/packetEvents';

/** How many items of a list a finding may cite: its first and the 50 it lists as related. */
export const KEPT = 51;

/** The first KEPT items of a list, and how many there were. */
export class Sample<T> {
  readonly items: T[] = [];
  count = 0;

  /** False once the items can no longer be reported: they are dropped, and only counted. */
  keeping = true;

  add(item: T): void {
    if (this.keeping && this.items.length < KEPT) this.items.push(item);
    this.count++;
  }

  /** Drops the items, counting on. */
  drop(): void {
    this.keeping = false;
    this.items.length = 0;
  }
}

/** One SA (an SPI one way) as the checks see it. */
export interface SaFacts {
  readonly spi: string;
  readonly direction: IpsecDirection;
  readonly encapsulated: boolean;
  /** Its packets: how many, and the first copy of the first few. */
  readonly packets: Sample<PacketCopy>;
  /** Every copy of its packets, in order: how many, and the first few. */
  readonly copies: Sample<PacketCopy>;
  /** The first copy whose source is not the first copy's (the balancer translated it). */
  translated: PacketCopy | undefined;
  /** Its first packet (until data goes both ways with its peer: then no finding cites it). */
  first: Packet | undefined;
}

/** An IPsec peer as the checks see it (ipsec.ts builds the same from a whole dump). */
export interface PeerFacts {
  readonly id: number;
  readonly remote: readonly string[];
  /** Out to the peer, or back from it (ipsec.ts). */
  directionOf(packet: Packet): IpsecDirection;
  /** The local end's addresses, inside and translated, in order of appearance. */
  readonly local: string[];
  readonly sas: SaFacts[];
  /** IKE messages (keepalives excluded) out and back, and those of phase 2. */
  readonly ike: { out: number; back: number; phase2: number };
  /** IKE packets other than keepalives: how many, the first one's IKE copy and packet, and the IKE copies back from the peer. */
  ikeCount: number;
  ikeFirst: PacketCopy | undefined;
  ikeFirstPacket: Packet | undefined;
  readonly ikeBack: Sample<PacketCopy>;
  /** The addresses IKE (keepalives too) shows the peer, in order, and the first IKE packet's. */
  readonly ikeFacing: string[];
  ikeFacingCopy: PacketCopy | undefined;
  /** Each address ESP shows the peer, with the first copy that shows it, in order. */
  readonly espFacing: Map<string, PacketCopy>;
  /** Any ESP out, any ESP back (the outgoing one translated). */
  espOutTranslated: boolean;
  /** AH packets: how many, which ways, the first and the first translated one. */
  ah: number;
  ahOut: boolean;
  ahBack: boolean;
  firstAh: Packet | undefined;
  translatedAh: Packet | undefined;
  /** The first copy that shows NAT traversal, and its packet. */
  natTraversal: PacketCopy | undefined;
  natTraversalPacket: Packet | undefined;
  /** The first IPsec packet whose copies show a translation. */
  translated: Packet | undefined;
  /** IKE packets out to the peer: the first with two copies, else the first. */
  ikeOut: Packet | undefined;
}

/** A retransmitted segment: its first copy, and the first line of the one it repeats. */
export interface Repeat {
  readonly copy: PacketCopy;
  readonly original: number;
}

/** A TCP connection (a TCP flow) as the checks see it (connections.ts builds the same whole). */
export interface ConnectionFacts {
  readonly flow: FlowRef;
  /** SYNs without ACK: the first copy of the first few (dropped once answered or reset). */
  readonly syns: Sample<PacketCopy>;
  /** The first SYN's destination (the server), and the copy it leaves as, translated. */
  server: string | undefined;
  synTranslated: PacketCopy | undefined;
  synAcks: number;
  /** Packets with RST: how many, and the first one's first copy. */
  resets: number;
  firstReset: PacketCopy | undefined;
  /** Packets before the first reset, and whether all were SYNs (resetOutcome). */
  before: number;
  onlySyns: boolean;
  /** Segments sent again: SYNs and the rest (a SYN repeated counts only when the SYN was answered). */
  readonly synRepeats: Sample<Repeat>;
  readonly otherRepeats: Sample<Repeat>;
  /** The first ICMP error reporting on the flow. */
  firstError: PacketCopy | undefined;
}

/** An ICMP error (its first copy) and the packet it reports on (that packet's first copy). */
export interface ErrorFacts {
  readonly copy: PacketCopy;
  readonly cause: PacketCopy | undefined;
  readonly flow: FlowRef | undefined;
}

/** How an inside host was seen translated: protocols, the addresses it became, an example. */
export interface TranslatedHost {
  readonly protocols: Set<string>;
  readonly to: Set<string>;
  readonly example: PacketCopy;
}

/** Lines not understood: the first runs, and the rest summed up. */
export interface UnrecognisedFacts {
  readonly runs: LineRun[];
  /** How many runs came after the first ones, how many lines they hold, and the first of them. */
  rest: number;
  restLines: number;
  restFirst: LineRun | undefined;
}

/** The packet a finding starts on (the first copy of a group), and its IPsec peer. */
export interface Anchor {
  readonly copy: PacketCopy;
  readonly packet: Packet;
  readonly peer: PeerFacts | undefined;
}

/** What the checks need of a dump. */
export interface CheckFacts {
  readonly dialect: Dialect | undefined;
  /** By line: the packets findings start on, what the configuration joins them with (join/captureFindings.ts). */
  readonly anchors: ReadonlyMap<number, Anchor>;
  readonly peers: readonly PeerFacts[];
  /** TCP connections in order of their flows. */
  readonly connections: readonly ConnectionFacts[];
  /** Copies sent with a private source untranslated, by inside host, protocol and way out. */
  readonly untranslated: ReadonlyMap<string, Sample<PacketCopy>>;
  readonly translatedHosts: ReadonlyMap<string, TranslatedHost>;
  /** ICMP errors by kind and the flow they report on. */
  readonly errors: ReadonlyMap<string, Sample<ErrorFacts>>;
  readonly unrecognised: UnrecognisedFacts;
}

/** How many runs of lines not understood are reported one by one. */
export const RUNS_REPORTED = 20;

/** The protocol a finding names: ESP (not in UDP) apart from what carries it. */
export function protocolOf(c: PacketCopy): string {
  const protocol = c.protocol;
  // ESP is named 'esp' either way; any other copy's ESP header is read once (a copy kept as a row makes it anew each time).
  if (protocol === 'esp') return protocol;
  const esp = c.esp;
  return esp && !esp.encapsulated ? 'esp' : protocol;
}

/** Folds a dump's packets (PacketEvent, in order) and its lines not understood into CheckFacts. */
export class CheckFolder {
  private readonly peers = new Map<number, { ref: PeerRef; facts: PeerFacts }>();
  private readonly connections = new Map<number, ConnectionFacts>();
  private readonly untranslated = new Map<string, Sample<PacketCopy>>();
  /** Copies only seen going out with a private source, by key: they count once the host is seen translated. */
  private readonly lone = new Map<string, { src: string; copies: Sample<PacketCopy> }>();
  private readonly translatedHosts = new Map<string, TranslatedHost>();
  private readonly errors = new Map<string, Sample<ErrorFacts>>();
  private readonly anchors = new Map<number, Anchor>();
  /** Each TCP segment sent so far, by flow (its id), then end, sequence number and length: its packet's first line. */
  private readonly sent = new Map<number, SentSegments<number>>();
  /** isPrivateAddress of each address met (a dump names a host on many lines, with one string when read as rows). */
  private readonly privateAddresses = new Map<string, boolean>();
  private readonly unrecognised: UnrecognisedFacts = {
    runs: [],
    rest: 0,
    restLines: 0,
    restFirst: undefined,
  };

  /** Folds one run of lines not understood (in line order). */
  run(run: LineRun): void {
    const u = this.unrecognised;
    if (u.runs.length < RUNS_REPORTED) {
      u.runs.push(run);
      return;
    }
    u.rest++;
    u.restLines += run.lastLine - run.firstLine + 1;
    u.restFirst ??= run;
  }

  /** Folds one packet (in order of first copy). */
  packet(event: PacketEvent): void {
    const { packet } = event;
    this.sources(packet);
    if (isIcmpError(packet.copies[0])) this.error(event);
    else if (event.flow?.kind === 'tcp') this.connection(event.flow, event);
    if (event.peer) this.peer(event.peer, packet);
  }

  /** Notes the packet a finding may start on (a group's first copy). */
  private anchor(copy: PacketCopy, packet: Packet, peer?: PeerFacts): void {
    const known = this.anchors.get(copy.line);
    if (!known || (!known.peer && peer)) this.anchors.set(copy.line, { copy, packet, peer });
  }

  /** The facts, once every packet is folded. */
  finish(dialect: Dialect | undefined): CheckFacts {
    for (const [key, { src, copies }] of this.lone) {
      if (!this.translatedHosts.has(src)) continue;
      let sample = this.untranslated.get(key);
      if (!sample) this.untranslated.set(key, (sample = new Sample()));
      for (const copy of copies.items) sample.add(copy);
      sample.count += copies.count - copies.items.length;
    }
    this.sent.clear();
    for (const { facts: peer } of this.peers.values()) {
      for (const sa of peer.sas) if (sa.first) this.anchor(sa.first.copies[0], sa.first, peer);
      if (peer.ikeFirst && peer.ikeFirstPacket)
        this.anchor(peer.ikeFirst, peer.ikeFirstPacket, peer);
    }
    return {
      dialect,
      anchors: this.anchors,
      peers: [...this.peers.values()].map((p) => p.facts).sort((a, b) => a.id - b.id),
      connections: [...this.connections.values()].sort((a, b) => a.flow.id - b.flow.id),
      untranslated: this.untranslated,
      translatedHosts: this.translatedHosts,
      errors: this.errors,
      unrecognised: this.unrecognised,
    };
  }

  /** Private sources sent out untranslated, and the hosts the balancer does translate. */
  private sources(packet: Packet): void {
    const copies = packet.copies;
    let received: PacketCopy | undefined;
    let firstOut: PacketCopy | undefined;
    for (let i = 0; i < copies.length && !received; i++) {
      const direction = copies[i].direction;
      if (direction === 'in') received = copies[i];
      else if (direction === 'out') firstOut ??= copies[i];
    }
    if (!received) {
      const sent = firstOut;
      if (
        sent &&
        sent.dialect === 'tcpdump' &&
        this.isPrivate(sent.src) &&
        !this.isPrivate(sent.dst)
      ) {
        const key = `${sent.src} ${protocolOf(sent)} ${sent.via ?? ''}`;
        let lone = this.lone.get(key);
        if (!lone) this.lone.set(key, (lone = { src: sent.src, copies: new Sample() }));
        if (lone.copies.count === 0) this.anchor(sent, packet);
        lone.copies.add(sent);
      }
      return;
    }
    if (!this.isPrivate(received.src)) return;
    for (let i = 0; i < copies.length; i++) {
      const sent = copies[i];
      if (sent.direction !== 'out') continue;
      if (sent.dialect === 'axdebug' ? sent.port === received.port : this.isPrivate(sent.dst))
        continue;
      if (sent.src === received.src) {
        const key = `${received.src} ${protocolOf(sent)} ${sent.port ?? sent.via ?? ''}`;
        let sample = this.untranslated.get(key);
        if (!sample) this.untranslated.set(key, (sample = new Sample()));
        if (sample.count === 0) this.anchor(sent, packet);
        sample.add(sent);
      } else {
        let seen = this.translatedHosts.get(received.src);
        if (!seen)
          this.translatedHosts.set(
            received.src,
            (seen = { protocols: new Set(), to: new Set(), example: sent }),
          );
        seen.protocols.add(protocolOf(sent));
        seen.to.add(sent.src);
      }
    }
  }

  private error(event: PacketEvent): void {
    const copy = event.packet.copies[0];
    const key = `${copy.icmp!.type}/${copy.icmp!.code} ${event.flow ? `flow ${event.flow.id}` : `to ${copy.dst}`}`;
    let sample = this.errors.get(key);
    if (!sample) this.errors.set(key, (sample = new Sample()));
    sample.add({ copy, cause: event.cause?.copies[0], flow: event.flow });
    if (event.flow?.kind === 'tcp') {
      const connection = this.connectionOf(event.flow);
      connection.firstError ??= copy;
    }
  }

  private connectionOf(flow: FlowRef): ConnectionFacts {
    let connection = this.connections.get(flow.id);
    if (!connection)
      this.connections.set(
        flow.id,
        (connection = {
          flow,
          syns: new Sample(),
          server: undefined,
          synTranslated: undefined,
          synAcks: 0,
          resets: 0,
          firstReset: undefined,
          before: 0,
          onlySyns: true,
          synRepeats: new Sample(),
          otherRepeats: new Sample(),
          firstError: undefined,
        }),
      );
    return connection;
  }

  /** What connections.ts learns of a TCP packet: handshake, reset, segment sent again. */
  private connection(flow: FlowRef, event: PacketEvent): void {
    const connection = this.connectionOf(flow);
    const packet = event.packet;
    const copy = packet.copies[0];
    const tcp = copy.tcp;
    const flags = tcp?.flags ?? '';
    if (connection.firstReset === undefined) {
      if (tcp && hasFlag(flags, 'R')) connection.firstReset = copy;
      else {
        connection.before++;
        if (!hasFlag(flags, 'S') || hasFlag(flags, 'ack')) connection.onlySyns = false;
      }
    }
    if (!tcp) return;
    const syn = hasFlag(tcp.flags, 'S');
    if (syn && hasFlag(tcp.flags, 'ack')) connection.synAcks++;
    else if (syn) {
      if (connection.server === undefined) {
        connection.server = endpoint(copy.dst, copy.dstPort);
        connection.synTranslated = packet.copies.find((c) => c.src !== copy.src);
      }
      connection.syns.add(copy);
    }
    if (hasFlag(tcp.flags, 'R')) connection.resets++;
    // An answered or reset connection is no "SYN without SYN-ACK": its SYNs are only counted.
    if ((connection.synAcks > 0 || connection.resets > 0) && connection.syns.keeping)
      connection.syns.drop();
    if (tcp.seq === '' || (tcp.length === 0 && !syn && !hasFlag(tcp.flags, 'F'))) return;
    let sent = this.sent.get(flow.id);
    if (!sent) this.sent.set(flow.id, (sent = new SentSegments<number>()));
    const original = sent.first(
      event.direction,
      copy,
      tcp,
      syn,
      hasFlag(tcp.flags, 'F'),
      copy.line,
    );
    if (original !== undefined)
      (syn ? connection.synRepeats : connection.otherRepeats).add({ copy, original });
  }

  /** isPrivateAddress, asked once per address. */
  private isPrivate(address: string): boolean {
    let known = this.privateAddresses.get(address);
    if (known === undefined)
      this.privateAddresses.set(address, (known = isPrivateAddress(address)));
    return known;
  }

  /** What ipsec.ts learns of a peer's packet, and what the checks look at. */
  private peer(ref: PeerRef, packet: Packet): void {
    let entry = this.peers.get(ref.id);
    if (!entry) {
      entry = {
        ref,
        facts: {
          id: ref.id,
          remote: ref.remote,
          directionOf: (p) => ref.directionOf(p),
          local: [],
          sas: [],
          ike: { out: 0, back: 0, phase2: 0 },
          ikeCount: 0,
          ikeFirst: undefined,
          ikeFirstPacket: undefined,
          ikeBack: new Sample(),
          ikeFacing: [],
          ikeFacingCopy: undefined,
          espFacing: new Map(),
          espOutTranslated: false,
          ah: 0,
          ahOut: false,
          ahBack: false,
          firstAh: undefined,
          translatedAh: undefined,
          natTraversal: undefined,
          natTraversalPacket: undefined,
          translated: undefined,
          ikeOut: undefined,
        },
      };
      this.peers.set(ref.id, entry);
    }
    const peer = entry.facts;
    const remote = ref.remote;
    const copies = packet.copies;
    for (let i = 0; i < copies.length; i++) {
      noteLocal(peer.local, remote, copies[i].src);
      noteLocal(peer.local, remote, copies[i].dst);
    }
    const direction = ref.directionOf(packet);
    // Each header read once: a copy kept as a row makes it anew each time it is read.
    let copy: PacketCopy | undefined;
    let ike: IkeDetails | undefined;
    let esp: EspDetails | undefined;
    for (let i = 0; i < copies.length; i++) {
      const c = copies[i];
      ike = c.ike;
      esp = c.esp;
      if (esp || ike || c.ah) {
        copy = c;
        break;
      }
    }
    copy = copy!;
    if (!peer.natTraversal) {
      const shown = packet.copies.find((c) =>
        c === copy
          ? ike?.natTraversal === true || esp?.encapsulated === true
          : c.ike?.natTraversal === true || c.esp?.encapsulated === true,
      );
      if (shown) {
        peer.natTraversal = shown;
        peer.natTraversalPacket = packet;
      }
    }
    if (!peer.translated && packet.copies.some((c) => c.src !== copy.src || c.dst !== copy.dst))
      peer.translated = packet;
    if (ike) {
      const facing = facingOf(remote, direction, packet);
      if (!peer.ikeFacing.includes(facing.address)) peer.ikeFacing.push(facing.address);
      peer.ikeFacingCopy ??= facing.copy;
      if (
        direction === 'out' &&
        (!peer.ikeOut || (peer.ikeOut.copies.length < 2 && packet.copies.length > 1))
      )
        peer.ikeOut = packet;
      const ikeCopy = packet.copies.find((c) => c.ike !== undefined) ?? packet.copies[0];
      if (ikeCopy.ike?.keepalive !== true) {
        if (peer.ikeCount++ === 0 && !bothWays(peer)) {
          peer.ikeFirst = ikeCopy;
          peer.ikeFirstPacket = packet;
        }
        if (direction === 'back') peer.ikeBack.add(ikeCopy);
      }
      if (ike.keepalive) return;
      peer.ike[direction]++;
      if (ike.phase === 2) peer.ike.phase2++;
    } else if (esp) {
      const facing = facingOf(remote, direction, packet);
      if (!peer.espFacing.has(facing.address)) {
        peer.espFacing.set(facing.address, facing.copy);
        this.anchor(facing.copy, packet, peer);
      }
      if (direction === 'out' && packet.copies.some((c) => c.src !== packet.copies[0].src))
        peer.espOutTranslated = true;
      const spi = esp.spi;
      let sa = peer.sas.find((s) => s.direction === direction && s.spi === spi);
      if (!sa) {
        sa = {
          spi,
          direction,
          encapsulated: esp.encapsulated,
          packets: new Sample(),
          copies: new Sample(),
          translated: undefined,
          first: packet,
        };
        peer.sas.push(sa);
        if (bothWays(peer)) forget(peer);
      }
      sa.packets.add(packet.copies[0]);
      if (sa.copies.keeping) {
        const first = sa.copies.items[0] ?? packet.copies[0];
        for (const c of packet.copies) {
          sa.copies.add(c);
          if (sa.translated === undefined && c.src !== first.src) sa.translated = c;
        }
      } else sa.copies.count += packet.copies.length;
    } else if (copy.ah) {
      peer.ah++;
      if (direction === 'out') peer.ahOut = true;
      else peer.ahBack = true;
      if (bothWays(peer)) forget(peer);
      peer.firstAh ??= packet;
      if (
        !peer.translatedAh &&
        packet.copies.some((c) => c.src !== packet.copies[0].src || c.dst !== packet.copies[0].dst)
      )
        peer.translatedAh = packet;
    }
  }
}

/** The address a packet shows the peer: the local end of its outside copy (a public one if any copy has it). */
export function facingOf(
  remote: readonly string[],
  direction: IpsecDirection,
  packet: Packet,
): { address: string; copy: PacketCopy } {
  const copies = packet.copies;
  for (const copy of copies) {
    const address = direction === 'out' ? copy.src : copy.dst;
    if (!isPrivateAddress(address) && !remote.includes(address)) return { address, copy };
  }
  const copy = copies[copies.length - 1];
  return { address: direction === 'out' ? copy.src : copy.dst, copy };
}

/** Adds an address of a peer's packet to the local end's, unless it is the peer's or known. */
function noteLocal(local: string[], remote: readonly string[], address: string): void {
  if (address !== '' && !remote.includes(address) && !local.includes(address)) local.push(address);
}

/** True once data (ESP or AH) went both ways with a peer: its tunnel is not "up with no data". */
function bothWays(peer: PeerFacts): boolean {
  return (
    (peer.ahOut || peer.sas.some((sa) => sa.direction === 'out')) &&
    (peer.ahBack || peer.sas.some((sa) => sa.direction === 'back'))
  );
}

/**
 * Drops what only the findings of a peer with data one way cite, once data went both ways: the
 * IKE packets "tunnel up, no data" cites and, once ESP went both ways, what a one-way SA cites.
 */
function forget(peer: PeerFacts): void {
  peer.ikeBack.drop();
  peer.ikeFirst = undefined;
  peer.ikeFirstPacket = undefined;
  const out = peer.sas.some((sa) => sa.direction === 'out');
  const back = peer.sas.some((sa) => sa.direction === 'back');
  if (!out || !back) return;
  for (const sa of peer.sas) {
    sa.packets.drop();
    sa.copies.drop();
    sa.translated = undefined;
    sa.first = undefined;
  }
}
