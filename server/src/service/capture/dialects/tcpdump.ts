// The tcpdump dialect: the text tcpdump prints (Linux, firewalls, F5 and other balancers).
//     1  2015-02-24 02:23:00.757048 IP 127.0.0.1.35901 > 127.0.0.1.6379: Flags [S], seq 1159918511, ...
// A first line is [-# number] [time stamp in any -t form] [-i any: interface In/Out] [-e link
// header] then `IP`/`IP6`/`ARP` or another protocol, the addresses (ports after the last dot) and
// what the protocol printer says. With -v the IP header comes first and the addresses follow on
// an indented line; an ICMP error then quotes the packet it reports on, on further indented
// lines. F5's tcpdump appends ` in|out slot1/tmm0 lis=/Common/vs` (direction, virtual server).
import type { IcmpDetails, IkeDetails, MutableCopy, QuotedPacket } from '../packet';
import { blankCopy } from '../packet';

/** `[N  ][YYYY-MM-DD ]HH:MM:SS.ffffff ` or an epoch / delta time stamp (-tt, -ttt); each part optional. */
const HEAD = /^\s*(?:(\d+)\s+)?((?:\d{4}-\d\d-\d\d[ T])?\d{1,2}:\d\d:\d\d\.\d+|\d+\.\d{6,9})?\s*/;
/** What a line printed with -t (no time stamp) and without -# must start with to be a packet. */
const UNSTAMPED =
  /^(?:IP6? |ARP, |(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}[ ,]|(?:[\w.@:-]+\s+)?(?:In|Out)\s+(?:IP|ARP))/;
/** `-i any`: `eth0  In  `, `Out `, or tcpdump 4.9's bare `In `/`Out `/`P `/`M `/`B `. */
const ANY_INTERFACE =
  /^(?:([\w.@:-]+)\s+)?(In|Out|P|M|B)\s+(?:ifindex \d+\s+)?(?=IP6? |ARP|[0-9a-fA-F]{2}:|ethertype )/;
/** `-e`: `00:1a:.. > 00:6f:.., ethertype IPv4 (0x0800), length 74: ` (Linux cooked: no `> dst`). */
const LINK =
  /^((?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2})(?: > ([^\s,]+))?,? (?:ethertype (\S+) \(0x[0-9a-fA-F]+\)|([^,:]+)), length \d+: /;
/** `vlan 100, p 0, ethertype IPv4 (0x0800), ` after an 802.1Q link header. */
const VLAN = /^vlan \d+, p \d+, (?:ethertype (\S+?)(?: \(0x[0-9a-fA-F]+\))?, )?/;
/** The -v IP header: `(tos 0x0, ttl 64, id 19908, ..., proto UDP (17), length 404)`, one level of parentheses inside. */
const IP_HEADER = /^\((?:[^()]|\([^()]*\))*\)\s*/;
const HEADER_ID = /\bid (\d+)/;
const HEADER_PROTO = /\b(?:proto|next-header) (\S+) \((\d+)\)/;
/** `a > b: ` with the ports after the last dot; the destination ends at the first `:` followed by a space. */
const ADDRESSES = /^(\S+) > (\S+?):(?: +|$)/;
/**
 * The usual case of ADDRESSES, IPv4 addresses and numeric ports (`10.1.1.254.22518 >
 * 203.0.113.9.500: `), split in the same regular expression. What it matches, ADDRESSES and
 * splitEndpoint read alike.
 */
const IPV4_ADDRESSES =
  /^((?:\d{1,3}\.){3}\d{1,3})\.(\d{1,5}) > ((?:\d{1,3}\.){3}\d{1,3})\.(\d{1,5}):(?: +|$)/;
const CONTINUED_ADDRESSES = /^\s+(\S+) > (\S+?):(?: +|$)/;
const QUOTED_HEADER = /^\s+IP6? (\((?:[^()]|\([^()]*\))*\))/;
/** F5: ` in slot1/tmm0 lis=/Common/vs_http ...` (the listener may be empty). */
const F5_SUFFIX = /\s(in|out) ((?:slot\d+\/)?tmm\d+)(?:\s+lis=(\S*))?/;

