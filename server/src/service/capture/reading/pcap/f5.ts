// The F5 Ethernet trailer: what F5's tcpdump appends to each frame after the packet when it
// captures with noise on the interface (`tcpdump -i 0.0:n|:nn|:nnn -w FILE`): which way the
// balancer handled the packet, its slot and tmm, the virtual server (low noise); the connection
// flow, its peer flow's id, the reset cause (medium); the peer flow's addresses and ports (high).
// Two layouts, read as Wireshark's packet-f5ethtrailer.c reads them:
// * BIG-IP 9.4 to 13.x, a run of TLVs: a type byte (1 low, 2 medium, 3 high), a length byte (the
//   bytes after it), a version byte, then fields whose places depend on the type, version and
//   length (the table in readOldFormat);
// * BIG-IP 14 and later: a header (magic 0xF5DEB0F5, a 16-bit length counting the header, a
//   16-bit version, 1), then TLVs of a 16-bit provider (1: noise), type, length (counting its
//   8-byte header) and version: low 2 to 4, medium 4, high 1; other providers (TLS keys) skipped.
// Short frames may carry Ethernet padding (zeros) before the trailer, and a trailer added after
// the FCS starts four bytes later. A trailer cut short (by the snap length, or with a length
// longer than its bytes) is read as far as its whole TLVs go; one whose first TLV is not whole is
// not read at all. Multi-byte fields are big-endian, but BIG-IP 9.4 and 10 wrote the ingress
// slot and port of the medium TLV little-endian.
import { hasF5Peer } from '../packet';
import { be16, be32, hex, ipv4Text, ipv6Text } from './bytes';

/** The peer flow, as high noise gives it: the other side's connection through the balancer. */
export interface F5PeerFlow {
  /** Its IP protocol number (0 before BIG-IP 11). */
  readonly protocol: number;
  /** Its VLAN tag (0 for none). */
  readonly vlan: number;
  /** Its remote and local addresses (`10.1.1.1`, `2001:db8::1`, `10.1.1.1%2` in route domain 2). */
  readonly remote: string;
  readonly local: string;
  readonly remotePort: number;
  readonly localPort: number;
}

/** What one frame's F5 trailer says. */
export interface F5Trailer {
  /** Low noise: the balancer received (`in`) or sent (`out`) the packet; its slot (1-based) and tmm. */
  readonly direction: 'in' | 'out';
  readonly slot: number;
  readonly tmm: number;
  /** The virtual server (listener) that handled the packet, '' for none. */
  readonly virtualServer: string;
  /** BIG-IP 15.1 and later: the interface and trunk the packet came or went through. */
  readonly port: string | undefined;
  readonly trunk: string | undefined;
  /** Medium noise: the connection flow's id and its peer flow's id (upper-case hex), and the rest. */
  readonly flowId: string | undefined;
  readonly peerId: string | undefined;
  /** Connection flow flags (upper-case hex, the high 32 bits first when there are 64). */
  readonly connFlags: string | undefined;
  readonly flowType: number | undefined;
  readonly haUnit: number | undefined;
  readonly ingressSlot: number | undefined;
  readonly ingressPort: number | undefined;
  readonly priority: number | undefined;
  /** Why the balancer reset the connection (`[0x2d4a8c:3034] No local listener`), when it did. */
  readonly resetCause: string | undefined;
  /** High noise: the peer flow; undefined when there is none (the peer id is 0) or no high TLV. */
  readonly peer: F5PeerFlow | undefined;
}

type MutableTrailer = { -readonly [K in keyof F5Trailer]: F5Trailer[K] };

const MAGIC = 0xf5deb0f5;
const LOW = 1;
const MEDIUM = 2;
const HIGH = 3;
/** Old-format TLV lengths Wireshark accepts as sane (the type and length bytes counted). */
const OLD_MIN = 7;
const OLD_MAX = 140;

/**
 * Reads the F5 trailer in `data` from `start` (the end of the network packet) to its end, or
 * undefined when there is none (no low-noise TLV whole: nothing says which way the packet went).
 */
export function readF5Trailer(data: Uint8Array, start: number): F5Trailer | undefined {
  const end = data.length;
  let at = start;
  while (at < end && data[at] === 0) at++; // Ethernet padding before the trailer
  if (end - at < OLD_MIN) return undefined;
  // The new format, at once or after a 4-byte FCS (whose first bytes may have been zeros).
  for (let p = Math.max(start, at - 4); p <= at + 4 && p + 8 <= end; p++) {
    if (be32(data, p) === MAGIC) return readNewFormat(data, p, end);
  }
  return readOldFormat(data, at, end);
}

