// A decoded frame in the words `tcpdump -# -nn -v -S` prints it (numbered, no names, the -v IP
// header, absolute TCP sequence numbers), so that a binary capture opens as the text the tcpdump
// dialect reads, with every capture feature. Where tcpdump would print an application protocol
// (DNS, NTP, ...) this prints `UDP, length N`; IPv6 extension headers are named inside the -v
// header, so that the header names the transport. Time stamps are UTC.
import { f5CaptureInfoText, type F5Trailer } from './f5';
import type { RawPacket } from './file';
import {
  type DecodedArp,
  type DecodedFrame,
  type DecodedIp,
  ikeExchangeName,
  ipProtocolName,
  type IcmpMessage,
} from './decode';

/** The packet's first line starts with its number, as tcpdump -# prints it (`%5u  `). */
function numbered(number: number): string {
  const text = String(number);
  return text.length >= 5 ? `${text}  ` : `${'     '.slice(text.length)}${text}  `;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `HH:MM:SS.ffffff` (or nine digits for nanosecond files), UTC. */
export function timeText(seconds: number, nanos: number, digits: 6 | 9): string {
  const day = ((seconds % 86_400) + 86_400) % 86_400;
  const hours = Math.floor(day / 3600);
  const minutes = Math.floor((day % 3600) / 60);
  const fraction =
    digits === 9
      ? String(nanos).padStart(9, '0')
      : String(Math.floor(nanos / 1000)).padStart(6, '0');
  return `${TWO[hours]}:${TWO[minutes]}:${TWO[day % 60]}.${fraction}`;
}

/** The text of one packet: one line, or a first line and the indented lines tcpdump -v continues it on. */
export function packetText(raw: RawPacket, frame: DecodedFrame): string {
  if (frame.f5Info) return f5CaptureInfoText(frame.f5Info, raw.number);
  const suffix = frame.f5 ? f5Suffix(frame.f5) : '';
  const head = `${numbered(raw.number)}${timeText(raw.seconds, raw.nanos, raw.digits)} ${
    frame.packetType === undefined ? '' : `${frame.packetType} `
  }`;
  if (frame.ip) return head + ipText(frame.ip, '', suffix);
  if (frame.arp) return `${head}${arpText(frame.arp)}${suffix}`;
  return `${head}${frame.other ?? ''}${suffix}`;
}

/**
 * What F5's tcpdump prints after a packet that carries its trailer: ` in slot1/tmm0 lis=/Common/vs`
 * (low noise), the interface and trunk where the trailer names them, then `key=value` words for
 * medium noise (`flowtype=64 flowid=56000000B200 peerid=5600000AB300 conflags=... inslot=...
 * inport=... haunit=... priority=...`, a reset's `rstcause="..."`) and high noise (`peerremote=
 * peerlocal= remoteport= localport= proto= vlan=`: the peer flow, addresses written out).
 */
export function f5Suffix(t: F5Trailer): string {
  let text = ` ${t.direction} slot${t.slot}/tmm${t.tmm} lis=${t.virtualServer}`;
  if (t.port !== undefined) text += ` port=${t.port}`;
  if (t.trunk !== undefined) text += ` trunk=${t.trunk}`;
  if (t.flowType !== undefined) text += ` flowtype=${t.flowType}`;
  if (t.flowId !== undefined) text += ` flowid=${t.flowId} peerid=${t.peerId ?? '0'}`;
  if (t.connFlags !== undefined) text += ` conflags=${t.connFlags}`;
  if (t.ingressSlot !== undefined) text += ` inslot=${t.ingressSlot} inport=${t.ingressPort ?? 0}`;
  if (t.haUnit !== undefined) text += ` haunit=${t.haUnit}`;
  if (t.priority !== undefined) text += ` priority=${t.priority}`;
  if (t.resetCause !== undefined) text += ` rstcause="${t.resetCause.replace(/"/g, "'")}"`;
  const peer = t.peer;
  if (peer)
    text += ` peerremote=${peer.remote} peerlocal=${peer.local} remoteport=${peer.remotePort} localport=${peer.localPort} proto=${peer.protocol} vlan=${peer.vlan}`;
  return text;
}

/** ARP as tcpdump -v prints it. */
function arpText(arp: DecodedArp): string {
  const head = 'ARP, Ethernet (len 6), IPv4 (len 4), ';
  if (arp.operation === 1)
    return `${head}Request who-has ${arp.targetIp} tell ${arp.senderIp}, length ${arp.length}`;
  if (arp.operation === 2)
    return `${head}Reply ${arp.senderIp} is-at ${arp.senderMac}, length ${arp.length}`;
  return `${head}Unknown (${arp.operation}), length ${arp.length}`;
}

/** IP -v: the header, then (IPv4) on an indented line the addresses and what the transport says. */
function ipText(d: DecodedIp, indent: string, suffix: string): string {
  const ip = d.ip;
  if (ip.version === 4) {
    const flags = [ip.moreFragments ? '+' : '', ip.dontFragment ? 'DF' : '']
      .filter((f) => f !== '')
      .join(', ');
    const header = `IP (tos 0x${ip.tos.toString(16)}, ttl ${ip.ttl}, id ${ip.id}, offset ${ip.offset}, flags [${flags || 'none'}], proto ${ipProtocolName(ip.protocol)} (${ip.protocol}), length ${ip.length})`;
    return `${header}${suffix}\n    ${addressText(d)}${bodyText(d, indent)}`;
  }
  const parts: string[] = [];
  if (ip.trafficClass !== 0)
    parts.push(`class 0x${ip.trafficClass.toString(16).padStart(2, '0')}, `);
  if (ip.flowLabel !== 0) parts.push(`flowlabel 0x${ip.flowLabel.toString(16).padStart(5, '0')}, `);
  const extensions = ip.extensions.length > 0 ? `, ${ip.extensions.join(', ')}` : '';
  const header = `IP6 (${parts.join('')}hlim ${ip.hopLimit}, next-header ${ipProtocolName(ip.protocol)} (${ip.protocol}) payload length: ${ip.payloadLength}${extensions})`;
  return `${header} ${addressText(d)}${bodyText(d, indent)}${suffix}`;
}

/** `10.0.0.1.1234 > 10.0.0.2.80: ` (ports after a dot, as -nn prints them). */
function addressText(d: DecodedIp): string {
  const src = d.srcPort === undefined ? d.src : `${d.src}.${d.srcPort}`;
  const dst = d.dstPort === undefined ? d.dst : `${d.dst}.${d.dstPort}`;
  return `${src} > ${dst}: `;
}

/** tcpdump's TCP flag letters, in its order; `none` when there are none. */
export function tcpFlagText(flags: number): string {
  let text = '';
  if (flags & 0x01) text += 'F';
  if (flags & 0x02) text += 'S';
  if (flags & 0x04) text += 'R';
  if (flags & 0x08) text += 'P';
  if (flags & 0x10) text += '.';
  if (flags & 0x20) text += 'U';
  if (flags & 0x40) text += 'E';
  if (flags & 0x80) text += 'W';
  return text === '' ? 'none' : text;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** What tcpdump prints after the addresses. */
function bodyText(d: DecodedIp, indent: string): string {
  if (d.ip.offset > 0) return `ip-proto-${d.ip.protocol}`; // a later fragment: no transport header
  const tcp = d.tcp;
  if (tcp) {
    const seq =
      tcp.payload > 0 ? `${tcp.seq}:${(tcp.seq + tcp.payload) % 4_294_967_296}` : String(tcp.seq);
    const ack = tcp.flags & 0x10 ? `, ack ${tcp.ack}` : '';
    const urgent = tcp.flags & 0x20 ? `, urg ${tcp.urgent}` : '';
    return `Flags [${tcpFlagText(tcp.flags)}], seq ${seq}${ack}, win ${tcp.window}${urgent}, length ${tcp.payload}`;
  }
  if (d.protocol === 'udp' && d.srcPort !== undefined) {
    if (d.isakmp === 'keepalive') return 'isakmp-nat-keep-alive';
    if (d.isakmp !== undefined) return `${d.nonEsp ? 'NONESP-encap: ' : ''}${isakmpText(d)}`;
    if (d.esp)
      return `UDP-encap: ESP(spi=0x${hex8(d.esp.spi)},seq=0x${d.esp.seq.toString(16)}), length ${d.esp.length}`;
    if (d.truncated) return 'UDP-encap: [|esp]';
    return `UDP, length ${d.udpLength ?? 0}`;
  }
  if (d.esp)
    return `ESP(spi=0x${hex8(d.esp.spi)},seq=0x${d.esp.seq.toString(16)}), length ${d.esp.length}`;
  if (d.ah)
    return `AH(spi=0x${hex8(d.ah.spi)},sumlen=${d.ah.sumLength},seq=0x${d.ah.seq.toString(16)}): ip-proto-${d.ah.next}`;
  if (d.gre) {
    const carried =
      d.gre.protocol === 0x0800 ? 'IPv4' : d.gre.protocol === 0x86dd ? 'IPv6' : 'Unknown';
    return `GREv${d.gre.version}, proto ${carried} (0x${d.gre.protocol.toString(16).padStart(4, '0')}), length ${d.gre.length}`;
  }
  if (d.icmp) return d.protocol === 'icmp6' ? icmp6Text(d.icmp) : icmpText(d.icmp, indent);
  if (d.truncated) return `[|${d.protocol}]`;
  return `ip-proto-${d.ip.protocol} ${d.payloadLength}`;
}

/** `isakmp 1.0 msgid 00000000: phase 1 I ident`, `isakmp 2.0 msgid 00000000: parent_sa ikev2_init[I]`. */
function isakmpText(d: DecodedIp): string {
  const h = d.isakmp;
  if (h === undefined || h === 'keepalive') return '';
  if (h === 'truncated') return 'isakmp: [|isakmp]';
  const head = `isakmp ${h.major}.${h.minor} msgid ${hex8(h.messageId)}: `;
  if (h.major === 2) {
    const phase = h.messageId === 0 ? 'parent_sa' : 'child_sa ';
    const flags =
      h.flags & 0x38
        ? `[${h.flags & 0x08 ? 'I' : ''}${h.flags & 0x10 ? 'V' : ''}${h.flags & 0x20 ? 'R' : ''}]`
        : '';
    return `${head}${phase} ${ikeExchangeName(h)}${flags}`;
  }
  const phase = h.messageId === 0 ? 'phase 1' : 'phase 2/others';
  const flags = h.flags & 0x03 ? `[${h.flags & 0x01 ? 'E' : ''}${h.flags & 0x02 ? 'C' : ''}]` : '';
  return `${head}${phase} ${h.role} ${ikeExchangeName(h)}${flags}`;
}

/** The words tcpdump uses for ICMP unreachable codes; `%s` is the quoted destination. */
const UNREACHABLE: Readonly<Record<number, string>> = {
  0: 'net %s unreachable',
  1: 'host %s unreachable',
  5: '%s unreachable - source route failed',
  6: 'net %s unreachable - unknown',
  7: 'host %s unreachable - unknown',
  8: '%s unreachable - source host isolated',
  9: 'net %s unreachable - admin prohibited',
  10: 'host %s unreachable - admin prohibited',
  11: 'net %s unreachable - tos prohibited',
  12: 'host %s unreachable - tos prohibited',
  13: 'host %s unreachable - admin prohibited filter',
  14: 'host %s unreachable - host precedence violation',
  15: 'host %s unreachable - precedence cutoff',
};

/** ICMP as tcpdump -v prints it, an error followed by the packet it quotes on indented lines. */
function icmpText(icmp: IcmpMessage, indent: string): string {
  const q = icmp.quoted;
  const quotedDst = q?.dst ?? '?';
  let text: string;
  switch (icmp.type) {
    case 0:
    case 8:
      text = `echo ${icmp.type === 8 ? 'request' : 'reply'}, id ${icmp.id ?? 0}, seq ${icmp.seq ?? 0}`;
      break;
    case 3:
      if (icmp.code === 2) text = `${quotedDst} protocol ${q?.ip.protocol ?? 0} unreachable`;
      else if (icmp.code === 3)
        text =
          q && (q.protocol === 'tcp' || q.protocol === 'udp') && q.dstPort !== undefined
            ? `${quotedDst} ${q.protocol} port ${q.dstPort} unreachable`
            : `${quotedDst} protocol ${q?.ip.protocol ?? 0} port ${q?.dstPort ?? 0} unreachable`;
      else if (icmp.code === 4)
        text = `${quotedDst} unreachable - need to frag (mtu ${icmp.mtu ?? 0})`;
      else
        text = (UNREACHABLE[icmp.code] ?? `#${icmp.code} %s unreachable`).replace('%s', quotedDst);
      break;
    case 4:
      text = 'source quench';
      break;
    case 5:
      text = `redirect ${quotedDst} to ${icmp.code === 0 || icmp.code === 2 ? 'net' : 'host'} ${icmp.gateway ?? '?'}`;
      break;
    case 9:
      text = 'router advertisement';
      break;
    case 10:
      text = 'router solicitation';
      break;
    case 11:
      text = icmp.code === 0 ? 'time exceeded in-transit' : 'ip reassembly time exceeded';
      break;
    case 12:
      text = 'parameter problem';
      break;
    case 13:
      text = 'time stamp query';
      break;
    case 14:
      text = 'time stamp reply';
      break;
    default:
      text = `type-#${icmp.type}`;
  }
  const quote = q && indent === '' ? `\n\t${ipText(q, '\t', '')}` : '';
  return `ICMP ${text}, length ${icmp.length}${quote}`;
}

/** ICMPv6 as tcpdump -v prints it. */
function icmp6Text(icmp: IcmpMessage): string {
  const q = icmp.quoted;
  let text: string;
  switch (icmp.type) {
    case 128:
    case 129:
      text = `echo ${icmp.type === 128 ? 'request' : 'reply'}, id ${icmp.id ?? 0}, seq ${icmp.seq ?? 0}`;
      break;
    case 1: {
      const dst = q?.dst ?? '?';
      if (icmp.code === 4)
        text =
          q && (q.protocol === 'tcp' || q.protocol === 'udp') && q.dstPort !== undefined
            ? `destination unreachable, unreachable port, ${dst} ${q.protocol} port ${q.dstPort}`
            : 'destination unreachable, unreachable port';
      else if (icmp.code === 0) text = `destination unreachable, unreachable route ${dst}`;
      else if (icmp.code === 1) text = `destination unreachable, unreachable prohibited ${dst}`;
      else if (icmp.code === 2) text = `destination unreachable, beyond scope ${dst}`;
      else if (icmp.code === 3) text = `destination unreachable, unreachable address ${dst}`;
      else text = `destination unreachable, unknown code (${icmp.code})`;
      break;
    }
    case 2:
      text = `packet too big, mtu ${icmp.mtu ?? 0}`;
      break;
    case 3:
      text = icmp.code === 0 ? 'time exceeded in-transit' : 'time exceeded reassembly';
      break;
    case 4:
      text = 'parameter problem';
      break;
    case 133:
      text = 'router solicitation';
      break;
    case 134:
      text = 'router advertisement';
      break;
    case 135:
      text = 'neighbor solicitation';
      break;
    case 136:
      text = 'neighbor advertisement';
      break;
    default:
      text = `icmp6 type-#${icmp.type}`;
  }
  return `ICMP6, ${text}, length ${icmp.length}`;
}
