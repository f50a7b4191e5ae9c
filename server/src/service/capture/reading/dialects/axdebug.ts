// The axdebug dialect: what an A10 balancer prints with `axdebug` / `capture brief`.
//   @23048280 i( 1, 100, 168df)> ip 10.1.1.254 > 192.168.0.108 tcp 22518 > 1521 S 192198c5:0(0)
// tick, i/o (received/sent), ( physical port, a second number, packet id )> ip SRC > DST PROTO ...
// `debug packet` / `debug monitor` print the same packet line with two numbers and no packet id,
// and TCP options after the segment:
//   @4296982955 i( 1,   1)> ip 192.168.91.153 > 192.168.91.28 tcp  47278 > 80 S 4aacf19e:0(0) <mswt, m=1410,w=7>
// Real dumps drop spaces (`210.21.*.*>`, `>*.*.*.*`) and mask addresses; both are read.
import type {
  AhDetails,
  EspDetails,
  IcmpDetails,
  IkeDetails,
  MutableCopy,
  PacketCopy,
} from '../packet';
import { blankCopy } from '../packet';

/** The part every axdebug packet line shares. Address characters exclude `>` and spaces, so matching is linear. */
const PACKET =
  /^\s*@(\d+)\s*([io])\s*\(\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([0-9a-fA-F]+)\s*)?\)\s*>\s*ip6?\s+([0-9A-Za-z.*:]+)\s*>\s*([0-9A-Za-z.*:]+)\s+([A-Za-z][\w-]*)\s*(.*)$/;
/**
 * The header alone, for a packet line whose rest is in no form read above (another network
 * protocol, a word in place of `ip`): its tick, direction, port and id, and what follows.
 */
const HEADER =
  /^\s*@(\d+)\s*([io])\s*\(\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([0-9a-fA-F]+)\s*)?\)\s*>\s*(.*)$/;
/** An address pair anywhere in such a rest: `10.0.0.1 > 10.0.0.2`, `10.0.0.1.500 > ...` not split. */
const LOOSE_ADDRESSES =
  /(?:^|\s)((?:\d{1,3}|\*)(?:\.(?:\d{1,3}|\*)){3}|[0-9a-fA-F]*:[0-9a-fA-F:]+)\s*>\s*((?:\d{1,3}|\*)(?:\.(?:\d{1,3}|\*)){3}|[0-9a-fA-F]*:[0-9a-fA-F:]+)(?=\s|$)/;
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
  /^\s*(?:[\w.-]+(?:\[\d+\/\d+\])?(?:\([\w:-]+\))?[#>]|(?:no\s+)?debug\s+(?:packet|monitor|all|axdebug|clear)\b|undebug\b|filter-config\b|\[[^\]]*\][^#$]*[#$]|[\w.@~:/-]*[$#]\s|0x[0-9a-fA-F]+:\s|#|\^C|axdebug\b|capture\s+(?:brief|detail)\b|filter\s+\d+|(?:ip|mac|port|proto|length|count|timeout|incoming|outgoing|exit|end|show|delete|maxfile|apply-config|save-config)\b|Wait for debug output\b|tcpdump:|listening on\s|reading from (?:file|pipe)\b|\d+ packets? (?:captured|received by filter|dropped by (?:kernel|interface))\b)/;

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
  if (!m) return unknownPacketLine(text, line, start);
  const protocol = protocolName(m[8]);
  const details = m[9].trim();
  const copy = headerCopy(m, line, start, text.length);
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

/** A copy with what the packet header says (PACKET and HEADER capture it alike: tick, i/o, port, second number, id). */
function headerCopy(m: RegExpExecArray, line: number, start: number, length: number): MutableCopy {
  const copy = blankCopy('axdebug', line, start, start + length);
  copy.time = m[1];
  copy.direction = m[2] === 'i' ? 'in' : 'out';
  copy.port = Number(m[3]);
  copy.aux = Number(m[4]);
  if (m[5] !== undefined) copy.id = m[5].toLowerCase();
  return copy;
}

/**
 * A line with axdebug's packet header whose rest is in no form read above: still a packet copy,
 * with the addresses and protocol the rest shows (`arp`, `ip6 ... ipv6-icmp`, a word of its own).
 */
function unknownPacketLine(text: string, line: number, start: number): PacketCopy | undefined {
  const m = HEADER.exec(text);
  if (!m) return undefined;
  const rest = m[6].trim();
  const addresses = LOOSE_ADDRESSES.exec(rest);
  const word = /^([A-Za-z][\w-]*)/.exec(rest)?.[1];
  // A line cut off after its header (`...)> ip`) shows nothing of its packet: not understood.
  if (!addresses && (word === undefined || /^ip6?$/i.test(word))) return undefined;
  const copy = headerCopy(m, line, start, text.length);
  copy.details = rest;
  if (addresses) {
    copy.src = addresses[1];
    copy.dst = addresses[2];
    copy.ipVersion = addresses[1].includes(':') ? 6 : 4;
    // The protocol is the word after the addresses, else the word before them.
    const after = /^\s*([A-Za-z][\w-]*)/.exec(rest.slice(addresses.index + addresses[0].length));
    const named = word !== undefined && !/^ip6?$/i.test(word) ? word : after?.[1];
    copy.protocol = named === undefined || /^ip6?$/i.test(named) ? 'ip' : protocolName(named);
  } else {
    copy.protocol = protocolName(word!);
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
export function ikeOnPorts(srcPort: number, dstPort: number): IkeDetails | undefined {
  const natTraversal = srcPort === 4500 || dstPort === 4500;
  if (!natTraversal && srcPort !== 500 && dstPort !== 500) return undefined;
  return { exchange: '', natTraversal, keepalive: false };
}

export function icmpDetails(details: string): IcmpDetails | undefined {
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
