// Which packet an ICMP error reports on. tcpdump -v prints the packet an error quotes, so its flow
// is known for sure (and with the quoted IP id, the very packet). Without it, an error goes back
// to the host whose packet caused it: it is tied to the last packet that host sent shortly before
// it (to the quoted destination when the dump prints one: `ICMP 10.0.0.2 udp port 500
// unreachable`). An error comes back within milliseconds of its cause, so only the last copies
// are kept and searched: no table of every host, and the same answer for the editor and the
// streaming inspector. Generic over what a caller remembers of a packet: the editor keeps the
// packet itself, the inspector its flow key.
import { Row } from './copyRows';
import type { FlowKeyTable } from './flows';

/** How many of the latest copies an ICMP error's cause is looked for among. */
export const ERROR_LOOKBACK = 256;

/** What an ICMP error copy reports on. */
export interface ErrorTie<T> {
  /** The flow key of the packet it quotes, when the quote names a whole flow (tcpdump -v). */
  readonly quotedKey?: number;
  /** The last packet its destination sent (to the quoted destination when one is printed). */
  readonly last?: T;
}

/**
 * Remembers the latest copies, and ties each ICMP error to the packet it most likely reports on.
 * Copies come as rows (copyRows.ts) whose words the table numbered.
 */
export class IcmpErrorTies<T> {
  /** Per slot: the source and destination words of one of the latest copies. */
  private readonly ends = new Int32Array(2 * ERROR_LOOKBACK);
  private readonly packets: (T | undefined)[] = new Array<T | undefined>(ERROR_LOOKBACK);
  private count = 0;

  /** Ties that name quoted flows by their keys in `keys`. */
  constructor(private readonly keys: FlowKeyTable) {}

  /** Notes the row of a copy of a packet that is not an ICMP error. */
  observe(rows: Int32Array, at: number, packet: T): void {
    const slot = this.count++ % ERROR_LOOKBACK;
    this.ends[2 * slot] = rows[at + Row.SRC];
    this.ends[2 * slot + 1] = rows[at + Row.DST];
    this.packets[slot] = packet;
  }

  /** What the ICMP error copy in a row reports on. */
  tie(rows: Int32Array, at: number): ErrorTie<T> {
    const quoted = rows[at + Row.QUOTE] === 1;
    const quotedKey = quoted ? this.keys.quotedKeyOfRow(rows, at) : -1;
    if (quotedKey >= 0) return { quotedKey };
    // The last packet the error's destination sent: to the quoted destination when the error
    // names one (a packet to another destination is not what it reports on).
    const dst = rows[at + Row.DST];
    const quotedDst = rows[at + Row.QUOTED_DST];
    for (let n = this.count - 1; n >= 0 && n >= this.count - ERROR_LOOKBACK; n--) {
      const slot = n % ERROR_LOOKBACK;
      if (this.ends[2 * slot] !== dst) continue;
      if (!quoted || this.ends[2 * slot + 1] === quotedDst) return { last: this.packets[slot] };
    }
    return {};
  }
}
