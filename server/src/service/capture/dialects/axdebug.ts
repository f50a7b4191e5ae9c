// The axdebug dialect: what an A10 balancer prints with `axdebug` / `capture brief`.
//   @23048280 i( 1, 100, 168df)> ip 10.1.1.254 > 192.168.0.108 tcp 22518 > 1521 S 192198c5:0(0)
// tick, i/o (received/sent), ( physical port, a second number, packet id )> ip SRC > DST PROTO ...
// Real dumps drop spaces (`210.21.*.*>`, `>*.*.*.*`) and mask addresses; both are read.
import type { AhDetails, EspDetails, IcmpDetails, IkeDetails, PacketCopy } from '../packet';
import { blankCopy } from '../packet';

/** The part every axdebug packet line shares. Address characters exclude `>` and spaces, so matching is linear. */
const PACKET =
  /^\s*@(\d+)\s*([io])\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*([0-9a-fA-F]+)\s*\)\s*>\s*ip6?\s+([0-9A-Za-z.*:]+)\s*>\s*([0-9A-Za-z.*:]+)\s+([A-Za-z][\w-]*)\s*(.*)$/;
/** `22518 > 1521 S 192198c5:0(0)`: the ports, and for TCP the flag letters and seq:ack(len). */
const PORTS = /^(\d+)\s*>\s*(\d+)(?:\s+([A-Za-z.]+)\s+([0-9a-fA-F]+):([0-9a-fA-F]+)\((\d+)\))?/;
const ICMP_ECHO = /^echo\s+\(ping\)\s+(request|reply)(?:\s+seq=(\d+))?/;
const ICMP_TYPE = /^type=(\d+)\s+code=(\d+)/;
const SPI_SEQ = /^spi=(0x[0-9a-fA-F]+)(?:\s+seq=(0x[0-9a-fA-F]+))?/;

/**
 * A line that is part of a capture session but not a packet: a prompt, a command, bytes of a
 * detailed capture, axdebug's banner, and what tcpdump prints around its packets.
 */
const SESSION_LINE =
  /^\s*(?:[\w.-]+(?:\([\w:-]+\))?[#>]|\[[^\]]*\][^#$]*[#$]|[\w.@~:/-]*[$#]\s|0x[0-9a-fA-F]+:\s|#|\^C|axdebug\b|capture\s+(?:brief|detail)\b|filter\s+\d+|(?:ip|mac|port|proto|length|count|timeout|incoming|outgoing|exit|end|show|delete|maxfile|apply-config|save-config)\b|Wait for debug output\b|tcpdump:|listening on\s|reading from (?:file|pipe)\b|\d+ packets? (?:captured|received by filter|dropped by (?:kernel|interface))\b)/;

/** True when a line looks like an axdebug packet line (used to recognise the dialect). */
export function looksLikeAxdebug(text: string): boolean {
  return /^\s*@\d+\s*[io]\s*\(/.test(text);
}

/** True when a line belongs to a capture session without being a packet (prompts, commands, banners, bytes, comments). */
export function isSessionLine(text: string): boolean {
  return SESSION_LINE.test(text);
}

/** Reads one axdebug packet line; undefined when the line is not one. */
export function parseAxdebugLine(
  text: string,
  line: number,
  start: number,
): PacketCopy | undefined {
  if (text.length > 4096 || text.indexOf('@') < 0) return undefined; // no packet line is this long; do not scan megabytes with a regex
  const m = PACKET.exec(text);
  if (!m) return undefined;
  const protocol = protocolName(m[8]);
  const details = m[9].trim();
  const copy = blankCopy('axdebug', line, start, start + text.length);
  copy.time = m[1];
  copy.direction = m[2] === 'i' ? 'in' : 'out';
  copy.port = Number(m[3]);
  copy.aux = Number(m[4]);
  copy.id = m[5].toLowerCase();
  copy.src = m[6];
  copy.dst = m[7];
  copy.ipVersion = m[6].includes(':') ? 6 : 4;
  copy.protocol = protocol;
  copy.details = details;
  switch (protocol) {
    case 'tcp':
    case 'udp': {
      const ports = PORTS.exec(details);
      if (ports) {
        copy.srcPort = Number(ports[1]);
        copy.dstPort = Number(ports[2]);
        if (protocol === 'udp') copy.ike = ikeOnPorts(copy.srcPort, copy.dstPort);
        else if (ports[3] !== undefined)
          copy.tcp = { flags: ports[3], seq: ports[4], ack: ports[5], length: Number(ports[6]) };
      }
      break;
    }
    case 'icmp':
      copy.icmp = icmpDetails(details);
      break;
    case 'esp':
      copy.esp = espDetails(details);
      break;
    case 'ah':
      copy.ah = ahDetails(details);
      break;
  }
  return copy;
}

/** The protocol in lower case; the usual ones as the constants the rest of the service compares with. */
function protocolName(word: string): string {
  switch (word) {
    case 'tcp':
      return 'tcp';
    case 'udp':
      return 'udp';
    case 'icmp':
      return 'icmp';
    case 'esp':
      return 'esp';
  }
  return word.toLowerCase();
}

/** axdebug prints no UDP payload, so UDP on 500 or 4500 is IKE as far as the dump tells. */
function ikeOnPorts(srcPort: number, dstPort: number): IkeDetails | undefined {
  const natTraversal = srcPort === 4500 || dstPort === 4500;
  if (!natTraversal && srcPort !== 500 && dstPort !== 500) return undefined;
  return { exchange: '', natTraversal, keepalive: false };
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
  const m = SPI_SEQ.exec(details);
  return m ? { spi: m[1].toLowerCase(), seq: m[2] ?? '', encapsulated: false } : undefined;
}

function ahDetails(details: string): AhDetails | undefined {
  const m = SPI_SEQ.exec(details);
  return m ? { spi: m[1].toLowerCase(), seq: m[2] ?? '' } : undefined;
}
