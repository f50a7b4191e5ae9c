// What the copies of one packet have in common on both sides of the balancer, for the pairer
// (pairing.ts): axdebug's packet id and tick; in tcpdump what NAT leaves alone (ESP's and AH's
// SPI and sequence, TCP's flags, sequence and acknowledgement numbers and length, an ICMP echo's
// identifier and sequence, an IKE message, a UDP length) and, with -v, the IP id. Each copy of a
// large dump is looked up once, so a likeness is never written out as a string: it is a kind, a
// hash of its fields for the pairer's table, and a comparison of the fields themselves.
import type { PacketCopy } from './packet';

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

/** How sure a likeness is: the same packet id, a value NAT keeps and that rarely repeats, or only a hint. */
export const EXACT = 2;
export const STRONG = 1;
export const WEAK = 0;

/** Sequence numbers this long are tcpdump's absolute ones (or a relative one a megabyte into a connection). */
const LARGE_SEQUENCE = 7;

/** The likeness of a copy other than its IP id; -1 when it has none. */
export function likenessOf(copy: PacketCopy): number {
  if (copy.dialect === 'axdebug') return copy.id === undefined ? -1 : ID;
  if (copy.esp) return ESP;
  if (copy.ah) return copy.ah.seq === '' ? -1 : AH;
  if (copy.tcp) return TCP;
  if (copy.icmp?.seq !== undefined) return ECHO;
  if (copy.ike) return IKE;
  if (copy.protocol === 'udp' && copy.length !== undefined) return UDP;
  return -1;
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
      return tcp.flags.includes('S') || tcp.seq.length >= LARGE_SEQUENCE ? STRONG : WEAK;
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

// FNV-1a over the fields: equal fields give equal hashes, whatever strings hold them.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

function mixText(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return Math.imul(h ^ 0x1f, FNV_PRIME); // a separator: ('ab', 'c') and ('a', 'bc') differ
}

function mixNumber(hash: number, value: number | undefined): number {
  if (value === undefined) return Math.imul(hash ^ 0x5bd1e995, FNV_PRIME);
  const h = Math.imul(hash ^ (value | 0), FNV_PRIME);
  return Math.imul(h ^ ((value / 4294967296) | 0), FNV_PRIME);
}

function mixOptionalText(hash: number, text: string | undefined): number {
  return text === undefined ? mixNumber(hash, undefined) : mixText(hash, text);
}

/** A hash of a copy's likeness of a kind (a non-negative small integer). */
export function likenessHash(kind: number, copy: PacketCopy): number {
  let h = Math.imul(FNV_OFFSET ^ kind, FNV_PRIME);
  switch (kind) {
    case ID:
      h = mixText(mixOptionalText(h, copy.id), copy.time);
      break;
    case ESP:
      h = mixText(mixText(h, copy.esp!.spi), copy.esp!.seq);
      break;
    case AH:
      h = mixText(mixText(h, copy.ah!.spi), copy.ah!.seq);
      break;
    case TCP: {
      const tcp = copy.tcp!;
      h = mixNumber(mixText(mixText(mixText(h, tcp.flags), tcp.seq), tcp.ack), tcp.length);
      break;
    }
    case ECHO: {
      const icmp = copy.icmp!;
      h = mixNumber(mixNumber(mixNumber(h, icmp.type), icmp.id), icmp.seq);
      break;
    }
    case IKE: {
      const ike = copy.ike!;
      h = mixNumber(mixOptionalText(mixText(h, ike.exchange), ike.role), copy.length);
      break;
    }
    case UDP:
      h = mixNumber(h, copy.length);
      break;
    case IP_ID:
      h = mixNumber(mixNumber(mixText(h, copy.protocol), copy.ipId), copy.length);
      break;
  }
  return hashKey(h);
}

/** A hash mixed with a flow key: where a weak likeness waits, for the copies of the flows joined to its own. */
export function withFlowKey(hash: number, flowKey: number): number {
  return hashKey(Math.imul(hash ^ flowKey, FNV_PRIME) ^ (flowKey >>> 16));
}

/** A hash as a map key: 30 bits, a small integer on every platform. */
function hashKey(h: number): number {
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** Equal numbers (NaN equal to itself, as the printed numbers were). */
function same(a: number | undefined, b: number | undefined): boolean {
  return a === b || (a !== a && b !== b);
}

/** True when two copies are alike in a kind of likeness (both have it). */
export function alike(kind: number, a: PacketCopy, b: PacketCopy): boolean {
  switch (kind) {
    case ID:
      return a.id === b.id && a.time === b.time;
    case ESP:
      return a.esp!.spi === b.esp!.spi && a.esp!.seq === b.esp!.seq;
    case AH:
      return a.ah!.spi === b.ah!.spi && a.ah!.seq === b.ah!.seq;
    case TCP: {
      const x = a.tcp!;
      const y = b.tcp!;
      return x.flags === y.flags && x.seq === y.seq && x.ack === y.ack && same(x.length, y.length);
    }
    case ECHO: {
      const x = a.icmp!;
      const y = b.icmp!;
      return same(x.type, y.type) && same(x.id, y.id) && same(x.seq, y.seq);
    }
    case IKE:
      return (
        a.ike!.exchange === b.ike!.exchange &&
        a.ike!.role === b.ike!.role &&
        same(a.length, b.length)
      );
    case UDP:
      return same(a.length, b.length);
    case IP_ID:
      return a.protocol === b.protocol && same(a.ipId, b.ipId) && same(a.length, b.length);
    default:
      return false;
  }
}