const ESP = /^ESP\(spi=(0x[0-9a-fA-F]+),seq=(0x[0-9a-fA-F]+)\)/;
const AH = /^AH\(spi=(0x[0-9a-fA-F]+)(?:,sumlen=\d+)?(?:,seq=(0x[0-9a-fA-F]+))?\)/;
const ISAKMP = /^isakmp(?: (\d)\.\d)?(?: msgid \S*?)?(?: cookie \S+)?:\s*(.*)$/;
const IKE_V1 = /^phase (\d)(?:\/others)? ([IR]) ([\w-]+)/;
const IKE_V2 = /^(parent_sa|child_sa)\s+([\w-]+?)\[([IVR]*)\]/;
const ICMP_ECHO = /^echo (request|reply)(?:, id (\d+))?(?:,? seq (\d+))?/;

/** Service names tcpdump prints for ports when it runs without -nn. */
const SERVICES: Readonly<Record<string, number>> = {
  'ftp-data': 20,
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  http: 80,
  www: 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  ntp: 123,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  'netbios-ssn': 139,
  imap: 143,
  snmp: 161,
  'snmp-trap': 162,
  bgp: 179,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  isakmp: 500,
  syslog: 514,
  ldaps: 636,
  imaps: 993,
  pop3s: 995,
  openvpn: 1194,
  'ms-sql-s': 1433,
  l2tp: 1701,
  pptp: 1723,
  radius: 1812,
  'radius-acct': 1813,
  mysql: 3306,
  'ms-wbt-server': 3389,
  'ipsec-nat-t': 4500,
  sip: 5060,
  postgresql: 5432,
  'http-alt': 8080,
  webcache: 8080,
};

/** IP protocol numbers an ICMP error may name, in the words the rest of the service uses. */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmp6',
};

/** Where a tcpdump packet is in its lines: what the next indented line may still tell. */
type Stage = 'addresses' | 'quoted-header' | 'quoted-addresses' | 'done';

/** A tcpdump packet being read: its copy and what its continuation lines may still add. */
export interface TcpdumpPacket {
  /** The copy, complete once the packet's last line has been read. */
  readonly copy: MutableCopy;
  /** What the next continuation line is expected to carry. */
  stage: Stage;
  /** The protocol the -v IP header names, which outranks a guess from the addresses. */
  headerProtocol: string | undefined;
  /** What an ICMP error's quoted IP header told so far. */
  quoted: { ipId?: number; protocol?: string } | undefined;
}

/** True when a line looks like a tcpdump packet's first line (used to recognise the dialect). */
export function looksLikeTcpdump(text: string): boolean {
  return startTcpdumpPacket(text, 0, 0) !== undefined;
}

/** True when a line is indented: tcpdump continues a packet on such lines (-v, -x). */
export function isIndented(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9;
}

