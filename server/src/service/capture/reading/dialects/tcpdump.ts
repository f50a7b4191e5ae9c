// The tcpdump dialect: the text tcpdump prints (Linux, firewalls, F5 and other balancers).
//     1  2015-02-24 02:23:00.757048 IP 127.0.0.1.35901 > 127.0.0.1.6379: Flags [S], seq 1159918511, ...
// A first line is [-# number] [time stamp in any -t form] [-i any: interface In/Out] [-e link
// header] then `IP`/`IP6`/`ARP` or another protocol, the addresses (ports after the last dot) and
// what the protocol printer says. With -v the IP header comes first and the addresses follow on
// an indented line; an ICMP error then quotes the packet it reports on, on further indented
// lines. F5's tcpdump appends ` in|out slot1/tmm0 lis=/Common/vs` (direction, virtual server).
import type {
  Encapsulation,
  EncapsulationKind,
  F5Details,
  IcmpDetails,
  IkeDetails,
  MutableCopy,
  QuotedPacket,
  TcpDetails,
} from '../packet';
import { blankCopy, ikeV2Details, isIkePort } from '../packet';

/** `[N  ][YYYY-MM-DD ]HH:MM:SS.ffffff ` or an epoch / delta time stamp (-tt, -ttt); each part optional. */
const HEAD = /^\s*(?:(\d+)\s+)?((?:\d{4}-\d\d-\d\d[ T])?\d{1,2}:\d\d:\d\d\.\d+|\d+\.\d{6,9})?\s*/;
/** What a line printed with -t (no time stamp) and without -# must start with to be a packet. */
const UNSTAMPED =
  /^(?:IP6? |ARP, |(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}[ ,]|(?:(?:[\w.@:-]+|\?)\s+)?(?:In|Out|B|M|P|\?)\s+(?:IP|ARP))/;
/**
 * `-i any`: `eth0  In  `, `?     Out ` (an interface tcpdump cannot name), tcpdump 4.9's bare
 * `In `/`Out `/`  P `/`  M `/`  B `/`  ? `, or Linux cooked v2's `ifindex 2 (eth0) ` before them.
 */
const ANY_INTERFACE =
  /^(?:ifindex \d+ (?:\(([^)\s]+)\) )?\s*)?(?:([\w.@:-]+|\?)\s+)??(In|Out|P|M|B|\?)\s+(?:ifindex \d+\s+)?(?=IP6? |ARP|[0-9a-fA-F]{2}:|ethertype |MPLS |PPPoE)/;
/**
 * `-e`: `00:1a:.. > 00:6f:.., ethertype IPv4 (0x0800), length 74: ` (Linux cooked: no `> dst`;
 * without -n a vendor note: `aa:c1:ab:aa:11:6a (oui Unknown) > ...`; two words: `MPLS unicast`).
 */
const LINK =
  /^((?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2})(?: \(oui [^)]*\))?(?: > ([^\s,]+)(?: \(oui [^)]*\))?)?,? (?:ethertype ([^,(]+?) \(0x[0-9a-fA-F]+\)|([^,:]+)), length \d+: /;
/** `vlan 100, p 0, ethertype IPv4 (0x0800), ` after an 802.1Q link header (twice for QinQ). */
const VLAN = /^vlan (\d+), p \d+,(?: DEI,)? (?:ethertype ([^,(]+?)(?: \(0x[0-9a-fA-F]+\))?, )?/;
/** `MPLS (label 16, exp 0, ttl 255) (label 20, exp 0, [S], ttl 255) `: a label stack, top first. */
const MPLS = /^MPLS((?: \(label \d+[^)]*\))+)\s*/;
/** `PPPoE  [ses 0x18] IP (0x0021), length 102: ` (-e names the PPP protocol) or `PPPoE  [ses 0x18] `. */
const PPPOE =
  /^PPPoE\s+(?:[A-Z]+\s+)?\[ses (0x[0-9a-fA-F]+)\]\s*(?:(IP|IPV6|IPv6) \(0x[0-9a-fA-F]+\), length \d+: )?/;
/** `GREv0, Flags [key present], key=0x64, length 88: ` (-v: the carried packet on the next lines). */
const GRE = /^GREv\d(?:, Flags \[[^\]]*\])?((?:, [^,:]+?)*?), length \d+(?:: |$)/;
/** `VXLAN, flags [I] (0x08), vni 100`: the carried frame follows on the next line. */
const VXLAN = /^VXLAN, flags \[[^\]]*\] \(0x[0-9a-fA-F]+\), vni (\d+)/;
/**
 * TCP as tcpdump 3.x and 4.0 (and appliances built on them) print it: flag letters or `.`, with
 * -v the checksum, then `seq:end(length)` for data, SYN, FIN and RST, ` ack N` when ACK is set,
 * ` win N`: `S 2166173138:2166173138(0) win 8192 <mss 1350>`, `P 1:27(26) ack 1 win 65535`.
 */
