// A decoded frame as the packet copy the rest of the service reads (pairing, flows, findings),
// built straight from the bytes for the command line, where a million packets are read without
// printing them first. It holds what the tcpdump dialect reads from the frame's text (text.ts):
// a test reads every frame both ways and compares the copies field by field.
import type { F5Details, IcmpDetails, IkeDetails, MutableCopy, QuotedPacket } from '../packet';
import { blankCopy, ikeV2Details, isIkePort } from '../packet';
import {
  type DecodedFrame,
  type DecodedIp,
  type IcmpMessage,
  ikeExchangeName,
  type IsakmpHeader,
} from './decode';
import type { F5Trailer } from './f5';
import type { RawPacket } from './file';
import { tcpFlagText, timeText } from './text';

/**
 * The copy of one frame, on `line` (the packet's number less one: one line per packet). Without
 * `timed` its time stamp is left '' (the inspector, which never shows it, saves writing a million).
 */
export function frameCopy(
  raw: RawPacket,
  frame: DecodedFrame,
  line: number,
  timed = true,
): MutableCopy {
  const copy = blankCopy('tcpdump', line, 0, 0);
  copy.number = raw.number;
  if (timed) copy.time = timeText(raw.seconds, raw.nanos, raw.digits);
  copy.direction = frame.direction;
  if (frame.f5) fillF5(copy, frame.f5);
  const ip = frame.ip;
  if (ip) {
    fillIp(copy, ip);
  } else if (frame.arp) {
    const arp = frame.arp;
    copy.protocol = 'arp';
    if (arp.operation === 1) {
      copy.src = arp.senderIp;
      copy.dst = arp.targetIp;
      copy.arp = { operation: 'request' };
    } else if (arp.operation === 2) {
      copy.src = arp.senderIp;
      copy.arp = { operation: 'reply', mac: arp.senderMac };
      copy.length = arp.length;
    } else {
      copy.length = arp.length;
    }
  } else {
    copy.protocol = otherProtocol(frame.other ?? '');
  }
  return copy;
}