function blank(): MutableTrailer {
  return {
    direction: 'in',
    slot: 0,
    tmm: 0,
    virtualServer: '',
    port: undefined,
    trunk: undefined,
    flowId: undefined,
    peerId: undefined,
    connFlags: undefined,
    flowType: undefined,
    haUnit: undefined,
    ingressSlot: undefined,
    ingressPort: undefined,
    priority: undefined,
    resetCause: undefined,
    peer: undefined,
  };
}

/** BIG-IP 9.4 to 13.x. */
function readOldFormat(data: Uint8Array, start: number, end: number): F5Trailer | undefined {
  const t = blank();
  let low = false;
  let highAt = -1;
  for (let at = start; at + 3 <= end;) {
    const type = data[at];
    const length = data[at + 1] + 2;
    const version = data[at + 2];
    if (
      type < LOW ||
      type > HIGH ||
      length < OLD_MIN ||
      length > OLD_MAX ||
      version > 3 ||
      at + length > end
    )
      break;
    let read = false;
    if (type === LOW) read = oldLow(data, at, length, version, t);
    else if (type === MEDIUM) read = oldMedium(data, at, length, version, t);
    else if (version === 0 && length === 42) {
      highAt = at + 3;
      read = true;
    }
    if (!read) break;
    if (type === LOW) low = true;
    at += length;
  }
  if (!low) return undefined;
  if (highAt >= 0) t.peer = peerFlow(data, highAt, t.peerId);
  return t;
}

/** Low noise, old format: v0 (BIG-IP 10: 22 bytes; 9.4: 35 with the flow ids) or v1 (the name's length given). */
function oldLow(
  data: Uint8Array,
  at: number,
  length: number,
  version: number,
  t: MutableTrailer,
): boolean {
  let nameAt: number;
  let nameLength: number;
  t.direction = data[at + 3] === 0 ? 'out' : 'in';
  t.tmm = data[at + 5];
  if (version === 0 && length === 35) {
    t.slot = data[at + 4]; // 9.4 numbers slots from 0 and says so
    t.flowId = hexId(data, at + 6, 4);
    t.peerId = hexId(data, at + 10, 4);
    t.connFlags = hexId(data, at + 14, 4);
    t.flowType = data[at + 18];
    nameAt = at + 19;
    nameLength = 16;
  } else if (version === 0 && length === 22) {
    t.slot = data[at + 4] + 1;
    nameAt = at + 6;
    nameLength = 16;
  } else if (version === 1 && length === 7 + data[at + 6]) {
    t.slot = data[at + 4] + 1;
    nameAt = at + 7;
    nameLength = data[at + 6];
  } else {
    return false;
  }
  t.virtualServer = text(data, nameAt, nameLength);
  return true;
}

/** Medium noise, old format: v0 (9.4: 8 bytes; 10: 21, 32-bit flow ids; 11: 29), v1 to v3 (a reset cause at the end). */
function oldMedium(
  data: Uint8Array,
  at: number,
  length: number,
  version: number,
  t: MutableTrailer,
): boolean {
  let o = at + 3;
  let causeLength = 0;
  if (version === 0) {
    if (length !== 8 && length !== 21 && length !== 29) return false;
  } else {
    const fixed = version === 1 ? 30 : version === 2 ? 31 : 35;
    if (length < fixed) return false;
    causeLength = data[at + fixed - 1];
    if (fixed + causeLength !== length) return false;
  }
  if (!(version === 0 && length === 8)) {
    const idBytes = version === 0 && length === 21 ? 4 : 8;
    t.flowId = hexId(data, o, idBytes);
    t.peerId = hexId(data, o + idBytes, idBytes);
    o += 2 * idBytes;
    if (version >= 3) {
      t.connFlags = hexId(data, o, 8);
      o += 8;
    } else {
      t.connFlags = hexId(data, o, 4);
      o += 4;
    }
    t.flowType = data[o++];
  }
  t.haUnit = data[o++];
  if (version === 0 && length !== 29) {
    // 9.4 and 10 wrote these two little-endian.
    t.ingressSlot = data[o] | (data[o + 1] << 8);
    t.ingressPort = data[o + 2] | (data[o + 3] << 8);
  } else {
    t.ingressSlot = be16(data, o);
    t.ingressPort = be16(data, o + 2);
  }
  o += 4;
  if (version >= 2) t.priority = data[o++];
  if (version >= 1 && causeLength > 0) t.resetCause = resetCause(data, o + 1, causeLength);
  return true;
}

