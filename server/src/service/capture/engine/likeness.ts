// What the copies of one packet have in common on both sides of the balancer, for the pairer
// (pairing.ts): axdebug's packet id and tick; in tcpdump what NAT leaves alone (ESP's and AH's
// SPI and sequence, TCP's flags, sequence and acknowledgement numbers and length, an ICMP echo's
// identifier and sequence, an IKE message, a UDP length) and, with -v, the IP id. Each copy of a
// large dump is looked up once, so a likeness is never written out as a string: it is a kind, a
// hash of its fields for the pairer's table, and a second hash that stands for the fields themselves.
import type { PacketCopy } from '../reading/packet';

// The kinds of likeness.
/** axdebug: the packet id and the tick. */
const ID = 0;
/** ESP: SPI and sequence number. */
const ESP = 1;
/** AH: SPI and sequence number. */
const AH = 2;
/** TCP: flags, sequence and acknowledgement numbers, payload length. */
const TCP = 3;
/** ICMP echo (or any ICMP with a sequence number): type, identifier, sequence number. */
const ECHO = 4;
/** IKE: exchange, role, length. */
const IKE = 5;
/** UDP: its length. */
const UDP = 6;
/** tcpdump -v: protocol, IP id and length. */
export const IP_ID = 7;

/** The kinds a row written straight from a frame's bytes (frameRows.ts) or a line (dialects/*) takes. */
export const Likeness = { ID, ESP, TCP, ECHO, IKE, UDP, IP_ID } as const;

/** True for the likeness of axdebug's packet id: the copies are one packet by name. */
export function isPacketIdLikeness(kind: number): boolean {
  return kind === ID;
}

/** How sure a likeness is: the same packet id, a value NAT keeps and that rarely repeats, or only a hint. */
export const EXACT = 2;
export const STRONG = 1;
export const WEAK = 0;

/** Sequence numbers this long are tcpdump's absolute ones (or a relative one a megabyte into a connection). */
const LARGE_SEQUENCE = 7;

/**
 * The likeness of a copy other than its IP id; -1 when it has none. axdebug's packet id names the
 * packet; `debug packet`/`debug monitor` print none, so their copies are alike as tcpdump's are,
 * by what NAT leaves alone (their i/o marks say which copy was received).
 */
export function likenessOf(copy: PacketCopy): number {
  if (copy.dialect === 'axdebug' && copy.id !== undefined) return ID;
  if (copy.esp) return ESP;
  if (copy.ah) return copy.ah.seq === '' ? -1 : AH;
  if (copy.tcp) return TCP;
  if (copy.icmp?.seq !== undefined) return ECHO;
  if (copy.ike) return IKE;
  if (copy.protocol === 'udp' && copy.length !== undefined) return UDP;
  return -1;
}

/**
 * Whether a packet sent again looks alike in a kind of likeness: a TCP segment, an IKE message, a
 * ping or a UDP datagram resent is alike, and so may be the IP id; ESP and AH number every packet
 * anew (RFC 4303's sequence number, which a receiver refuses to see twice), so two copies alike
 * are one packet even with the same addresses (seen on both sides, untranslated).
 */
export function resentAlike(kind: number): boolean {
  return kind !== ESP && kind !== AH;
}

/** True when a copy has an IP id likeness (tcpdump -v, an id other than 0). */
export function hasIpId(copy: PacketCopy): boolean {
  return copy.ipId !== undefined && copy.ipId !== 0 && copy.dialect === 'tcpdump';
}

/** How sure a copy's likeness of a kind is. */
export function strengthOf(kind: number, copy: PacketCopy): number {
  switch (kind) {
    case ID:
      return EXACT;
    case TCP: {
      const tcp = copy.tcp!;
      return tcpStrength(tcp.flags.includes('S'), tcp.seq.length);
    }
    case ECHO:
      return copy.icmp!.id !== undefined ? STRONG : WEAK;
    case IKE:
    case UDP:
      return WEAK;
    default:
      return STRONG;
  }
}