/** Reads the first line of a tcpdump packet; undefined when the line is not one. */
export function startTcpdumpPacket(
  text: string,
  line: number,
  start: number,
): TcpdumpPacket | undefined {
  if (text.length > 16_384) return undefined; // no packet line is this long; do not scan megabytes with regexes
  let number: string | undefined;
  let time: string | undefined;
  let rest: string;
  const timeEnd = plainTimeEnd(text);
  if (timeEnd > 0) {
    time = text.slice(0, timeEnd);
    rest = text.slice(afterSpaces(text, timeEnd));
  } else {
    const head = HEAD.exec(text)!;
    number = head[1];
    time = head[2];
    rest = head[0].length === 0 ? text : text.slice(head[0].length);
    // Without a number or a time stamp only an unindented line starts a packet: indented ones continue one.
    if (number === undefined && time === undefined && (head[0].length > 0 || !UNSTAMPED.test(rest)))
      return undefined;
  }
  const hasTime = time !== undefined;

  const copy = blankCopy('tcpdump', line, start, start + text.length);
  if (number !== undefined) copy.number = Number(number);
  if (time !== undefined) copy.time = time;
  const packet: TcpdumpPacket = {
    copy,
    stage: 'done',
    headerProtocol: undefined,
    quoted: undefined,
  };

  const plainIp = rest.startsWith('IP ') || rest.startsWith('IP6 ');
  const any = plainIp ? null : ANY_INTERFACE.exec(rest);
  if (any) {
    if (any[1] !== undefined) copy.via = any[1];
    if (any[2] === 'In') copy.direction = 'in';
    else if (any[2] === 'Out') copy.direction = 'out';
    rest = rest.slice(any[0].length);
  }

  // With -e the link header names the network protocol instead of `IP`/`IP6`/`ARP`.
  let network: string | undefined;
  const link = plainIp || rest.charCodeAt(2) !== 58 /* : */ ? null : LINK.exec(rest);
  if (link) {
    network = (link[3] ?? link[4]).trim();
    rest = rest.slice(link[0].length);
    for (let vlan = VLAN.exec(rest); vlan; vlan = VLAN.exec(rest)) {
      if (vlan[1] !== undefined) network = vlan[1];
      rest = rest.slice(vlan[0].length);
    }
  }

  if (rest.startsWith('IP ') || rest.startsWith('IP6 ')) {
    network = rest.startsWith('IP6') ? 'IPv6' : 'IPv4';
    rest = rest.slice(network === 'IPv6' ? 4 : 3);
  } else if (rest.startsWith('ARP, ')) {
    network = 'ARP';
    rest = rest.slice(5);
  } else if (network === undefined) {
    // A time stamp followed by another protocol (LLDP, STP, CDP, ...): a packet, but not IP.
    if (!hasTime || !/^[A-Za-z]/.test(rest)) return undefined;
    copy.protocol = firstWord(rest);
    copy.details = rest;
    readF5Suffix(copy, text);
    return packet;
  }

  if (network === 'ARP') {
    readArp(copy, rest);
  } else if (network === 'IPv4' || network === 'IPv6') {
    copy.ipVersion = network === 'IPv6' ? 6 : 4;
    const header = rest.charCodeAt(0) === 40 /* ( */ ? IP_HEADER.exec(rest) : null;
    if (header) {
      readIpHeader(packet, header[0]);
      rest = rest.slice(header[0].length);
    }
    const ipv4 = IPV4_ADDRESSES.exec(rest);
    const addresses = ipv4 ?? ADDRESSES.exec(rest);
    if (ipv4) {
      copy.src = ipv4[1];
      copy.srcPort = Number(ipv4[2]);
      copy.dst = ipv4[3];
      copy.dstPort = Number(ipv4[4]);
    } else if (addresses) {
      setAddresses(copy, addresses[1], addresses[2]);
    }
    if (addresses) {
      readBody(packet, rest.slice(addresses[0].length));
    } else if (header && (rest === '' || F5_SUFFIX.test(' ' + rest))) {
      packet.stage = 'addresses'; // -v: the addresses come on the next, indented line
      copy.protocol = packet.headerProtocol ?? 'ip';
    } else {
      copy.protocol = packet.headerProtocol ?? 'ip';
      copy.details = rest;
    }
  } else {
    copy.protocol = network.toLowerCase();
    copy.details = rest;
  }
  readF5Suffix(copy, text);
  return packet;
}

