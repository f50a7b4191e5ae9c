// Words for packets, flows and ICMP messages, shared by diagnostics, hovers, the outline and the
// command line, so that all of them say the same thing the same way.
import type { Flow, Packet } from '../engine/analysis';
import type { FlowKind } from '../engine/flows';
import type { FlowFirstCopy } from '../engine/packetEvents';
import type { Encapsulation, PacketCopy } from '../reading/packet';
import { endpoint } from '../reading/packet';

const ICMP_UNREACHABLE: Record<number, string> = {
  0: 'network unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable (the box refuses this IP protocol, e.g. ESP)',
  3: 'port unreachable (nothing listens there, e.g. on UDP 500/4500)',
  4: 'fragmentation needed but DF set (path MTU: worse with ESP overhead)',
  5: 'source route failed',
  6: 'destination network unknown',
  7: 'destination host unknown',
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
      return code === 0
        ? 'time exceeded in transit (a router found the TTL run out: a routing loop or a wrong path)'
        : 'time exceeded during fragment reassembly';
    case 4:
      return 'source quench';
    case 5:
      return 'redirect';
    case 12:
      return 'parameter problem';
    case 133:
      return 'router solicitation';
    case 134:
      return 'router advertisement';
    case 135:
      return 'neighbor solicitation';
    case 136:
      return 'neighbor advertisement';
    default:
      return `type ${type} code ${code}`;
  }
}

/** The name of an ICMP message without its explanation: `time exceeded in transit`. */
export function icmpName(type: number, code: number): string {
  return icmpMeaning(type, code).split(' (')[0];
}

/** What an IKE message is: `IKEv1 phase 1 ident (initiator)`, `NAT-T keepalive`, `IKE (UDP 500)`. */
export function ikeKind(copy: PacketCopy): string {
  const ike = copy.ike!;
  if (ike.keepalive) return 'NAT-T keepalive';
  // Only UDP 4500 may be NAT-T (IKE moved there, or ESP in UDP); UDP 500 is IKE itself.
  if (ike.exchange === '')
    return copy.srcPort === 4500 || copy.dstPort === 4500
      ? 'IKE or NAT-T (UDP 4500)'
      : 'IKE (UDP 500)';
  const version = ike.version ? `IKEv${ike.version}` : 'IKE';
  const phase = ike.phase ? ` phase ${ike.phase}` : '';
  const role = ike.role === 'I' ? ' (initiator)' : ike.role === 'R' ? ' (responder)' : '';
  return `${version}${phase} ${ike.exchange}${role}`;
}

/** A short name of what a copy carries: `ESP spi 0x7eb7fb45 seq 0x1a`, `TCP SYN`, `ICMP echo request seq 7948`. */
export function packetKind(copy: PacketCopy): string {
  if (copy.esp)
    return `${copy.esp.encapsulated ? 'ESP in UDP' : 'ESP'} spi ${copy.esp.spi}${copy.esp.seq ? ` seq ${copy.esp.seq}` : ''}`;
  if (copy.ah) return `AH spi ${copy.ah.spi}${copy.ah.seq ? ` seq ${copy.ah.seq}` : ''}`;
  if (copy.ike) return ikeKind(copy);
  if (copy.tcp) return `TCP ${tcpFlagNames(copy.tcp.flags) || 'no flags'}`;
  if (copy.icmp) {
    const seq = copy.icmp.seq === undefined ? '' : ` seq ${copy.icmp.seq}`;
    return `${copy.protocol === 'icmp6' ? 'ICMPv6' : 'ICMP'} ${icmpName(copy.icmp.type, copy.icmp.code)}${seq}`;
  }
  if (copy.arp) return copy.arp.operation === 'request' ? 'ARP request' : 'ARP reply';
  return copy.protocol.toUpperCase();
}

const TCP_FLAGS: Record<string, string> = {
  S: 'SYN',
  F: 'FIN',
  R: 'RST',
  P: 'PSH',
  U: 'URG',
  E: 'ECE',
  W: 'CWR',
  '.': 'ACK',
  A: 'ACK',
};

/** `S.` -> `SYN-ACK`, `R` -> `RST`, `P.` -> `PSH-ACK`. */
export function tcpFlagNames(flags: string): string {
  const names = [...new Set([...flags].map((f) => TCP_FLAGS[f] ?? f))];
  return names.join('-');
}

/** `10.1.1.254:22518 → 192.168.0.108:1521`. */
export function copyEnds(copy: PacketCopy): string {
  if (copy.dst === '') return copy.src;
  return `${endpoint(copy.src, copy.srcPort)} → ${endpoint(copy.dst, copy.dstPort)}`;
}

/** `line 9` (1-based, as the editor numbers lines). */
export function lineRef(copy: PacketCopy): string {
  return `line ${copy.line + 1}`;
}

/** Where and how a copy was seen: `received by the balancer on port 1`, `sent by the balancer on slot1/tmm0 at 12:00:01.5`, `seen at 02:23:00.757048`. */
export function whereSeen(copy: PacketCopy): string {
  const way =
    copy.direction === 'in'
      ? 'received by the balancer'
      : copy.direction === 'out'
        ? 'sent by the balancer'
        : 'seen';
  if (copy.dialect === 'axdebug') return `${way} on port ${copy.port}`;
  const via = copy.via ? ` on ${copy.via}` : '';
  const as = copy.linkType ? ` as ${LINK_TYPES[copy.linkType]}` : '';
  const at = copy.time ? ` at ${copy.time}` : '';
  return `${way}${via}${as}${at}`;
}