/** How sure a TCP likeness is: a SYN's, or one with an absolute sequence number (of `digits` digits), is strong. */
export function tcpStrength(syn: boolean, digits: number): number {
  return syn || digits >= LARGE_SEQUENCE ? STRONG : WEAK;
}

// FNV-1a over the fields: equal fields give equal hashes, whatever strings hold them. The check
// is the same walk over the fields with another offset and prime: two copies whose hash and check
// are both equal have equal fields but for a chance of about one in 2^62, so the pairer compares
// the numbers of a row (copyRows.ts), never the fields themselves. Both are mixed in one walk over
// the fields (every copy of a dump is hashed, twice for a tcpdump -v one): the walk keeps the two
// states here rather than in an object made per copy.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;
const CHECK_OFFSET = 0x2f2b_9a4d;
const CHECK_PRIME = 0x5bd1e995;

/** The hash and the check being mixed. */
let hash = 0;
let check = 0;

function mixText(text: string): void {
  let h = hash;
  let c = check;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h = Math.imul(h ^ code, FNV_PRIME);
    c = Math.imul(c ^ code, CHECK_PRIME);
  }
  // A separator: ('ab', 'c') and ('a', 'bc') differ.
  hash = Math.imul(h ^ 0x1f, FNV_PRIME);
  check = Math.imul(c ^ 0x1f, CHECK_PRIME);
}

function mixInt(value: number): void {
  hash = Math.imul(hash ^ value, FNV_PRIME);
  check = Math.imul(check ^ value, CHECK_PRIME);
}

function mixNumber(value: number | undefined): void {
  if (value === undefined) return mixInt(0x5bd1e995);
  // Whole numbers by their bits; anything else (the dump printed no such number) by its text.
  if (!Number.isSafeInteger(value)) {
    mixInt(0x3c);
    return mixText(String(value));
  }
  mixInt(value | 0);
  mixInt((value / 4294967296) | 0);
}

function mixOptionalText(text: string | undefined): void {
  if (text === undefined) mixNumber(undefined);
  else mixText(text);
}

/** Mixes the fields of a copy's likeness of a kind into `hash` and `check`. */
function mixLikeness(kind: number, copy: PacketCopy): void {
  hash = Math.imul(FNV_OFFSET ^ kind, FNV_PRIME);
  check = Math.imul(CHECK_OFFSET ^ kind, CHECK_PRIME);
  switch (kind) {
    case ID:
      mixOptionalText(copy.id);
      mixText(copy.time);
      break;
    case ESP:
      mixText(copy.esp!.spi);
      mixText(copy.esp!.seq);
      break;
    case AH:
      mixText(copy.ah!.spi);
      mixText(copy.ah!.seq);
      break;
    case TCP: {
      const tcp = copy.tcp!;
      mixText(tcp.flags);
      mixText(tcp.seq);
      mixText(tcp.ack);
      mixNumber(tcp.length);
      break;
    }
    case ECHO: {
      const icmp = copy.icmp!;
      mixNumber(icmp.type);
      mixNumber(icmp.id);
      mixNumber(icmp.seq);
      break;
    }
    case IKE: {
      const ike = copy.ike!;
      mixText(ike.exchange);
      mixOptionalText(ike.role);
      mixNumber(copy.length);
      break;
    }
    case UDP:
      mixNumber(copy.length);
      break;
    case IP_ID:
      mixText(copy.protocol);
      mixNumber(copy.ipId);
      mixNumber(copy.length);
      break;
  }
}

/**
 * Writes a copy's likeness of a kind at `at` of `rows`: its hash (a non-negative small integer:
 * where it waits in the pairer) and, at `at + 1`, a second hash of the same fields, independent
 * of the first (two copies alike have the same hash and check).
 */
export function writeLikeness(kind: number, copy: PacketCopy, rows: Int32Array, at: number): void {
  mixLikeness(kind, copy);
  rows[at] = hashKey(hash);
  rows[at + 1] = check ^ (check >>> 13);
}

