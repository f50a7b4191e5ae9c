// The axdebug dialect: what an A10 balancer prints with `axdebug` / `capture brief`.
//   @23048280 i( 1, 100, 168df)> ip 10.1.1.254 > 192.168.0.108 tcp 22518 > 1521 S 192198c5:0(0)
// tick, i/o (received/sent), ( physical port, a second number, packet id )> ip SRC > DST PROTO ...
// Real dumps drop spaces (`210.21.*.*>`, `>*.*.*.*`) and mask addresses; both are read.
import type { EspDetails, IcmpDetails, PacketCopy, TcpDetails } from '../packet';

/** The part every axdebug packet line shares. Address characters exclude `>` and spaces, so matching is linear. */
const PACKET = /^\s*@(\d+)\s*([io])\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*([0-9a-fA-F]+)\s*\)\s*>\s*ip\s+([0-9A-Za-z.*:]+?)\s*>\s*([0-9A-Za-z.*:]+)\s+([A-Za-z][\w-]*)\s*(.*)$/;
const TCP_UDP = /^(\d+)\s*>\s*(\d+)(?:\s+(.*))?$/;
const TCP_REST = /^([A-Za-z.]+)\s+([0-9a-fA-F]+):([0-9a-fA-F]+)\((\d+)\)/;
const ICMP_ECHO = /^echo\s+\(ping\)\s+(request|reply)(?:\s+seq=(\d+))?/;
const ICMP_TYPE = /^type=(\d+)\s+code=(\d+)/;
const ESP = /^spi=(0x[0-9a-fA-F]+)(?:\s+seq=(0x[0-9a-fA-F]+))?/;

/** A line that is part of a capture session but not a packet: a prompt, a command, bytes of a detailed capture. */
const SESSION_LINE = /^\s*(?:[\w.-]+(?:\([\w-]+\))?[#>]|0x[0-9a-fA-F]+:\s|#|axdebug\b|capture\s+(?:brief|detail)\b|filter\s+\d+|(?:ip|mac|port|proto|length|count|timeout|incoming|outgoing|exit|end|show)\b)/;

/** True when a line looks like an axdebug packet line (used to recognise the dialect). */
export function looksLikeAxdebug(text: string): boolean {
  return /^\s*@\d+\s*[io]\s*\(/.test(text);
}

/** True when a line belongs to an axdebug session without being a packet (prompts, commands, bytes, comments). */
export function isAxdebugSessionLine(text: string): boolean {
  return SESSION_LINE.test(text);
}

/** Reads one axdebug packet line; undefined when the line is not one. */
export function parseAxdebugLine(text: string, line: number, start: number): PacketCopy | undefined {
  if (text.length > 4096) return undefined; // no packet line is this long; do not scan megabytes with a regex
  const m = PACKET.exec(text);
  if (!m) return undefined;
  const protocol = m[8].toLowerCase();
  const details = m[9].trim();
  const base = {
    line,
    start,
    end: start + text.length,
    tick: Number(m[1]),
    direction: m[2] === 'i' ? ('in' as const) : ('out' as const),
    port: Number(m[3]),
    aux: Number(m[4]),
    id: m[5].toLowerCase(),
    src: m[6],
    dst: m[7],
    protocol,
    details,
  };
  switch (protocol) {
    case 'tcp':
    case 'udp':
      return { ...base, ...ports(details), ...(protocol === 'tcp' ? { tcp: tcpDetails(details) } : {}) };
    case 'icmp': {
      const icmp = icmpDetails(details);
      return icmp ? { ...base, icmp } : base;
    }
    case 'esp': {
      const esp = espDetails(details);
      return esp ? { ...base, esp } : base;
    }
    default:
      return base;
  }
}

function ports(details: string): { srcPort?: number; dstPort?: number } {
  const m = TCP_UDP.exec(details);
  return m ? { srcPort: Number(m[1]), dstPort: Number(m[2]) } : {};
}

function tcpDetails(details: string): TcpDetails | undefined {
  const rest = TCP_UDP.exec(details)?.[3];
  const m = rest === undefined ? null : TCP_REST.exec(rest);
  return m ? { flags: m[1], seq: m[2], ack: m[3], length: Number(m[4]) } : undefined;
}

function icmpDetails(details: string): IcmpDetails | undefined {
  const echo = ICMP_ECHO.exec(details);
  if (echo) {
    const seq = echo[2] === undefined ? {} : { seq: Number(echo[2]) };
    return { type: echo[1] === 'request' ? 8 : 0, code: 0, ...seq };
  }
  const typed = ICMP_TYPE.exec(details);
  return typed ? { type: Number(typed[1]), code: Number(typed[2]) } : undefined;
}

function espDetails(details: string): EspDetails | undefined {
  const m = ESP.exec(details);
  return m ? { spi: m[1].toLowerCase(), seq: m[2] ?? '' } : undefined;
}