/** Reads an indented line that continues a tcpdump packet: the -v addresses, or an ICMP error's quoted packet. */
export function continueTcpdumpPacket(
  packet: TcpdumpPacket,
  text: string,
  line: number,
  start: number,
): void {
  const copy = packet.copy;
  copy.endLine = line;
  copy.end = start + text.length;
  if (packet.stage === 'done' || text.length > 16_384) return;
  if (packet.stage === 'addresses') {
    const addresses = CONTINUED_ADDRESSES.exec(text);
    if (!addresses) return;
    setAddresses(copy, addresses[1], addresses[2]);
    packet.stage = 'done';
    readBody(packet, text.slice(addresses[0].length));
    readF5Suffix(copy, text);
    return;
  }
  if (packet.stage === 'quoted-header') {
    const header = QUOTED_HEADER.exec(text);
    if (header) {
      const id = HEADER_ID.exec(header[1]);
      const proto = HEADER_PROTO.exec(header[1]);
      packet.quoted = {
        ...(id ? { ipId: Number(id[1]) } : {}),
        ...(proto ? { protocol: protocolName(proto[1], proto[2]) } : {}),
      };
      packet.stage = 'quoted-addresses';
      return;
    }
  }
  const addresses = CONTINUED_ADDRESSES.exec(text);
  if (!addresses) return;
  // The quoted packet is read like any packet, in a scratch copy, then kept as the error's quote.
  const scratch: TcpdumpPacket = {
    copy: blankCopy('tcpdump', line, start, start),
    stage: 'done',
    headerProtocol: packet.quoted?.protocol,
    quoted: undefined,
  };
  setAddresses(scratch.copy, addresses[1], addresses[2]);
  readBody(scratch, text.slice(addresses[0].length));
  const q = scratch.copy;
  const quoted: QuotedPacket = {
    src: q.src,
    dst: q.dst,
    protocol: q.esp && !q.esp.encapsulated ? 'esp' : q.protocol,
    ...(q.srcPort !== undefined ? { srcPort: q.srcPort } : {}),
    ...(q.dstPort !== undefined ? { dstPort: q.dstPort } : {}),
    ...(packet.quoted?.ipId !== undefined ? { ipId: packet.quoted.ipId } : {}),
    ...(q.esp ? { spi: q.esp.spi } : {}),
  };
  if (copy.icmp) copy.icmp = { ...copy.icmp, quoted };
  packet.stage = 'done';
}

function firstWord(text: string): string {
  const m = /^[A-Za-z][\w.-]*/.exec(text);
  return m ? m[0].replace(/[.,:]+$/, '').toLowerCase() : '';
}

function protocolName(name: string, number: string): string {
  return PROTOCOL_NUMBERS[number] ?? name.toLowerCase();
}

function readIpHeader(packet: TcpdumpPacket, header: string): void {
  const id = HEADER_ID.exec(header);
  if (id) packet.copy.ipId = Number(id[1]);
  const proto = HEADER_PROTO.exec(header);
  if (proto) packet.headerProtocol = protocolName(proto[1], proto[2]);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * A plain `HH:MM:SS.ffffff` time stamp starting the line and followed by spaces and a printable
 * character (or nothing), the form most dumps have. Sticky, and tested rather than executed, so
 * that it answers where the time ends without building a match; `(?!\d)` keeps it from giving
 * back digits to satisfy the look-ahead.
 */
const PLAIN_TIME = /\d\d:\d\d:\d\d\.\d+(?!\d)(?= *(?:[!-~]|$))/y;

/**
 * The end of a plain time stamp (PLAIN_TIME) starting the line; 0 for any other start, which HEAD
 * reads. What it accepts, HEAD reads alike: a time, no packet number (`:` follows the hour).
 */
function plainTimeEnd(text: string): number {
  PLAIN_TIME.lastIndex = 0;
  return PLAIN_TIME.test(text) ? PLAIN_TIME.lastIndex : 0;
}

/** The first position from `from` on that is not a space. */
function afterSpaces(text: string, from: number): number {
  let at = from;
  while (text.charCodeAt(at) === 32) at++;
  return at;
}

/** Splits `10.1.1.254.22518`, `2001:db8::1.500`, `host.example.com.https` into address and port. */
function splitEndpoint(token: string): [string, number | undefined] {
  const dot = token.lastIndexOf('.');
  if (dot < 0) return [token, undefined];
  let dots = 0;
  for (let i = token.indexOf('.'); i >= 0; i = token.indexOf('.', i + 1)) dots++;
  if (token.indexOf(':') >= 0) {
    // IPv6: a port follows a single dot, or the fourth dot of an embedded IPv4 address.
    return dots === 1 || dots === 4
      ? [token.slice(0, dot), portOf(token.slice(dot + 1))]
      : [token, undefined];
  }
  const address = token.slice(0, dot);
  const last = token.slice(dot + 1);
  if (isOctets(token, dots)) return [token, undefined];
  if (dots === 4 && isOctets(address, 3)) return [address, portOf(last)];
  // A host name: its last label is a port only when it is a number or a service name.
  return portOf(last) !== undefined ? [address, portOf(last)] : [token, undefined];
}

/** True when text is four dot-separated octets (digits or a mask `*`), given its number of dots. */
function isOctets(text: string, dots: number): boolean {
  if (dots !== 3) return false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return false;
      digits = 0;
    } else if ((c >= 48 && c <= 57) || c === 42) {
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return digits > 0;
}

/** A port as printed: digits, or a service name tcpdump printed without -nn. */
function portOf(text: string): number | undefined {
  if (text.length === 0 || text.length > 5) return SERVICES[text];
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return SERVICES[text];
    value = value * 10 + c - 48;
  }
  return value;
}