const OLD_TCP =
  /^([SFRPWEU]+|\.)(?:, cksum 0x[0-9a-fA-F]+ \([^)]*\),?)?(?: (\d+):(\d+)\((\d+)\))?(?: ack (\d+))?(?: win \d+)?(?= |$)/;
/** The -v IP header: `(tos 0x0, ttl 64, id 19908, ..., proto UDP (17), length 404)`, one level of parentheses inside. */
const IP_HEADER = /^\((?:[^()]|\([^()]*\))*\)\s*/;
const HEADER_ID = /\bid (\d+)/;
const HEADER_PROTO = /\b(?:proto|next-header):? (\S+) \((\d+)\)/;
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
/** One `key=value` word after it; a value in double quotes may hold spaces (`rstcause="[0x1:2] text"`). */
const F5_WORD = /(?:^|\s)([a-z_]+)=(?:"([^"]*)"|(\S*))/g;

const ESP = /^ESP\(spi=(0x[0-9a-fA-F]+),seq=(0x[0-9a-fA-F]+)\)/;
/**
 * `AH(spi=0x00001000,seq=0x1): ` (-v: `,sumlen=16` after the SPI); newer tcpdump with -v opens
 * with the header's length and reserved field: `AH(length=4(24-bytes),reserved=0x0,spi=...,seq=...`.
 */
