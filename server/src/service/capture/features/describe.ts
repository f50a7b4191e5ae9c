// Words for packets, flows and ICMP messages, shared by diagnostics, hovers, the outline and the
// command line, so that all of them say the same thing the same way.
import * as l10n from '@vscode/l10n';
import type { Flow, Packet } from '../engine/analysis';
import type { FlowKind } from '../engine/flows';
import type { FlowFirstCopy } from '../engine/packetEvents';
import type { Encapsulation, PacketCopy } from '../reading/packet';
import { endpoint } from '../reading/packet';

/**
 * What a destination unreachable's code means (a function, not a table: the words are the
 * user's language's, known once the host has chose it). An explanation follows in ` (...)`, in
 * every language: icmpName cuts it off there.
 */
function unreachableMeaning(code: number): string | undefined {
  switch (code) {
    case 0:
      return l10n.t('network unreachable');
    case 1:
      return l10n.t('host unreachable');
    case 2:
      return l10n.t('protocol unreachable (the box refuses this IP protocol, e.g. ESP)');
    case 3:
      return l10n.t('port unreachable (nothing listens there, e.g. on UDP 500/4500)');
    case 4:
      return l10n.t('fragmentation needed but DF set (path MTU: worse with ESP overhead)');
    case 5:
      return l10n.t('source route failed');
    case 6:
      return l10n.t('destination network unknown');
    case 7:
      return l10n.t('destination host unknown');
    case 9:
      return l10n.t('network administratively prohibited');
    case 10:
      return l10n.t('host administratively prohibited');
    case 13:
      return l10n.t('communication administratively prohibited (a filter dropped it)');
    default:
      return undefined;
  }
}

/** What an ICMP type and code mean, in an engineer's words. */
export function icmpMeaning(type: number, code: number): string {
  switch (type) {
    case 0:
      return l10n.t('echo reply');
    case 8:
      return l10n.t('echo request');
    case 3:
      return l10n.t`destination unreachable: ${unreachableMeaning(code) ?? l10n.t`code ${code}`}`;
    case 11:
      return code === 0
        ? l10n.t(
            'time exceeded in transit (a router found the TTL run out: a routing loop or a wrong path)',
          )
        : l10n.t('time exceeded during fragment reassembly');
    case 4:
      return l10n.t('source quench');
    case 5:
      return l10n.t('redirect');
    case 12:
      return l10n.t('parameter problem');
    case 133:
      return l10n.t('router solicitation');
    case 134:
      return l10n.t('router advertisement');
    case 135:
      return l10n.t('neighbor solicitation');
    case 136:
      return l10n.t('neighbor advertisement');
    default:
      return l10n.t`type ${type} code ${code}`;
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
  const phase = ike.phase ? l10n.t` phase ${ike.phase}` : '';
  const role =
    ike.role === 'I' ? l10n.t(' (initiator)') : ike.role === 'R' ? l10n.t(' (responder)') : '';
  return `${version}${phase} ${ike.exchange}${role}`;
}

/** A short name of what a copy carries: `ESP spi 0x7eb7fb45 seq 0x1a`, `TCP SYN`, `ICMP echo request seq 7948`. */
export function packetKind(copy: PacketCopy): string {
  if (copy.esp)
    return `${copy.esp.encapsulated ? 'ESP in UDP' : 'ESP'} spi ${copy.esp.spi}${copy.esp.seq ? ` seq ${copy.esp.seq}` : ''}`;
  if (copy.ah) return `AH spi ${copy.ah.spi}${copy.ah.seq ? ` seq ${copy.ah.seq}` : ''}`;
  if (copy.ike) return ikeKind(copy);
  if (copy.tcp) return `TCP ${tcpFlagNames(copy.tcp.flags) || l10n.t('no flags')}`;
  if (copy.icmp) {
    const seq = copy.icmp.seq === undefined ? '' : ` seq ${copy.icmp.seq}`;
    return `${copy.protocol === 'icmp6' ? 'ICMPv6' : 'ICMP'} ${icmpName(copy.icmp.type, copy.icmp.code)}${seq}`;
  }
  if (copy.arp)
    return copy.arp.operation === 'request' ? l10n.t('ARP request') : l10n.t('ARP reply');
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
  e: 'AE', // AccECN (RFC 9768): tcpdump prints the AE bit as `e`
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
  return l10n.t`line ${copy.line + 1}`;
}

/** Where and how a copy was seen: `received by the balancer on port 1`, `sent by the balancer on slot1/tmm0 at 12:00:01.5`, `seen at 02:23:00.757048`. */
export function whereSeen(copy: PacketCopy): string {
  const way =
    copy.direction === 'in'
      ? l10n.t('received by the balancer')
      : copy.direction === 'out'
        ? l10n.t('sent by the balancer')
        : l10n.t('seen');
  if (copy.dialect === 'axdebug') return l10n.t`${way} on port ${copy.port ?? ''}`;
  const via = copy.via ? l10n.t` on ${copy.via}` : '';
  const as = copy.linkType ? l10n.t` as ${linkTypeName(copy.linkType)}` : '';
  const at = copy.time ? l10n.t` at ${copy.time}` : '';
  return `${way}${via}${as}${at}`;
}

/** What tcpdump -i any's B, M and P say of a received packet. */
function linkTypeName(type: NonNullable<PacketCopy['linkType']>): string {
  switch (type) {
    case 'broadcast':
      return l10n.t('a broadcast');
    case 'multicast':
      return l10n.t('a multicast');
    case 'other-host':
      return l10n.t('a packet for another host');
  }
}

/**
 * What a copy's packet was carried in, innermost layer first: `MPLS label 16, in GRE 10.0.0.1 →
 * 10.0.0.2 key 0x64`; '' when nothing is printed around it.
 */
export function carriedIn(copy: PacketCopy): string {
  const layers = copy.encapsulation ?? [];
  return [...layers].reverse().map(layerName).join(l10n.t(', in '));
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
        field === 'source'
          ? beforeAddress === afterAddress
            ? l10n.t('source port translation')
            : beforePort !== afterPort
              ? l10n.t('source NAT with port translation')
              : l10n.t('source NAT')
          : beforeAddress === afterAddress
            ? l10n.t('destination port translation')
            : beforePort !== afterPort
              ? l10n.t('destination NAT with port translation')
              : l10n.t('destination NAT');
      return back ? l10n.t`the ${kind} of the way out, undone` : kind;
    })
    .join(l10n.t(' and '));
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

