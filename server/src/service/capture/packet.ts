// One captured copy of a packet, as a dialect parser reads it from one line of a dump.

/** Received by the balancer (`i`) or sent by it (`o`). */
export type Direction = 'in' | 'out';

/** What a TCP header shows. */
export interface TcpDetails {
  /** Flag letters as printed (S, S., F., R, P., ...). */
  readonly flags: string;
  /** Sequence number as printed (hex in axdebug). */
  readonly seq: string;
  /** Acknowledgement number as printed. */
  readonly ack: string;
  /** Payload length. */
  readonly length: number;
}

/** What an ICMP header shows: an echo (with its sequence number) or a type and code. */
export interface IcmpDetails {
  /** ICMP type (8 echo request, 0 echo reply, 3 unreachable, 11 time exceeded, ...). */
  readonly type: number;
  /** ICMP code. */
  readonly code: number;
  /** The echo sequence number, for echo requests and replies. */
  readonly seq?: number;
}

/** What an ESP header shows. */
export interface EspDetails {
  /** Security parameter index as printed (0x...). */
  readonly spi: string;
  /** ESP sequence number as printed. */
  readonly seq: string;
}

/** One copy of one packet, read from one line. */
export interface PacketCopy {
  /** Zero-based line number. */
  readonly line: number;
  /** Offsets of the line in the document. */
  readonly start: number;
  readonly end: number;
  /** The dump's clock when the copy was seen (axdebug: a tick counter of unknown unit). */
  readonly tick: number;
  /** Received or sent by the balancer. */
  readonly direction: Direction;
  /** The balancer's physical port the copy was received on or sent from. */
  readonly port: number;
  /** The second number axdebug prints (100 on received copies from port 1 in the seed); meaning unknown. */
  readonly aux: number;
  /** The packet id, the same for every copy of one packet. */
  readonly id: string;
  /** Source address as written (masked addresses such as `183.62.*.*` kept as they are). */
  readonly src: string;
  /** Destination address as written. */
  readonly dst: string;
  /** Protocol in lower case: tcp, udp, icmp, esp, ah, gre, or whatever word the dump printed. */
  readonly protocol: string;
  /** TCP or UDP source port. */
  readonly srcPort?: number;
  /** TCP or UDP destination port. */
  readonly dstPort?: number;
  readonly tcp?: TcpDetails;
  readonly icmp?: IcmpDetails;
  readonly esp?: EspDetails;
  /** Everything after the protocol word, as printed. */
  readonly details: string;
}

/** An address and, for TCP and UDP, a port: `10.1.1.254:22518`. */
export function endpoint(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}:${port}`;
}

/** True for an ICMP error (unreachable, time exceeded, parameter problem, source quench, redirect). */
export function isIcmpError(copy: PacketCopy): boolean {
  return copy.icmp !== undefined && [3, 4, 5, 11, 12].includes(copy.icmp.type);
}

/**
 * True when an address, as far as its visible octets tell, is RFC 1918 private
 * (10/8, 172.16/12, 192.168/16). `10.*.*.*` is private; `*.*.*.*` is not known to be.
 */
export function isPrivateAddress(address: string): boolean {
  const octets = address.split('.');
  if (octets.length !== 4) return false;
  const [a, b] = octets.map((o) => (/^\d+$/.test(o) ? Number(o) : NaN));
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}