/** BIG-IP 14 and later: the header, then the TLVs of each provider. */
function readNewFormat(data: Uint8Array, start: number, end: number): F5Trailer | undefined {
  const length = be16(data, start + 4);
  const version = be16(data, start + 6);
  if (length < 8 || version !== 1) return undefined;
  const stop = Math.min(end, start + length);
  const t = blank();
  let low = false;
  let highAt = -1;
  for (let at = start + 8; at + 8 <= stop;) {
    const provider = be16(data, at);
    const type = be16(data, at + 2);
    const tlvLength = be16(data, at + 4);
    const tlvVersion = be16(data, at + 6);
    if (tlvLength < 8 || at + tlvLength > stop) break; // cut short: what came before stands
    const body = at + 8;
    const bodyEnd = at + tlvLength;
    if (provider === 1) {
      if (type === LOW && tlvVersion >= 2 && tlvVersion <= 4)
        low = newLow(data, body, bodyEnd, tlvVersion, t) || low;
      else if (type === MEDIUM && tlvVersion === 4) newMedium(data, body, bodyEnd, t);
      else if (type === HIGH && tlvVersion === 1 && bodyEnd - body >= 39) highAt = body;
    }
    at = bodyEnd;
  }
  if (!low) return undefined;
  if (highAt >= 0) t.peer = peerFlow(data, highAt, t.peerId);
  return t;
}

/** Low noise, new format: flags (v2: the direction alone), slot, tmm, then the virtual server's name (v2, v3) or named objects (v4). */
function newLow(
  data: Uint8Array,
  at: number,
  end: number,
  version: number,
  t: MutableTrailer,
): boolean {
  if (end - at < 4) return false;
  const flags = data[at];
  t.direction = (version === 2 ? flags : flags & 1) === 0 ? 'out' : 'in';
  t.slot = data[at + 1] + 1;
  t.tmm = data[at + 2];
  const size = data[at + 3];
  if (at + 4 + size > end) return true; // a name longer than its TLV: the rest stands
  if (version < 4) {
    t.virtualServer = text(data, at + 4, size);
    return true;
  }
  // Objects: a type (0 virtual server, 1 interface, 2 trunk), a length, the name.
  for (let o = at + 4; o + 2 <= at + 4 + size;) {
    const kind = data[o];
    const length = data[o + 1];
    if (o + 2 + length > at + 4 + size) break;
    const name = text(data, o + 2, length);
    if (kind === 0) t.virtualServer = name;
    else if (kind === 1) t.port = name;
    else if (kind === 2) t.trunk = name;
    o += 2 + length;
  }
  return true;
}

/** Medium noise, new format (v4): flow ids, flags, flow type, HA unit, 4 reserved bytes, priority, reset cause. */
function newMedium(data: Uint8Array, at: number, end: number, t: MutableTrailer): void {
  if (end - at < 32) return;
  t.flowId = hexId(data, at, 8);
  t.peerId = hexId(data, at + 8, 8);
  t.connFlags = hexId(data, at + 16, 8);
  t.flowType = data[at + 24];
  t.haUnit = data[at + 25];
  t.priority = data[at + 30];
  const causeLength = data[at + 31];
  if (causeLength > 0 && at + 32 + causeLength <= end)
    t.resetCause = resetCause(data, at + 32, causeLength);
}

/**
 * The peer flow of a high TLV's fields at `at`: protocol, VLAN, remote and local address (16
 * bytes each), remote and local port. None when the medium TLV said there is no peer flow.
 */
function peerFlow(
  data: Uint8Array,
  at: number,
  peerId: string | undefined,
): F5PeerFlow | undefined {
  if (peerId !== undefined && !hasF5Peer(peerId)) return undefined;
  return {
    protocol: data[at],
    vlan: be16(data, at + 1),
    remote: f5Address(data, at + 3),
    local: f5Address(data, at + 19),
    remotePort: be16(data, at + 35),
    localPort: be16(data, at + 37),
  };
}

/** F5's route-domain prefix: 2620:0:c10:f501, 0, then the route domain and an IPv4 address. */
const ROUTE_DOMAIN_PREFIX = [0x26, 0x20, 0, 0, 0x0c, 0x10, 0xf5, 0x01, 0, 0];

/** A 16-byte address: IPv4-mapped as IPv4, F5's route-domain form as `a.b.c.d%N`, else IPv6. */
export function f5Address(data: Uint8Array, at: number): string {
  let mapped = data[at + 10] === 0xff && data[at + 11] === 0xff;
  for (let i = 0; i < 10 && mapped; i++) if (data[at + i] !== 0) mapped = false;
  if (mapped) return ipv4Text(data, at + 12);
  let routed = true;
  for (let i = 0; i < 10 && routed; i++)
    if (data[at + i] !== ROUTE_DOMAIN_PREFIX[i]) routed = false;
  if (routed) return `${ipv4Text(data, at + 12)}%${be16(data, at + 10)}`;
  return ipv6Text(data, at);
}