const AH =
  /^AH\((?:length=\d+\(\d+-bytes\),reserved=0x[0-9a-fA-F]+(?:\[MustBeZero\])?,)?spi=(0x[0-9a-fA-F]+)(?:,sumlen=\d+)?(?:,seq=(0x[0-9a-fA-F]+))?/;
const ISAKMP = /^isakmp(?: (\d)\.\d)?(?: msgid \S*?)?(?: cookie \S+)?:\s*(.*)$/;
const IKE_V1 = /^phase (\d)(?:\/others)? ([IR]) ([\w-]+)/;
const IKE_V2 = /^(parent_sa|child_sa)\s+([\w-]+?)\[([IVR]*)\]/;
const ICMP_ECHO = /^echo (request|reply)(?:, id (\d+))?(?:,? seq (\d+))?/;
/**
 * IPv6 extension headers as tcpdump prints them before the layer they carry: hop-by-hop and
 * destination options (`HBH (rtalert: 0x0000) (padn) `, `DSTOPT ...`; without -v older tcpdump
 * prints `HBH ` alone), a routing header (`srcrt (len=2, type=0, ..., [0]2200::210:2:0:0:4) `), a
 * fragment header (`frag (0|1232) `, -v: `frag (0x0000002a:0|1232) `).
 */
const IPV6_EXTENSIONS =
  /^(?:(?:HBH|DSTOPT|srcrt|frag)(?: ?\((?:[^()]|\([^()]*\))*\))*(?:\s+(?!\()|$))+/;
/** After them TCP and UDP print their ports alone, the addresses being printed already: `500 > 500: `. */
const PORTS_ONLY = /^([\w-]+) > ([\w-]+):(?: +|$)/;

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
  nntp: 119,
  ntp: 123,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  'netbios-ssn': 139,
  imap: 143,
  imap2: 143,
  snmp: 161,
  'snmp-trap': 162,
  bgp: 179,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  submissions: 465,
  urd: 465,
  ssmtp: 465,
  isakmp: 500,
  syslog: 514,
  printer: 515,
  rtsp: 554,
  submission: 587,
  ipp: 631,
  ldaps: 636,
  rsync: 873,
  ftps: 990,
  imaps: 993,
  pop3s: 995,
  socks: 1080,
  openvpn: 1194,
  'ms-sql-s': 1433,
  l2tp: 1701,
  pptp: 1723,
  radius: 1812,
  'radius-acct': 1813,
  nfs: 2049,
  mysql: 3306,
  'ms-wbt-server': 3389,
  'ipsec-nat-t': 4500,
  sip: 5060,
  'sip-tls': 5061,
  'xmpp-client': 5222,
  postgresql: 5432,
  mdns: 5353,
  irdmi: 8000,
  'http-alt': 8080,
  webcache: 8080,
  'pcsync-https': 8443,
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
type Stage = 'addresses' | 'inner' | 'quoted-header' | 'quoted-addresses' | 'done';

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
  /** A tunnel whose carried packet comes on the next line (VXLAN; GRE and MPLS with -v). */
  tunnel: { kind: EncapsulationKind; id: string } | undefined;
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
    tunnel: undefined,
  };

  const plainIp = rest.startsWith('IP ') || rest.startsWith('IP6 ');
  const any = plainIp ? null : ANY_INTERFACE.exec(rest);
  if (any) {
    const name = any[2] ?? any[1];
    if (name !== undefined && name !== '?') copy.via = name;
    readDirectionWord(copy, any[3]);
    rest = rest.slice(any[0].length);
  }

  if (!readLinkAndNetwork(packet, rest, hasTime)) return undefined;
  readF5Suffix(copy, text);
  return packet;
}

/**
 * What -i any prints before the packet, in a three-character column: `In`, `Out`, and for a
 * received packet not addressed to this host `B` (broadcast), `M` (multicast), `P` (to another
 * host); `?` for a packet type tcpdump does not know.
 */
function readDirectionWord(copy: MutableCopy, word: string): void {
  if (word === 'Out') copy.direction = 'out';
  else if (word === '?') return;
  else copy.direction = 'in';
  if (word === 'B') copy.linkType = 'broadcast';
  else if (word === 'M') copy.linkType = 'multicast';
  else if (word === 'P') copy.linkType = 'other-host';
}

/**
 * Reads what follows the time stamp and the -i any marks: the -e link header, the layers a packet
 * is carried in (802.1Q tags, MPLS labels, a PPPoE session), then the network packet. False when
 * the text is no packet at all.
 */
function readLinkAndNetwork(
  packet: TcpdumpPacket,
  text: string,
  standalone: boolean,
  carried = false,
): boolean {
  let rest = text;
  // With -e the link header names the network protocol instead of `IP`/`IP6`/`ARP`.
  let network: string | undefined;
  const plainIp = rest.startsWith('IP ') || rest.startsWith('IP6 ');
  const link = plainIp || rest.charCodeAt(2) !== 58 /* : */ ? null : LINK.exec(rest);
  if (link) {
    network = (link[3] ?? link[4]).trim();
    rest = rest.slice(link[0].length);
  }
  let wrapped = carried;
  if (!plainIp) {
    const peeled = peelLayers(packet.copy, rest);
    if (peeled.rest !== rest) {
      rest = peeled.rest;
      network = peeled.network;
      wrapped = carried || peeled.carrier;
    }
  }
  return readNetwork(packet, rest, network, standalone, wrapped);
}