function setAddresses(copy: MutableCopy, source: string, destination: string): void {
  const [src, srcPort] = splitEndpoint(source);
  const [dst, dstPort] = splitEndpoint(destination);
  copy.src = src;
  copy.dst = dst;
  copy.srcPort = srcPort;
  copy.dstPort = dstPort;
}

/** What the protocol printer wrote after the addresses. */
function readBody(packet: TcpdumpPacket, body: string): void {
  const copy = packet.copy;
  let b = body;
  while (b.charCodeAt(0) === 91 /* [ */ && /^\[[^\]]*\]\s*/.test(b))
    b = b.replace(/^\[[^\]]*\]\s*/, ''); // -vv checksum notes
  copy.details = b;
  const hasPorts = copy.srcPort !== undefined && copy.dstPort !== undefined;
  const length = lengthIn(b);
  if (length !== undefined) copy.length = length;

  // TCP_FLAGS, TCP_SEQ and TCP_ACK, read with searches: most packets of a dump are TCP.
  const flagsEnd = b.startsWith('Flags [') ? b.indexOf(']', 7) : -1;
  if (flagsEnd >= 0) {
    copy.protocol = 'tcp';
    const flags = b.slice(7, flagsEnd);
    const seqStart = digitsAfter(b, ', seq ');
    const seqEnd = digitsEnd(b, seqStart);
    const ackStart = digitsAfter(b, ', ack ');
    // `seq 1:518`: the payload is the difference.
    const lastEnd = b.charCodeAt(seqEnd) === 58 /* : */ ? digitsEnd(b, seqEnd + 1) : seqEnd;
    // `seq 4294967184:0`: the sequence number wrapped round within the segment.
    const span =
      seqStart >= 0 && lastEnd > seqEnd + 1
        ? Number(b.slice(seqEnd + 1, lastEnd)) - Number(b.slice(seqStart, seqEnd))
        : undefined;
    const payload = span === undefined ? (length ?? 0) : span < 0 ? span + 4_294_967_296 : span;
    copy.tcp = {
      flags: flags === 'none' ? '' : flags,
      seq: seqStart >= 0 ? b.slice(seqStart, seqEnd) : '',
      ack: ackStart >= 0 ? b.slice(ackStart, digitsEnd(b, ackStart)) : '',
      length: payload,
    };
  } else if (b.startsWith('UDP-encap: ')) {
    copy.protocol = 'udp';
    const esp = ESP.exec(b.slice(11));
    if (esp) copy.esp = { spi: esp[1].toLowerCase(), seq: esp[2], encapsulated: true };
  } else if (b.startsWith('NONESP-encap: ')) {
    copy.protocol = 'udp';
    copy.ike = readIsakmp(b.slice(14), true);
  } else if (b.startsWith('isakmp-nat-keep-alive')) {
    copy.protocol = 'udp';
    copy.ike = { exchange: 'nat-keep-alive', natTraversal: true, keepalive: true };
  } else if (b.startsWith('isakmp')) {
    copy.protocol = 'udp';
    copy.ike = readIsakmp(b, copy.srcPort === 4500 || copy.dstPort === 4500);
  } else if (b.startsWith('ESP(')) {
    copy.protocol = 'esp';
    const esp = ESP.exec(b);
    if (esp) copy.esp = { spi: esp[1].toLowerCase(), seq: esp[2], encapsulated: false };
  } else if (b.startsWith('AH(')) {
    copy.protocol = 'ah';
    const ah = AH.exec(b);
    if (ah) copy.ah = { spi: ah[1].toLowerCase(), seq: ah[2] ?? '' };
  } else if (b.startsWith('ICMP6, ')) {
    copy.protocol = 'icmp6';
    copy.icmp = readIcmp6(b.slice(7));
  } else if (b.startsWith('ICMP ')) {
    copy.protocol = 'icmp';
    copy.icmp = readIcmp(b.slice(5));
  } else if (b.startsWith('GRE')) {
    copy.protocol = 'gre';
  } else if (b.startsWith('UDP')) {
    copy.protocol = 'udp';
  } else if (/^tcp \d/.test(b)) {
    copy.protocol = 'tcp'; // -q
  } else if (hasPorts) {
    // Ports and an application printer (DNS, NTP, syslog, ...): UDP unless the IP header says otherwise.
    copy.protocol = packet.headerProtocol ?? 'udp';
  } else {
    copy.protocol = packet.headerProtocol ?? (firstWord(b) || 'ip');
  }
  if (
    copy.ike === undefined &&
    copy.protocol === 'udp' &&
    hasPorts &&
    !copy.esp &&
    (isIkePort(copy.srcPort!) || isIkePort(copy.dstPort!))
  ) {
    copy.ike = /^UDP, length/.test(b)
      ? {
          exchange: '',
          natTraversal: copy.srcPort === 4500 || copy.dstPort === 4500,
          keepalive: false,
        }
      : undefined;
  }
  if (copy.icmp !== undefined && isError(copy.icmp.type)) packet.stage = 'quoted-header';
}

