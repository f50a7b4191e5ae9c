// Words for packets, flows and ICMP messages, shared by diagnostics and hovers so that both
// say the same thing the same way.
import type { Flow, Packet } from './analysis';
import type { PacketCopy } from './packet';
import { endpoint } from './packet';

const ICMP_UNREACHABLE: Record<number, string> = {
  0: 'network unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable (the box refuses this IP protocol, e.g. ESP)',
  3: 'port unreachable (nothing listens there, e.g. on UDP 500/4500)',
  4: 'fragmentation needed but DF set (path MTU: worse with ESP overhead)',
  9: 'network administratively prohibited',
  10: 'host administratively prohibited',
  13: 'communication administratively prohibited (a filter dropped it)',
};

/** What an ICMP type and code mean, in an engineer's words. */
export function icmpMeaning(type: number, code: number): string {
  switch (type) {
    case 0:
      return 'echo reply';
    case 8:
      return 'echo request';
    case 3:
      return `destination unreachable: ${ICMP_UNREACHABLE[code] ?? `code ${code}`}`;
    case 11:
      return code === 0 ? 'time exceeded in transit (a router found the TTL run out: a routing loop or a wrong path)' : 'time exceeded during fragment reassembly';
    case 4:
      return 'source quench';
    case 5:
      return 'redirect';
    case 12:
      return 'parameter problem';
    default:
      return `type ${type} code ${code}`;
  }
}

/** The name of an ICMP message without its explanation: `time exceeded in transit`. */
export function icmpName(type: number, code: number): string {
  return icmpMeaning(type, code).split(' (')[0];
}

/** A short name of what a copy carries: `ESP spi 0x7eb7fb45 seq 0x1a`, `TCP SYN`, `ICMP echo request seq 7948`. */
export function packetKind(copy: PacketCopy): string {
  if (copy.esp) return `ESP spi ${copy.esp.spi}${copy.esp.seq ? ` seq ${copy.esp.seq}` : ''}`;
  if (copy.tcp) return `TCP ${tcpFlagNames(copy.tcp.flags)}`;
  if (copy.icmp) {
    const seq = copy.icmp.seq === undefined ? '' : ` seq ${copy.icmp.seq}`;
    return `ICMP ${icmpName(copy.icmp.type, copy.icmp.code)}${seq}`;
  }
  return copy.protocol.toUpperCase();
}

const TCP_FLAGS: Record<string, string> = { S: 'SYN', F: 'FIN', R: 'RST', P: 'PSH', U: 'URG', E: 'ECE', W: 'CWR', '.': 'ACK', A: 'ACK' };

/** `S.` -> `SYN-ACK`, `R` -> `RST`, `P.` -> `PSH-ACK`. */
export function tcpFlagNames(flags: string): string {
  const names = [...new Set([...flags].map((f) => TCP_FLAGS[f] ?? f))];
  return names.join('-');
}

/** `10.1.1.254:22518 → 192.168.0.108:1521`. */
export function copyEnds(copy: PacketCopy): string {
  return `${endpoint(copy.src, copy.srcPort)} → ${endpoint(copy.dst, copy.dstPort)}`;
}

/** `line 9` (1-based, as the editor numbers lines). */
export function lineRef(copy: PacketCopy): string {
  return `line ${copy.line + 1}`;
}

/** One field the balancer rewrote between receiving a packet and sending it. */
export interface Rewrite {
  /** `source` (source NAT) or `destination` (destination NAT). */
  readonly field: 'source' | 'destination';
  /** The end as received: `10.1.1.254:22518`. */
  readonly before: string;
  /** The end as sent: `183.62.*.*:2614`. */
  readonly after: string;
}

/** How the copies of one packet differ: the balancer's translation between receiving and sending it. */
export function translationOf(packet: Packet): Rewrite[] {
  const received = packet.copies.find((c) => c.direction === 'in');
  const sent = packet.copies.find((c) => c.direction === 'out');
  if (!received || !sent) return [];
  const rewrites: Rewrite[] = [];
  const from = (c: PacketCopy): string => endpoint(c.src, c.srcPort);
  const to = (c: PacketCopy): string => endpoint(c.dst, c.dstPort);
  if (from(received) !== from(sent)) rewrites.push({ field: 'source', before: from(received), after: from(sent) });
  if (to(received) !== to(sent)) rewrites.push({ field: 'destination', before: to(received), after: to(sent) });
  return rewrites;
}

/** A flow's name: `TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521`, from its first copy. */
export function flowName(flow: Flow): string {
  const first = flow.packets[0].copies[0];
  const kind = flow.kind === 'icmp-echo' ? 'ICMP echo' : flow.kind.toUpperCase();
  return `${kind} ${endpoint(first.src, first.srcPort)} ↔ ${endpoint(first.dst, first.dstPort)}`;
}
