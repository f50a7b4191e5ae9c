// What each TCP flow did: who opened it (SYN), whether the other end accepted (SYN-ACK), who
// reset it, and which segments were sent again. Copies of one packet are one packet here, so a
// segment seen on both sides of the balancer is not taken for a retransmission.
import { fitted } from '../../collections';
import type { Flow, FlowDirection, Lookup } from './flows';
import type { Packet } from '../reading/packet';

/** A TCP flow's handshake, resets and retransmissions. */
export interface TcpConnection {
  /** The flow. */
  readonly flow: Flow;
  /** SYNs (without ACK), first and repeated. */
  readonly syns: Packet[];
  /** SYN-ACKs. */
  readonly synAcks: Packet[];
  /** Packets with RST set. */
  readonly resets: Packet[];
  /** Segments sent again by the same end with the same sequence number and length, each with the one it repeats. */
  readonly retransmissions: { readonly packet: Packet; readonly original: Packet }[];
}

/** True when TCP flags as printed (`S.`, `R`, `P.`, `FP.`) include the flag letter. */
export function hasFlag(flags: string, letter: 'S' | 'F' | 'R' | 'P' | 'ack'): boolean {
  return letter === 'ack' ? flags.includes('.') || flags.includes('A') : flags.includes(letter);
}

/**
 * The TCP connection of each TCP flow, each worked out when it is first asked for (a hover asks
 * for one flow's): the editor's diagnostics of a dump do not need them (checkFacts.ts folds its own).
 */
export function tcpConnections(
  directionOf: Lookup<Packet, FlowDirection>,
): Lookup<Flow, TcpConnection> {
  const known = new Map<Flow, TcpConnection>();
  const connectionOf = (flow: Flow): TcpConnection | undefined => {
    if (flow.kind !== 'tcp') return undefined;
    let connection = known.get(flow);
    if (!connection) known.set(flow, (connection = tcpConnection(flow, directionOf)));
    return connection;
  };
  return { get: connectionOf, has: (flow) => connectionOf(flow) !== undefined };
}

/** The TCP connection of a TCP flow. */
function tcpConnection(flow: Flow, directionOf: Lookup<Packet, FlowDirection>): TcpConnection {
  const connection = {
    flow,
    syns: [] as Packet[],
    synAcks: [] as Packet[],
    resets: [] as Packet[],
    retransmissions: [] as TcpConnection['retransmissions'],
  };
  const sent = new SentSegments<Packet>();
  for (const packet of flow.packets) {
    const copy = packet.copies[0];
    const tcp = copy.tcp;
    if (!tcp) continue;
    const syn = hasFlag(tcp.flags, 'S');
    if (syn && hasFlag(tcp.flags, 'ack')) connection.synAcks.push(packet);
    else if (syn) connection.syns.push(packet);
    if (hasFlag(tcp.flags, 'R')) connection.resets.push(packet);
    // A segment that occupies sequence space (data, SYN or FIN) sent again by the same end.
    if (tcp.seq === '' || (tcp.length === 0 && !syn && !hasFlag(tcp.flags, 'F'))) continue;
    const original = sent.first(
      directionOf.get(packet),
      copy,
      tcp,
      syn,
      hasFlag(tcp.flags, 'F'),
      packet,
    );
    if (original) connection.retransmissions.push({ packet, original });
  }
  // Kept as long as the dump is open: each list only the room its packets take (fitted).
  return {
    flow,
    syns: fitted(connection.syns),
    synAcks: fitted(connection.synAcks),
    resets: fitted(connection.resets),
    retransmissions: fitted(connection.retransmissions),
  };
}

/**
 * The TCP segments one connection sent so far, each by its end (its way in the flow, source
 * address and port), sequence number (as printed), length and SYN and FIN flags: what was noted
 * for it when it was first seen. A segment is keyed by a number when its sequence number is printed
 * plainly (seqNumber) and its length fits 17 bits, else by its text: a dump's hundreds of thousands
 * of segments make no key string each.
 */
export class SentSegments<T> {
  /** The ends seen, each with its segments (a connection has two ends; four, translated). */
  private readonly ends: {
    readonly direction: string | undefined;
    readonly src: string;
    readonly srcPort: number | undefined;
    readonly byNumber: Map<number, T>;
    byText: Map<string, T> | undefined;
  }[] = [];

  /**
   * What was noted for the segment of `copy` if it was sent before; else notes `value` for it.
   * `direction`: the packet's way in its flow.
   */
  first(
    direction: string | undefined,
    copy: { readonly src: string; readonly srcPort?: number },
    tcp: { readonly seq: string; readonly length: number },
    syn: boolean,
    fin: boolean,
    value: T,
  ): T | undefined {
    const { src, srcPort } = copy;
    let end = this.ends.find(
      (e) => e.direction === direction && e.src === src && e.srcPort === srcPort,
    );
    if (!end) {
      end = { direction, src, srcPort, byNumber: new Map(), byText: undefined };
      this.ends.push(end);
    }
    const flags = (syn ? 2 : 0) + (fin ? 1 : 0);
    const { seq, length } = tcp;
    const number = seqNumber(seq);
    if (number >= 0 && Number.isInteger(length) && length >= 0 && length < 0x20000) {
      const key = (number * 0x20000 + length) * 4 + flags;
      const original = end.byNumber.get(key);
      if (original === undefined) end.byNumber.set(key, value);
      return original;
    }
    const key = `${seq} ${length} ${flags}`;
    end.byText ??= new Map();
    const original = end.byText.get(key);
    if (original === undefined) end.byText.set(key, value);
    return original;
  }
}

/**
 * A sequence number as printed, as a number that tells texts apart: decimal digits (2 x their
 * value), or hex with at least one letter a-f (2 x their value + 1); -1 for any other text (a
 * leading zero, capitals, more than 32 bits), which is then keyed as written.
 */
export function seqNumber(seq: string): number {
  const length = seq.length;
  if (length === 0 || length > 10 || (length > 1 && seq.charCodeAt(0) === 48)) return -1;
  let decimal = 0;
  let hex = 0;
  let letters = false;
  for (let i = 0; i < length; i++) {
    const c = seq.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (c >= 97 && c <= 102) {
      digit = c - 87;
      letters = true;
    } else return -1;
    decimal = decimal * 10 + digit;
    hex = hex * 16 + digit;
  }
  if (letters) return hex <= 0xffffffff ? hex * 2 + 1 : -1;
  return decimal <= 0xffffffff ? decimal * 2 : -1;
}

/** What a reset did to its connection. */
export interface ResetOutcome {
  /** True when the RST answers the SYN: nothing but SYNs came before it (a connection refused). */
  readonly refused: boolean;
  /** How many packets of the connection came before the RST. */
  readonly after: number;
}

/**
 * Whether the first reset of a connection refused it or cut it off. An RST is "refused" only when
 * it answers the opening SYN (only SYNs before it); after a handshake, data or anything else the
 * connection was cut off after that many packets, whether or not the dump shows the SYN-ACK.
 */
export function resetOutcome(connection: TcpConnection): ResetOutcome | undefined {
  const reset = connection.resets[0];
  if (reset === undefined) return undefined;
  const packets = connection.flow.packets;
  let after = 0;
  let onlySyns = true;
  for (const packet of packets) {
    if (packet === reset) break;
    after++;
    const flags = packet.copies[0].tcp?.flags ?? '';
    if (!hasFlag(flags, 'S') || hasFlag(flags, 'ack')) onlySyns = false;
  }
  const refused = after > 0 && onlySyns && !hasFlag(reset.copies[0].tcp!.flags, 'S');
  return { refused, after };
}