/** What tcpdump -i any's B, M and P say of a received packet. */
const LINK_TYPES: Record<NonNullable<PacketCopy['linkType']>, string> = {
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  'other-host': 'a packet for another host',
};

/**
 * What a copy's packet was carried in, innermost layer first: `MPLS label 16, in GRE 10.0.0.1 →
 * 10.0.0.2 key 0x64`; '' when nothing is printed around it.
 */
export function carriedIn(copy: PacketCopy): string {
  const layers = copy.encapsulation ?? [];
  return [...layers].reverse().map(layerName).join(', in ');
}

function layerName(layer: Encapsulation): string {
  const outer = `${endpoint(layer.src, layer.srcPort)} → ${endpoint(layer.dst, layer.dstPort)}`;
  const ipId = layer.ipId !== undefined ? ` (IP id ${layer.ipId})` : '';
  switch (layer.kind) {
    case 'vlan':
      return `VLAN ${layer.id}`;
    case 'mpls':
      return `MPLS label${layer.id.includes('/') ? 's' : ''} ${layer.id.split('/').join(', ')}`;
    case 'pppoe':
      return `PPPoE session ${layer.id}`;
    case 'ip-in-ip':
      return `IP in IP ${outer}${ipId}`;
    case 'gre':
      return `GRE ${outer}${layer.id ? ` key ${layer.id}` : ''}${ipId}`;
    case 'vxlan':
      return `VXLAN VNI ${layer.id} in UDP ${outer}${ipId}`;
  }
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

/**
 * The copy the balancer received: the one the dump marks received, else one it does not mark
 * sent; undefined when every copy was sent (a packet the balancer itself sent, such as its ping).
 */
export function receivedCopy(packet: Packet): PacketCopy | undefined {
  return (
    packet.copies.find((c) => c.direction === 'in') ??
    packet.copies.find((c) => c.direction !== 'out')
  );
}

/**
 * How the copies of one packet differ: the balancer's translation between receiving and sending
 * it. When the dump does not say which copy was received, the first one seen is taken as before.
 */
export function translationOf(packet: Packet): Rewrite[] {
  if (packet.copies.length < 2) return [];
  const received = packet.copies.find((c) => c.direction === 'in') ?? packet.copies[0];
  const sent =
    packet.copies.find((c) => c.direction === 'out' && c !== received) ??
    packet.copies.find((c) => c !== received)!;
  const rewrites: Rewrite[] = [];
  const from = (c: PacketCopy): string => endpoint(c.src, c.srcPort);
  const to = (c: PacketCopy): string => endpoint(c.dst, c.dstPort);
  if (from(received) !== from(sent))
    rewrites.push({ field: 'source', before: from(received), after: from(sent) });
  if (to(received) !== to(sent))
    rewrites.push({ field: 'destination', before: to(received), after: to(sent) });
  return rewrites;
}

/**
 * The translation in NAT's terms: `source NAT with port translation`, `destination NAT`. On a
 * packet that comes back in its flow (`back`), a rewrite undoes the translation of the way out:
 * the destination of a reply is rewritten because the request's source was.
 */
export function natKind(rewrites: readonly Rewrite[], back = false): string {
  return rewrites
    .map((r) => {
      const [beforeAddress, beforePort] = splitEnd(r.before);
      const [afterAddress, afterPort] = splitEnd(r.after);
      const field = back ? (r.field === 'source' ? 'destination' : 'source') : r.field;
      const kind =
        beforeAddress === afterAddress
          ? `${field} port translation`
          : beforePort !== afterPort
            ? `${field} NAT with port translation`
            : `${field} NAT`;
      return back ? `the ${kind} of the way out, undone` : kind;
    })
    .join(' and ');
}

/** `10.1.1.254:22518` -> [`10.1.1.254`, `22518`]; `[2001:db8::1]:500` -> [`2001:db8::1`, `500`]. */
function splitEnd(end: string): [string, string] {
  const m = /^\[(.*)\]:(\d+)$/.exec(end) ?? /^([^:]*):(\d+)$/.exec(end);
  return m ? [m[1], m[2]] : [end, ''];
}

/** A flow's name: `TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521`, `ESP spi 0x50a5abe3 10.1.1.254 → *.*.*.*`. */
export function flowName(flow: Flow): string {
  return flowNameOf(flow.kind, flow.packets[0].copies[0]);
}

/** A flow's name from its kind and its first packet's first copy (flowName). */
export function flowNameOf(kind: FlowKind, first: FlowFirstCopy): string {
  if (kind === 'esp' && first.esp)
    return `${first.esp.encapsulated ? 'ESP in UDP' : 'ESP'} spi ${first.esp.spi} ${first.src} → ${first.dst}`;
  if (kind === 'ah' && first.ah) return `AH spi ${first.ah.spi} ${first.src} → ${first.dst}`;
  const name =
    kind === 'icmp-echo'
      ? first.protocol === 'icmp6'
        ? 'ICMPv6 echo'
        : 'ICMP echo'
      : kind.toUpperCase();
  const id = kind === 'icmp-echo' && first.icmp?.id !== undefined ? ` id ${first.icmp.id}` : '';
  return `${name}${id} ${endpoint(first.src, first.srcPort)} ↔ ${endpoint(first.dst, first.dstPort)}`;
}

/** `1 packet`, `2 packets`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