/** What the dialect reads from F5's suffix (text.ts f5Suffix): direction, slot and tmm, virtual server, flows. */
function fillF5(copy: MutableCopy, t: F5Trailer): void {
  copy.direction = t.direction;
  copy.via = `slot${t.slot}/tmm${t.tmm}`;
  if (t.virtualServer !== '') copy.virtualServer = t.virtualServer;
  const f5: { -readonly [K in keyof F5Details]: F5Details[K] } = {};
  if (t.flowId !== undefined) {
    f5.flowId = t.flowId;
    f5.peerId = t.peerId ?? '0';
  }
  if (t.port !== undefined) f5.port = t.port;
  if (t.trunk !== undefined) f5.trunk = t.trunk;
  if (t.resetCause !== undefined) f5.resetCause = t.resetCause.replace(/"/g, "'");
  if (t.peer) f5.peer = { ...t.peer };
  if (Object.keys(f5).length > 0) copy.f5 = f5;
}

/** The word the dialect takes for a frame that is neither IP nor ARP (its first word). */
function otherProtocol(text: string): string {
  const m = /^[A-Za-z][\w.-]*/.exec(text);
  return m ? m[0].replace(/[.,:]+$/, '').toLowerCase() : '';
}

function fillIp(copy: MutableCopy, d: DecodedIp): void {
  copy.ipVersion = d.ip.version;
  if (d.ip.version === 4) copy.ipId = d.ip.id;
  copy.src = d.src;
  copy.dst = d.dst;
  copy.srcPort = d.srcPort;
  copy.dstPort = d.dstPort;
  copy.protocol = d.protocol;
  if (d.ip.offset > 0) return;
  const tcp = d.tcp;
  if (tcp) {
    const flags = tcpFlagText(tcp.flags);
    copy.tcp = {
      flags: flags === 'none' ? '' : flags,
      seq: String(tcp.seq),
      ack: tcp.flags & 0x10 ? String(tcp.ack) : '',
      length: tcp.payload,
    };
    copy.length = tcp.payload;
  } else if (d.esp) {
    copy.esp = {
      spi: `0x${d.esp.spi.toString(16).padStart(8, '0')}`,
      seq: `0x${d.esp.seq.toString(16)}`,
      encapsulated: d.esp.encapsulated,
    };
    copy.length = d.esp.length;
  } else if (d.isakmp !== undefined) {
    copy.ike = ikeOf(d);
  } else if (d.ah) {
    copy.ah = {
      spi: `0x${d.ah.spi.toString(16).padStart(8, '0')}`,
      seq: `0x${d.ah.seq.toString(16)}`,
    };
  } else if (d.gre) {
    copy.length = d.gre.length;
  } else if (d.icmp) {
    copy.icmp = d.protocol === 'icmp6' ? icmp6Details(d.icmp) : icmpDetails(d.icmp);
    copy.length = d.icmp.length;
  } else if (d.protocol === 'udp' && d.srcPort !== undefined && !d.truncated) {
    copy.length = d.udpLength;
    if (isIkePort(d.srcPort) || isIkePort(d.dstPort!))
      copy.ike = {
        exchange: '',
        natTraversal: d.srcPort === 4500 || d.dstPort === 4500,
        keepalive: false,
      };
  }
}

function ikeOf(d: DecodedIp): IkeDetails {
  return ikeDetails(d.isakmp, d.nonEsp || d.srcPort === 4500 || d.dstPort === 4500);
}

/**
 * What the dialect reads of an ISAKMP message (its decoded header, or none) from the frame's
 * text: also what a row written straight from the bytes mixes into its likeness (frameRows.ts).
 */
export function ikeDetails(
  h: IsakmpHeader | 'keepalive' | 'truncated' | undefined,
  natTraversal: boolean,
): IkeDetails {
  if (h === 'keepalive') return { exchange: 'nat-keep-alive', natTraversal: true, keepalive: true };
  if (h === undefined || h === 'truncated') return { exchange: '', natTraversal, keepalive: false };
  const exchange = ikeExchangeName(h);
  // What the dialect reads from text.ts's words: `parent_sa ikev2_init[I]`, `phase 1 I ident`, or less.
  if (h.major === 2) {
    if (!(h.flags & 0x38) || !/^[\w-]+$/.test(exchange))
      return {
        version: 2,
        exchange: h.messageId === 0 ? 'parent_sa' : 'child_sa',
        natTraversal,
        keepalive: false,
      };
    const role = h.flags & 0x20 ? 'R' : h.flags & 0x08 ? 'I' : undefined;
    return ikeV2Details(exchange, role, natTraversal);
  }
  if (h.role !== '?' && /^[\w-]+$/.test(exchange)) {
    const phase = h.messageId === 0 ? 1 : exchange === 'oakley-quick' ? 2 : undefined;
    return {
      version: 1,
      ...(phase ? { phase } : {}),
      exchange,
      role: h.role,
      natTraversal,
      keepalive: false,
    };
  }
  return {
    ...(h.major === 1 ? { version: 1 as const } : {}),
    exchange: 'phase',
    natTraversal,
    keepalive: false,
  };
}

function quotedOf(q: DecodedIp | undefined, withHeader: boolean): QuotedPacket | undefined {
  if (!q) return undefined;
  return {
    src: q.src,
    dst: q.dst,
    protocol: q.esp && !q.esp.encapsulated ? 'esp' : q.protocol,
    ...(q.srcPort !== undefined ? { srcPort: q.srcPort } : {}),
    ...(q.dstPort !== undefined ? { dstPort: q.dstPort } : {}),
    ...(withHeader && q.ip.version === 4 ? { ipId: q.ip.id } : {}),
    ...(q.esp ? { spi: `0x${q.esp.spi.toString(16).padStart(8, '0')}` } : {}),
  };
}

function icmpDetails(icmp: IcmpMessage): IcmpDetails {
  const type = icmp.type;
  const code = icmp.code;
  if (type === 0 || type === 8)
    return {
      type,
      code: 0,
      ...(icmp.id !== undefined ? { id: icmp.id } : {}),
      ...(icmp.seq !== undefined ? { seq: icmp.seq } : {}),
    };
  if (type === 3 || type === 5) {
    const quoted = quotedOf(icmp.quoted, true);
    const c = type === 5 ? 0 : code;
    return {
      type,
      code: c,
      ...(type === 3 && code === 4 ? { mtu: icmp.mtu ?? 0 } : {}),
      ...(quoted ? { quoted } : {}),
    };
  }
  if (type === 11) {
    const quoted = quotedOf(icmp.quoted, true);
    return { type, code: code === 0 ? 0 : 1, ...(quoted ? { quoted } : {}) };
  }
  if (type === 4 || type === 12) {
    const quoted = quotedOf(icmp.quoted, true);
    return { type, code: 0, ...(quoted ? { quoted } : {}) };
  }
  if (type === 9 || type === 10 || type === 13 || type === 14) return { type, code: 0 };
  return { type, code: 0 };
}

function icmp6Details(icmp: IcmpMessage): IcmpDetails {
  const q = icmp.quoted;
  switch (icmp.type) {
    case 128:
    case 129:
      return {
        type: icmp.type === 128 ? 8 : 0,
        code: 0,
        ...(icmp.id !== undefined ? { id: icmp.id } : {}),
        ...(icmp.seq !== undefined ? { seq: icmp.seq } : {}),
      };
    case 1: {
      const code = icmp.code === 4 ? 3 : icmp.code === 1 ? 13 : icmp.code === 0 ? 0 : 1;
      let quoted: QuotedPacket | undefined;
      if (
        icmp.code === 4 &&
        q &&
        (q.protocol === 'tcp' || q.protocol === 'udp') &&
        q.dstPort !== undefined
      )
        quoted = { dst: q.dst, protocol: q.protocol, dstPort: q.dstPort };
      else if (icmp.code <= 3 && icmp.code !== 2 && q) quoted = { dst: q.dst };
      return { type: 3, code, ...(quoted ? { quoted } : {}) };
    }
    case 2:
      return { type: 3, code: 4, mtu: icmp.mtu ?? 0 };
    case 3:
      return { type: 11, code: icmp.code === 0 ? 0 : 1 };
    case 4:
      return { type: 12, code: 0 };
    case 133:
    case 134:
    case 135:
    case 136:
      return { type: icmp.type, code: 0 };
    default:
      return { type: 255, code: 0 };
  }
}
