// Which packet an ICMP error reports on. tcpdump -v prints the packet an error quotes, so its flow
// is known for sure (and with the quoted IP id, the very packet). Without it, an error goes back
// to the host whose packet caused it: it is tied to the last packet that host sent shortly before
// it (to the quoted destination when the dump prints one: `ICMP 10.0.0.2 udp port 500
// unreachable`). An error comes back within milliseconds of its cause, so only the last copies
// are kept and searched: no table of every host, and the same answer for the editor and the
// streaming inspector. Generic over what a caller remembers of a packet: the editor keeps the
// packet itself, the inspector its flow key.
import type { FlowKeyTable } from './flows';
import type { PacketCopy } from './packet';

/** How many of the latest copies an ICMP error's cause is looked for among. */
export const ERROR_LOOKBACK = 256;

/** What an ICMP error copy reports on. */
export interface ErrorTie<T> {
  /** The flow key of the packet it quotes, when the quote names a whole flow (tcpdump -v). */
  readonly quotedKey?: number;
  /** The last packet its destination sent (to the quoted destination when one is printed). */
  readonly last?: T;
}

/** Remembers the latest copies, and ties each ICMP error to the packet it most likely reports on. */
export class IcmpErrorTies<T> {
  private readonly copies: (PacketCopy | undefined)[] = new Array<PacketCopy | undefined>(
    ERROR_LOOKBACK,
  );
  private readonly packets: (T | undefined)[] = new Array<T | undefined>(ERROR_LOOKBACK);
  private count = 0;

  /** Ties that name quoted flows by their keys in `keys`. */
  constructor(private readonly keys: FlowKeyTable) {}

  /** Notes a copy of a packet that is not an ICMP error. */
  observe(copy: PacketCopy, packet: T): void {
    const slot = this.count++ % ERROR_LOOKBACK;
    this.copies[slot] = copy;
    this.packets[slot] = packet;
  }

  /** What an ICMP error copy reports on. */
  tie(copy: PacketCopy): ErrorTie<T> {
    const quoted = copy.icmp?.quoted;
    const quotedKey = quoted ? this.keys.quotedKeyOf(quoted) : -1;
    if (quotedKey >= 0) return { quotedKey };
    let fromHost: T | undefined;
    for (let n = this.count - 1; n >= 0 && n >= this.count - ERROR_LOOKBACK; n--) {
      const slot = n % ERROR_LOOKBACK;
      const sent = this.copies[slot]!;
      if (sent.src !== copy.dst) continue;
      if (!quoted || sent.dst === quoted.dst) return { last: this.packets[slot] };
      fromHost ??= this.packets[slot];
    }
    return fromHost === undefined ? {} : { last: fromHost };
  }
}