// A likeness mixed field by field, for a row written straight from a frame's bytes (frameRows.ts):
// a number mixed as its text (decimal, or hex as the text form writes it) gives the hash the text
// itself gives, without the string.

/** Starts the likeness of a kind. */
export function startLikeness(kind: number): void {
  hash = Math.imul(FNV_OFFSET ^ kind, FNV_PRIME);
  check = Math.imul(CHECK_OFFSET ^ kind, CHECK_PRIME);
}

/** Mixes a text field (mixText). */
export const mixTextField = mixText;

/**
 * Mixes the characters from `from` to `to` of an ASCII line's bytes as mixText mixes that text cut
 * out, upper-case letters as lower case when `lower` (a row written straight from a line: textRows.ts).
 */
export function mixBytesSpan(b: Uint8Array, from: number, to: number, lower = false): void {
  let h = hash;
  let c = check;
  for (let i = from; i < to; i++) {
    let code = b[i];
    if (lower && code >= 65 && code <= 90) code += 32;
    h = Math.imul(h ^ code, FNV_PRIME);
    c = Math.imul(c ^ code, CHECK_PRIME);
  }
  hash = Math.imul(h ^ 0x1f, FNV_PRIME);
  check = Math.imul(c ^ 0x1f, CHECK_PRIME);
}

/** Mixes a number field (mixNumber). */
export const mixNumberField = mixNumber;

/** Mixes a whole number in [0, 2^32) as its decimal text would be mixed (mixText(String(value))). */
export function mixDecimalField(value: number): void {
  let h = hash;
  let c = check;
  let unit = 1;
  while (unit * 10 <= value) unit *= 10;
  for (; unit >= 1; unit /= 10) {
    const code = 48 + (Math.floor(value / unit) % 10);
    h = Math.imul(h ^ code, FNV_PRIME);
    c = Math.imul(c ^ code, CHECK_PRIME);
  }
  hash = Math.imul(h ^ 0x1f, FNV_PRIME);
  check = Math.imul(c ^ 0x1f, CHECK_PRIME);
}

/**
 * Mixes a whole number in [0, 2^32) as its hex text `0x...` of at least `digits` digits would be
 * mixed (`0x${value.toString(16).padStart(digits, '0')}`: an SPI, an ESP sequence number).
 */
export function mixHexField(value: number, digits: number): void {
  let h = Math.imul(Math.imul(hash ^ 48, FNV_PRIME) ^ 120, FNV_PRIME);
  let c = Math.imul(Math.imul(check ^ 48, CHECK_PRIME) ^ 120, CHECK_PRIME);
  let count = 1;
  while (count < 8 && value >>> (4 * count) !== 0) count++;
  for (let i = Math.max(count, digits) - 1; i >= 0; i--) {
    const nibble = i < 8 ? (value >>> (4 * i)) & 15 : 0;
    const code = nibble < 10 ? 48 + nibble : 87 + nibble;
    h = Math.imul(h ^ code, FNV_PRIME);
    c = Math.imul(c ^ code, CHECK_PRIME);
  }
  hash = Math.imul(h ^ 0x1f, FNV_PRIME);
  check = Math.imul(c ^ 0x1f, CHECK_PRIME);
}

/** Writes the likeness mixed since startLikeness at `at` of `rows`, as writeLikeness does. */
export function endLikeness(rows: Int32Array, at: number): void {
  rows[at] = hashKey(hash);
  rows[at + 1] = check ^ (check >>> 13);
}

/** A hash mixed with a flow key: where a weak likeness waits, for the copies of the flows joined to its own. */
export function withFlowKey(hash: number, flowKey: number): number {
  return hashKey(Math.imul(hash ^ flowKey, FNV_PRIME) ^ (flowKey >>> 16));
}

/** A hash as a map key: 30 bits, a small integer on every platform. */
function hashKey(h: number): number {
  return (h ^ (h >>> 15)) & 0x3fffffff;
}