/** `1 packet`, `2 packets` (in Chinese `2 个数据包`: each noun `count` is given is named here). */
export function count(n: number, noun: string): string {
  return countedNoun(n, noun) ?? `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A number of the nouns the service counts, in the user's language; undefined for another noun. */
function countedNoun(n: number, noun: string): string | undefined {
  const one = n === 1;
  switch (noun) {
    case 'packet':
      return one ? l10n.t('1 packet') : l10n.t('{0} packets', n);
    case 'connection':
      return one ? l10n.t('1 connection') : l10n.t('{0} connections', n);
    case 'flow':
      return one ? l10n.t('1 flow') : l10n.t('{0} flows', n);
    case 'peer':
      return one ? l10n.t('1 peer') : l10n.t('{0} peers', n);
    case 'IPsec peer':
      return one ? l10n.t('1 IPsec peer') : l10n.t('{0} IPsec peers', n);
    case 'ICMP error':
      return one ? l10n.t('1 ICMP error') : l10n.t('{0} ICMP errors', n);
    case 'TCP segment':
      return one ? l10n.t('1 TCP segment') : l10n.t('{0} TCP segments', n);
    case 'SYN':
      return one ? l10n.t('1 SYN') : l10n.t('{0} SYNs', n);
    case 'retransmission':
      return one ? l10n.t('1 retransmission') : l10n.t('{0} retransmissions', n);
    case 'more line':
      return one ? l10n.t('1 more line') : l10n.t('{0} more lines', n);
    case 'line':
      return one ? l10n.t('1 line') : l10n.t('{0} lines', n);
    case 'VIP':
      return one ? l10n.t('1 VIP') : l10n.t('{0} VIPs', n);
    default:
      return undefined;
  }
}
