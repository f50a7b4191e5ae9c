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

/** The TCP connection of each TCP flow. */
export function tcpConnections(
  flows: readonly Flow[],
  directionOf: Lookup<Packet, FlowDirection>,
): Map<Flow, TcpConnection> {
  const connections = new Map<Flow, TcpConnection>();
  for (const flow of flows) {
    if (flow.kind !== 'tcp') continue;
    const connection = {
      flow,
      syns: [] as Packet[],
      synAcks: [] as Packet[],
      resets: [] as Packet[],
      retransmissions: [] as TcpConnection['retransmissions'],
    };
    const sent = new Map<string, Packet>();
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
      const key = `${directionOf.get(packet)} ${copy.src} ${copy.srcPort} ${tcp.seq} ${tcp.length} ${syn ? 'S' : ''}${hasFlag(tcp.flags, 'F') ? 'F' : ''}`;
      const original = sent.get(key);
      if (original) connection.retransmissions.push({ packet, original });
      else sent.set(key, packet);
    }
    // Kept as long as the dump is open: each list only the room its packets take (fitted).
    connections.set(flow, {
      flow,
      syns: fitted(connection.syns),
      synAcks: fitted(connection.synAcks),
      resets: fitted(connection.resets),
      retransmissions: fitted(connection.retransmissions),
    });
  }
  return connections;
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