/**
 * Reads a network packet: `IP`/`IP6`/`ARP` and what follows, or the addresses alone where the
 * dump leaves the word out (after -e, an MPLS label stack, a tunnel's outer packet, or tcpdump 3.8
 * and older). `wrapped`: a carrier (MPLS, PPPoE) came before, so the network packet may start on
 * the next line.
 */
function readNetwork(
  packet: TcpdumpPacket,
  text: string,
  named: string | undefined,
  standalone: boolean,
  wrapped: boolean,
): boolean {
  const copy = packet.copy;
  let rest = text;
  let network = named;
  if (rest.startsWith('IP ') || rest.startsWith('IP6 ')) {
    network = rest.startsWith('IP6') ? 'IPv6' : 'IPv4';
    rest = rest.slice(network === 'IPv6' ? 4 : 3);
  } else if (rest.startsWith('ARP, ')) {
    network = 'ARP';
    rest = rest.slice(5);
  } else if (network === undefined || wrapped) {
    const unnamed = unnamedNetwork(rest);
    if (unnamed !== undefined) {
      network = unnamed;
    } else if (wrapped && rest === '') {
      packet.stage = 'inner'; // -v: the carried packet starts on the next, indented line
      copy.protocol = copy.encapsulation?.at(-1)?.kind ?? 'ip';
      return true;
    } else if (network === undefined) {
      // A time stamp followed by another protocol (LLDP, STP, CDP, ...): a packet, but not IP.
      if (!standalone || !/^[A-Za-z]/.test(rest)) return false;
      copy.protocol = firstWord(rest);
      copy.details = rest;
      return true;
    }
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
  return true;
}

/**
 * The network a packet printed without `IP`/`IP6` is, by how it starts: a -v IP header, or a
 * source address followed by ` > `; undefined when it starts otherwise.
 */
function unnamedNetwork(text: string): 'IPv4' | 'IPv6' | undefined {
  if (text.charCodeAt(0) === 40 /* ( */) {
    if (!/^\((?:tos|flowlabel|hlim|class) /.test(text)) return undefined;
    return /^\((?:flowlabel|hlim|class) /.test(text) ? 'IPv6' : 'IPv4';
  }
  if (IPV4_ADDRESSES.test(text)) return 'IPv4';
  const addresses = ADDRESSES.exec(text);
  if (
    !addresses ||
    !/^[0-9a-fA-F][0-9a-fA-F:.]*[.:][0-9a-fA-F:.]*(?:\.[\w-]+)?$/.test(addresses[1])
  )
    return undefined;
  return addresses[1].includes(':') ? 'IPv6' : 'IPv4';
}

/**
 * Peels the layers tcpdump prints before a network packet: 802.1Q tags (two for QinQ), an MPLS
 * label stack, a PPPoE session. Answers the rest, the network a layer names (undefined when it
 * names none), and whether the last layer is a carrier after which the packet may be unnamed.
 */
function peelLayers(
  copy: MutableCopy,
  text: string,
): { rest: string; network: string | undefined; carrier: boolean } {
  let rest = text;
  let network: string | undefined;
  let carrier = false;
  for (;;) {
    const c = rest.charCodeAt(0);
    if (c === 118 /* v */) {
      const vlan = VLAN.exec(rest);
      if (!vlan) break;
      addLayer(copy, { kind: 'vlan', id: vlan[1], src: '', dst: '' });
      network = vlan[2]?.trim();
      carrier = false;
      rest = rest.slice(vlan[0].length);
    } else if (c === 77 /* M */ && rest.startsWith('MPLS (')) {
      const mpls = MPLS.exec(rest);
      if (!mpls) break;
      const labels = [...mpls[1].matchAll(/label (\d+)/g)].map((m) => m[1]);
      addLayer(copy, { kind: 'mpls', id: labels.join('/'), src: '', dst: '' });
      network = undefined;
      carrier = true;
      rest = rest.slice(mpls[0].length);
    } else if (c === 80 /* P */ && rest.startsWith('PPPoE')) {
      const pppoe = PPPOE.exec(rest);
      if (!pppoe) break;
      addLayer(copy, { kind: 'pppoe', id: pppoe[1].toLowerCase(), src: '', dst: '' });
      network = pppoe[2] === undefined ? undefined : pppoe[2] === 'IP' ? 'IPv4' : 'IPv6';
      carrier = true;
      rest = rest.slice(pppoe[0].length);
    } else if (c === 101 /* e */ && rest.startsWith('ethertype ')) {
      // After a tag: `ethertype 802.1Q (0x8100), vlan 2001, ...` or `ethertype PPPoE S, PPPoE ...`.
      const type = /^ethertype ([^,(]+?)(?: \(0x[0-9a-fA-F]+\))?, /.exec(rest);
      if (!type) break;
      network = type[1];
      rest = rest.slice(type[0].length);
    } else {
      break;
    }
  }
  return { rest, network, carrier };
}

function addLayer(copy: MutableCopy, layer: Encapsulation): void {
  copy.encapsulation = copy.encapsulation ? [...copy.encapsulation, layer] : [layer];
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
  if (packet.stage === 'inner') {
    readCarried(packet, text);
    return;
  }
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
    tunnel: undefined,
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

/**
 * True when a line that is not indented continues the packet being read: the frame a VXLAN
 * packet carries, which tcpdump prints on the next line with neither time stamp nor indent.
 */
export function carriesOn(packet: TcpdumpPacket, text: string): boolean {
  return packet.stage === 'inner' && packet.tunnel?.kind === 'vxlan' && HEAD.exec(text)![0] === '';
}

/** The line after a tunnel's header or a carrier (MPLS with -v): the packet it carries, or the next layer of it. */
function readCarried(packet: TcpdumpPacket, text: string): void {
  const inner = text.trimStart();
  const link = inner.charCodeAt(2) === 58 /* : */ && LINK.test(inner);
  if (!link && !startsNetwork(inner) && !inner.startsWith('PPPoE')) {
    packet.stage = 'done'; // something else (hex bytes, a payload's lines): the copy keeps what it has
    packet.tunnel = undefined;
    return;
  }
  if (packet.tunnel) openTunnel(packet, packet.tunnel.kind, packet.tunnel.id);
  packet.stage = 'done';
  readLinkAndNetwork(packet, inner, false, true);
  readF5Suffix(packet.copy, text);
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
  if (copy.ipVersion === 6 && readAfterExtensions(packet, b)) return;
  copy.details = b;
  const hasPorts = copy.srcPort !== undefined && copy.dstPort !== undefined;
  const length = lengthIn(b);
  if (length !== undefined) copy.length = length;
  if (readTunnel(packet, b)) return;

  // TCP_FLAGS, TCP_SEQ and TCP_ACK, read with searches: most packets of a dump are TCP.
  const flagsEnd = b.startsWith('Flags [') ? b.indexOf(']', 7) : -1;
  const old = flagsEnd < 0 && hasPorts ? readOldTcp(b) : undefined;
  if (old) {
    copy.protocol = 'tcp';
    copy.tcp = old;
  } else if (flagsEnd >= 0) {
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

/**
 * An IPv6 packet whose body starts with extension headers (IPV6_EXTENSIONS): the layer after them
 * is read in their place, with the ports TCP and UDP print alone (`frag (0|1232) 500 > 500:
 * isakmp ...`). The -v header names the first extension header, not that layer: it no longer
 * decides. False when the body starts otherwise, or nothing follows (a fragment after the first).
 */
function readAfterExtensions(packet: TcpdumpPacket, body: string): boolean {
  const c = body.charCodeAt(0);
  if (c !== 72 /* H */ && c !== 68 /* D */ && c !== 115 /* s */ && c !== 102 /* f */) return false;
  const extensions = IPV6_EXTENSIONS.exec(body);
  if (!extensions || extensions[0].length === body.length) return false;
  let rest = body.slice(extensions[0].length);
  const ports = PORTS_ONLY.exec(rest);
  const srcPort = ports ? portOf(ports[1]) : undefined;
  const dstPort = ports ? portOf(ports[2]) : undefined;
  if (ports && srcPort !== undefined && dstPort !== undefined) {
    packet.copy.srcPort = srcPort;
    packet.copy.dstPort = dstPort;
    rest = rest.slice(ports[0].length);
  }
  packet.headerProtocol = undefined;
  readBody(packet, rest);
  return true;
}

/**
 * The older TCP form (OLD_TCP), in the flags of the newer one: the ACK that `ack N` shows becomes
 * `.` (`S` with an ack is `S.`, a SYN-ACK). Undefined when the body is not in that form.
 */
function readOldTcp(body: string): TcpDetails | undefined {
  const c = body.charCodeAt(0);
  if (c !== 46 /* . */ && (c < 65 || c > 90)) return undefined;
  const m = OLD_TCP.exec(body);
  if (!m) return undefined;
  const [, letters, seq, , length, ack] = m;
  // A letter and nothing a TCP header shows after it is an application's word, not TCP.
  if (seq === undefined && ack === undefined && !m[0].includes(' win ')) return undefined;
  const acked = ack !== undefined ? '.' : '';
  return {
    flags: letters === '.' ? acked : letters + acked,
    seq: seq ?? '',
    ack: ack ?? '',
    length: length === undefined ? 0 : Number(length),
  };
}

/**
 * A tunnel's outer packet: IP in IP (`IP a > b: IP c > d: ...`, or with -v the inner header after
 * the outer addresses), GRE (`GREv0, length 88: IP ...`, with -v the inner packet on the next
 * lines), VXLAN (the carried frame on the next line). The outer packet becomes a layer of the
 * copy and the carried packet is read in its place. False when the body is no tunnel.
 */
function readTunnel(packet: TcpdumpPacket, body: string): boolean {
  const c = body.charCodeAt(0);
  if (c === 73 /* I */ && (body.startsWith('IP ') || body.startsWith('IP6 '))) {
    carry(packet, 'ip-in-ip', '', body);
    return true;
  }
  if (
    c === 40 /* ( */ &&
    (packet.headerProtocol === 'ipip' || packet.headerProtocol === 'ipv6') &&
    unnamedNetwork(body) !== undefined
  ) {
    carry(packet, 'ip-in-ip', '', body);
    return true;
  }
  if (c === 71 /* G */ && body.startsWith('GREv')) {
    const gre = GRE.exec(body);
    if (!gre) return false;
    const key = /key=(0x[0-9a-fA-F]+)/.exec(gre[1])?.[1].toLowerCase() ?? '';
    const inner = body.slice(gre[0].length);
    packet.copy.protocol = 'gre';
    if (inner === '') {
      // Only -v prints the carried packet on the next lines; without it, nothing follows.
      if (packet.headerProtocol === undefined) return false;
      packet.tunnel = { kind: 'gre', id: key };
      packet.stage = 'inner';
      return true;
    }
    if (!startsNetwork(inner)) return false;
    carry(packet, 'gre', key, inner);
    return true;
  }
  if (c === 86 /* V */ && body.startsWith('VXLAN')) {
    const vxlan = VXLAN.exec(body);
    if (!vxlan) return false;
    packet.copy.protocol = 'udp';
    packet.tunnel = { kind: 'vxlan', id: vxlan[1] };
    packet.stage = 'inner';
    return true;
  }
  return false;
}

/** True when a carried packet starts here: `IP`, `IP6`, an MPLS stack, a -v header or an address. */
function startsNetwork(text: string): boolean {
  return (
    text.startsWith('IP ') ||
    text.startsWith('IP6 ') ||
    text.startsWith('MPLS (') ||
    unnamedNetwork(text) !== undefined
  );
}

/** Makes the outer packet a layer of the copy and reads the packet it carries from `inner`. */
function carry(packet: TcpdumpPacket, kind: EncapsulationKind, id: string, inner: string): void {
  openTunnel(packet, kind, id);
  readLinkAndNetwork(packet, inner, false, true);
}

/** The copy's addresses so far are a tunnel's outer packet: they become a layer, and the copy is cleared for the packet it carries. */
function openTunnel(packet: TcpdumpPacket, kind: EncapsulationKind, id: string): void {
  const copy = packet.copy;
  addLayer(copy, {
    kind,
    id,
    src: copy.src,
    dst: copy.dst,
    ...(kind === 'vxlan' && copy.srcPort !== undefined ? { srcPort: copy.srcPort } : {}),
    ...(kind === 'vxlan' && copy.dstPort !== undefined ? { dstPort: copy.dstPort } : {}),
    ...(copy.ipId !== undefined ? { ipId: copy.ipId } : {}),
  });
  copy.src = '';
  copy.dst = '';
  copy.srcPort = undefined;
  copy.dstPort = undefined;
  copy.ipId = undefined;
  copy.ipVersion = undefined;
  copy.protocol = '';
  copy.details = '';
  copy.length = undefined;
  packet.headerProtocol = undefined;
  packet.tunnel = undefined;
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
    const role = v2[3].includes('R') ? 'R' : v2[3].includes('I') ? 'I' : undefined;
    return ikeV2Details(exchange, role, natTraversal);
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

/**
 * F5's tcpdump says which way the balancer handled the packet and for which virtual server, and
 * with more noise (`:nn`, `:nnn`) the connection flow, its peer flow and a reset's cause as
 * `key=value` words after it (pcap/text.ts f5Suffix writes them alike for a binary capture).
 */
function readF5Suffix(copy: MutableCopy, text: string): void {
  const tmm = text.indexOf('tmm');
  if (tmm < 0) return;
  // The suffix starts a few characters before its `tmm` (` out slot12/tmm3`), at or after the first one.
  const from = Math.max(0, tmm - 16);
  const rest = from === 0 ? text : text.slice(from);
  const m = F5_SUFFIX.exec(rest);
  if (!m) return;
  copy.direction = m[1] === 'in' ? 'in' : 'out';
  copy.via = m[2];
  if (m[3]) copy.virtualServer = m[3];
  const words = rest.slice(m.index + m[0].length);
  if (words.indexOf('=') >= 0) readF5Words(copy, words);
}

/** The medium and high noise words (`flowid=56000000B200 peerid=0 ... peerremote=10.1.1.1 ...`). */
function readF5Words(copy: MutableCopy, text: string): void {
  const f5: { -readonly [K in keyof F5Details]: F5Details[K] } = {};
  const peer: Record<string, string> = {};
  F5_WORD.lastIndex = 0;
  for (let m = F5_WORD.exec(text); m; m = F5_WORD.exec(text)) {
    const value = m[3] ?? m[2];
    switch (m[1]) {
      case 'flowid':
        f5.flowId = value;
        break;
      case 'peerid':
        f5.peerId = value;
        break;
      case 'port':
        f5.port = value;
        break;
      case 'trunk':
        f5.trunk = value;
        break;
      case 'rstcause':
        f5.resetCause = value;
        break;
      case 'peerremote':
      case 'peerlocal':
      case 'remoteport':
      case 'localport':
      case 'proto':
      case 'vlan':
        peer[m[1]] = value;
        break;
    }
  }
  if (peer.peerremote !== undefined && peer.peerlocal !== undefined)
    f5.peer = {
      protocol: Number(peer.proto ?? 0),
      remote: peer.peerremote,
      remotePort: Number(peer.remoteport ?? 0),
      local: peer.peerlocal,
      localPort: Number(peer.localport ?? 0),
      vlan: Number(peer.vlan ?? 0),
    };
  if (Object.keys(f5).length > 0) copy.f5 = f5;
}