/** Where the digits start after the first `label` that digits follow (`, seq 123`); -1 if none does. */
function digitsAfter(text: string, label: string): number {
  for (let at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + 1)) {
    if (isDigit(text.charCodeAt(at + label.length))) return at + label.length;
  }
  return -1;
}

/** Where the digits from `start` on end (`start` itself when there are none, or when it is -1). */
function digitsEnd(text: string, start: number): number {
  if (start < 0) return start;
  let end = start;
  while (isDigit(text.charCodeAt(end))) end++;
  return end;
}

/** The first `length N` the protocol printer wrote (the length of what it describes). */
function lengthIn(text: string): number | undefined {
  const at = text.indexOf('length ');
  if (at < 0 || (at > 0 && text.charCodeAt(at - 1) !== 32)) return undefined;
  let value = 0;
  let i = at + 7;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + c - 48;
  }
  return i === at + 7 ? undefined : value;
}

function isIkePort(port: number): boolean {
  return port === 500 || port === 4500;
}

function isError(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

/** `isakmp: phase 1 I ident`, `isakmp 2.0 msgid 00000000: parent_sa ikev2_init[I]:`, `isakmp: child_sa  child_sa[R]`. */
function readIsakmp(text: string, natTraversal: boolean): IkeDetails {
  const m = ISAKMP.exec(text);
  const rest = m ? m[2] : '';
  const v1 = IKE_V1.exec(rest);
  if (v1) {
    const exchange = v1[3];
    const phase = v1[1] === '1' ? 1 : exchange === 'oakley-quick' ? 2 : undefined;
    return {
      version: 1,
      ...(phase ? { phase } : {}),
      exchange,
      role: v1[2] === 'I' ? 'I' : 'R',
      natTraversal,
      keepalive: false,
    };
  }
  const v2 = IKE_V2.exec(rest);
  if (v2) {
    const exchange = v2[2];
    const phase =
      exchange === 'ikev2_init' || exchange === 'ikev2_auth'
        ? 1
        : exchange === 'child_sa'
          ? 2
          : undefined;
    const role = v2[3].includes('R') ? 'R' : v2[3].includes('I') ? 'I' : undefined;
    return {
      version: 2,
      ...(phase ? { phase } : {}),
      exchange,
      ...(role ? { role } : {}),
      natTraversal,
      keepalive: false,
    };
  }
  const version = m?.[1] === '2' ? 2 : m?.[1] === '1' ? 1 : undefined;
  return {
    ...(version ? { version } : {}),
    exchange: rest.split(/[\s:[]/)[0] ?? '',
    natTraversal,
    keepalive: false,
  };
}

/** ARP: `Request who-has 192.1.2.23 tell 192.1.2.254, length 28`, `Reply 192.1.2.23 is-at 10:00:00:64:64:23, length 28`. */
function readArp(copy: MutableCopy, rest: string): void {
  copy.protocol = 'arp';
  copy.details = rest;
  const request = /who-has (\S+?)(?: \([^)]*\))? tell (\S+?),/.exec(rest);
  if (request) {
    copy.src = request[2];
    copy.dst = request[1];
    copy.arp = { operation: 'request' };
    return;
  }
  const reply = /Reply (\S+) is-at (\S+?),/.exec(rest);
  if (reply) {
    copy.src = reply[1];
    copy.arp = { operation: 'reply', mac: reply[2] };
  }
  const length = lengthIn(rest);
  if (length !== undefined) copy.length = length;
}

const UNREACHABLE_CODES: Readonly<Record<string, number>> = {
  'net ': 0,
  'host ': 1,
  'net - unknown': 6,
  'host - unknown': 7,
  'net - admin prohibited': 9,
  'host - admin prohibited': 10,
  'net - tos prohibited': 11,
  'host - tos prohibited': 12,
  'host - admin prohibited filter': 13,
  'host - host precedence violation': 14,
  'host - precedence cutoff': 15,
};

/** An echo request or reply with its id and sequence number, the same in ICMP and ICMPv6. */
function readEcho(text: string): IcmpDetails | undefined {
  const echo = ICMP_ECHO.exec(text);
  if (!echo) return undefined;
  return {
    type: echo[1] === 'request' ? 8 : 0,
    code: 0,
    ...(echo[2] ? { id: Number(echo[2]) } : {}),
    ...(echo[3] ? { seq: Number(echo[3]) } : {}),
  };
}

/** ICMP after `ICMP `: echo, the unreachable family with the address and port it quotes, time exceeded, ... */
function readIcmp(text: string): IcmpDetails | undefined {
  const echo = readEcho(text);
  if (echo) return echo;
  if (text.startsWith('time exceeded in-transit')) return { type: 11, code: 0 };
  if (text.startsWith('ip reassembly time exceeded')) return { type: 11, code: 1 };
  let m = /^time exceeded-#(\d+)/.exec(text);
  if (m) return { type: 11, code: Number(m[1]) };
  m = /^(\S+) (tcp|udp) port (\S+) unreachable/.exec(text);
  if (m) return { type: 3, code: 3, quoted: quotedTo(m[1], m[2], portOf(m[3])) };
  m = /^(\S+) protocol (\d+) port (\d+) unreachable/.exec(text);
  if (m)
    return {
      type: 3,
      code: 3,
      quoted: quotedTo(m[1], PROTOCOL_NUMBERS[m[2]] ?? m[2], Number(m[3])),
    };
  m = /^(\S+) protocol (\d+) unreachable/.exec(text);
  if (m) return { type: 3, code: 2, quoted: quotedTo(m[1], PROTOCOL_NUMBERS[m[2]] ?? m[2]) };
  m = /^(\S+) unreachable - need to frag(?: \(mtu (\d+)\))?/.exec(text);
  if (m)
    return { type: 3, code: 4, ...(m[2] ? { mtu: Number(m[2]) } : {}), quoted: quotedTo(m[1]) };
  m = /^(net|host) (\S+) unreachable(?: - ([a-z ]+?))?(?:,|$)/.exec(text);
  if (m) {
    const code =
      UNREACHABLE_CODES[`${m[1]} ${m[3] ? `- ${m[3]}` : ''}`] ?? (m[1] === 'net' ? 0 : 1);
    return { type: 3, code, quoted: quotedTo(m[2]) };
  }
  m = /^(\S+) unreachable - source (route failed|host isolated)/.exec(text);
  if (m) return { type: 3, code: m[2] === 'route failed' ? 5 : 8, quoted: quotedTo(m[1]) };
  m = /^#(\d+) (\S+) unreachable/.exec(text);
  if (m) return { type: 3, code: Number(m[1]), quoted: quotedTo(m[2]) };
  m = /^redirect(?:-tos)? (\S+) to (?:net|host) \S+/.exec(text);
  if (m) return { type: 5, code: 0, quoted: quotedTo(m[1]) };
  if (text.startsWith('source quench')) return { type: 4, code: 0 };
  if (text.startsWith('parameter problem')) return { type: 12, code: 0 };
  if (text.startsWith('router advertisement')) return { type: 9, code: 0 };
  if (text.startsWith('router solicitation')) return { type: 10, code: 0 };
  if (text.startsWith('time stamp reply')) return { type: 14, code: 0 };
  if (text.startsWith('time stamp')) return { type: 13, code: 0 };
  m = /^type-#(\d+)/.exec(text);
  if (m) return { type: Number(m[1]), code: 0 };
  return undefined;
}

/** ICMPv6 after `ICMP6, `; errors are given ICMPv4's type and code, so that one set of rules reads both. */
function readIcmp6(text: string): IcmpDetails | undefined {
  const echo = readEcho(text);
  if (echo) return echo;
  if (text.startsWith('destination unreachable')) {
    const port = /(\S+) (tcp|udp) port ([\w-]+)/.exec(text);
    const address = /unreachable (?:route|prohibited|beyond scope|address) (\S+?),/.exec(text);
    const code = /unreachable port/.test(text)
      ? 3
      : /prohibited/.test(text)
        ? 13
        : /unreachable route/.test(text)
          ? 0
          : 1;
    const quoted = port
      ? quotedTo(port[1], port[2], portOf(port[3]))
      : address
        ? quotedTo(address[1])
        : undefined;
    return { type: 3, code, ...(quoted ? { quoted } : {}) };
  }
  const tooBig = /^packet too big, mtu (\d+)/.exec(text);
  if (tooBig) return { type: 3, code: 4, mtu: Number(tooBig[1]) };
  if (text.startsWith('time exceeded in-transit')) return { type: 11, code: 0 };
  if (text.startsWith('time exceeded')) return { type: 11, code: 1 };
  if (text.startsWith('parameter problem')) return { type: 12, code: 0 };
  if (text.startsWith('router solicitation')) return { type: 133, code: 0 };
  if (text.startsWith('router advertisement')) return { type: 134, code: 0 };
  if (text.startsWith('neighbor solicitation')) return { type: 135, code: 0 };
  if (text.startsWith('neighbor advertisement')) return { type: 136, code: 0 };
  return { type: 255, code: 0 };
}

function quotedTo(dst: string, protocol?: string, dstPort?: number): QuotedPacket {
  return {
    dst,
    ...(protocol !== undefined ? { protocol } : {}),
    ...(dstPort !== undefined ? { dstPort } : {}),
  };
}

/** F5's tcpdump says which way the balancer handled the packet and for which virtual server. */
function readF5Suffix(copy: MutableCopy, text: string): void {
  const tmm = text.lastIndexOf('tmm');
  if (tmm < 0) return;
  // The suffix starts a few characters before `tmm` (` out slot12/tmm3`); search only from there.
  const from = Math.max(0, tmm - 16);
  const m = F5_SUFFIX.exec(from === 0 ? text : text.slice(from));
  if (!m) return;
  copy.direction = m[1] === 'in' ? 'in' : 'out';
  copy.via = m[2];
  if (m[3]) copy.virtualServer = m[3];
}