/**
 * A reset cause (version 0, the only one defined): a byte of version and peer flag, 6 bytes of
 * code and 2 of line, then the text.
 */
function resetCause(data: Uint8Array, at: number, length: number): string | undefined {
  if (length < 9 || data[at] >> 1 !== 0) return undefined;
  const code = hex(data, at + 1, 6).replace(/^0+(?=.)/, '');
  const line = be16(data, at + 7);
  const peer = data[at] & 1 ? ' {peer}' : '';
  return `[0x${code}:${line}]${peer} ${text(data, at + 9, length - 9, true)}`;
}

/** Upper-case hex of an id, without leading zeros (`56000000B200`, `0`). */
function hexId(data: Uint8Array, at: number, count: number): string {
  return hex(data, at, count)
    .replace(/^0+(?=.)/, '')
    .toUpperCase();
}

/**
 * ASCII text up to its first NUL, anything outside printable ASCII as `?` (a name is shown, never
 * trusted), and a space too unless `spaces` (a name is one word of the text form).
 */
function text(data: Uint8Array, at: number, length: number, spaces = false): string {
  let out = '';
  for (let i = at; i < at + length; i++) {
    const c = data[i];
    if (c === 0) break;
    out += (c > 32 || (spaces && c === 32)) && c < 127 ? String.fromCharCode(c) : '?';
  }
  return out;
}

/**
 * What F5's tcpdump (BIG-IP 11.2 and later) writes as a capture's first packet: not a packet off
 * the wire but an Ethernet frame with both addresses zero, the length field 0x05FF, the marker
 * `F5-Pseudo-pkt` and then NUL-ended `KEY: value` strings, as Wireshark's f5fileinfo dissector
 * reads them: CMD (the tcpdump command line), VER (the BIG-IP version), HOST, PLAT (the platform
 * id, `Z100` for Virtual Edition) and PROD (the product).
 */
export interface F5CaptureInfo {
  /** The strings in their order, each as its key and value (`CMD`, `tcpdump -ni 0.0:nnn ...`). */
  readonly entries: readonly { readonly key: string; readonly value: string }[];
}

const PSEUDO_PACKET_MARKER = 'F5-Pseudo-pkt';
/** The two addresses (12 bytes of zeros), the length field, the marker and its NUL. */
const PSEUDO_PACKET_HEAD = 12 + 2 + PSEUDO_PACKET_MARKER.length + 1;

/** The capture information of an Ethernet frame that is F5's pseudo-packet, else undefined. */
export function readF5CaptureInfo(data: Uint8Array): F5CaptureInfo | undefined {
  if (data.length < PSEUDO_PACKET_HEAD || be16(data, 12) !== 0x05ff) return undefined;
  for (let i = 0; i < 12; i++) if (data[i] !== 0) return undefined;
  for (let i = 0; i < PSEUDO_PACKET_MARKER.length; i++)
    if (data[14 + i] !== PSEUDO_PACKET_MARKER.charCodeAt(i)) return undefined;
  if (data[PSEUDO_PACKET_HEAD - 1] !== 0) return undefined;
  const entries: { key: string; value: string }[] = [];
  for (let at = PSEUDO_PACKET_HEAD; at < data.length;) {
    let end = at;
    while (end < data.length && data[end] !== 0) end++;
    const entry = text(data, at, end - at, true);
    const colon = entry.indexOf(': ');
    if (colon > 0) entries.push({ key: entry.slice(0, colon), value: entry.slice(colon + 2) });
    else if (entry !== '') entries.push({ key: '', value: entry });
    at = end + 1;
  }
  return { entries };
}

/** The words the text form uses for the keys Wireshark's dissector knows. */
const CAPTURE_INFO_NAMES: Readonly<Record<string, string>> = {
  CMD: 'command',
  VER: 'version',
  HOST: 'host',
  PLAT: 'platform',
  PROD: 'product',
};

/**
 * The capture information as one comment line of the text form (no packet: the dump's readers
 * pass over it as they do tcpdump's banners): `# F5 capture information (packet 1): command
 * "tcpdump -ni 0.0:nnn -w /var/tmp/cap.pcap", version "BIG-IP 15.1.8 ...", host "bigip1", ...`.
 */
export function f5CaptureInfoText(info: F5CaptureInfo, number: number): string {
  const fields = info.entries.map(({ key, value }) => {
    const name = CAPTURE_INFO_NAMES[key] ?? key.toLowerCase();
    return `${name === '' ? '' : `${name} `}"${value.replace(/"/g, "'")}"`;
  });
  return `# F5 capture information (packet ${number})${fields.length > 0 ? `: ${fields.join(', ')}` : ''}`;
}
