// Numbers and addresses from a frame's bytes, as tcpdump writes them.

/** A big-endian 16-bit number. */
export function be16(data: Uint8Array, at: number): number {
  return (data[at] << 8) | data[at + 1];
}

/** A big-endian 32-bit number. */
export function be32(data: Uint8Array, at: number): number {
  return ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
}

/** A little-endian 32-bit number. */
export function le32(data: Uint8Array, at: number): number {
  return ((data[at + 3] << 24) | (data[at + 2] << 16) | (data[at + 1] << 8) | data[at]) >>> 0;
}

/** Lower-case hex of `count` bytes. */
export function hex(data: Uint8Array, at: number, count: number): string {
  let text = '';
  for (let i = at; i < at + count; i++) text += HEX[data[i]];
  return text;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const DECIMAL = Array.from({ length: 256 }, (_, i) => String(i));

/** Dotted-quad IPv4 address. */
export function ipv4Text(data: Uint8Array, at: number): string {
  return `${DECIMAL[data[at]]}.${DECIMAL[data[at + 1]]}.${DECIMAL[data[at + 2]]}.${DECIMAL[data[at + 3]]}`;
}

/** An IPv6 address as RFC 5952 (and tcpdump) writes it: the longest run of zero groups as `::`. */
export function ipv6Text(data: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(be16(data, at + i * 2));
  // An IPv4-mapped address (::ffff:a.b.c.d) keeps its IPv4 form.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `::ffff:${ipv4Text(data, at + 12)}`;
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const text = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return text(0, 8);
  return `${text(0, bestStart)}::${text(bestStart + bestLength, 8)}`;
}

/** A MAC address, lower-case and colon-separated. */
export function macText(data: Uint8Array, at: number): string {
  return `${HEX[data[at]]}:${HEX[data[at + 1]]}:${HEX[data[at + 2]]}:${HEX[data[at + 3]]}:${HEX[data[at + 4]]}:${HEX[data[at + 5]]}`;
}
