// Addresses, netmasks and host names as ACOS writes them. Addresses become bigints so IPv4 and
// IPv6 ranges are compared and masked with one piece of arithmetic.

/** An IP address read from the configuration. */
export interface IpAddress {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The address as a number (32 or 128 bits). */
  readonly value: bigint;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Reads a dotted IPv4 address; undefined when the text is not one. */
export function parseIpv4(text: string): IpAddress | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    // A leading zero (`010`) is octal to some tools and an error to ACOS.
    if (match[i].length > 1 && match[i].startsWith('0')) return undefined;
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return { family: 4, value };
}

/** Reads an IPv6 address (with `::` and an optional embedded IPv4 tail); undefined when the text is not one. */
export function parseIpv6(text: string): IpAddress | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  let groups: string[];
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (half: string): string[] => (half === '' ? [] : half.split(':'));
  let tail: string[] = [];
  const head = part(halves[0]);
  if (halves.length === 2) tail = part(halves[1]);
  const all = [...head, ...tail];
  // An IPv4 tail (`::ffff:10.1.1.1`) stands for the last two groups.
  const last = all.at(-1);
  let v4: IpAddress | undefined;
  if (last?.includes('.')) {
    v4 = parseIpv4(last);
    if (!v4) return undefined;
    if (tail.length > 0) tail = tail.slice(0, -1);
    else head.pop();
  }
  const width = 8 - (v4 ? 2 : 0);
  if (halves.length === 2) {
    const missing = width - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  } else {
    groups = head;
    if (groups.length !== width) return undefined;
  }
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (v4) value = (value << 32n) | v4.value;
  return { family: 6, value };
}

/** Reads an IPv4 or IPv6 address. */
export function parseIp(text: string): IpAddress | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

/** True when the text is meant as an IPv4 address (digits and dots only), valid or not. */
export function looksLikeIpv4(text: string): boolean {
  return /^[\d.]+$/.test(text) && text.includes('.');
}

/** True when the text is meant as an IPv6 address (hex digits and colons), valid or not. */
export function looksLikeIpv6(text: string): boolean {
  return /^[0-9A-Fa-f:.]+$/.test(text) && (text.match(/:/g)?.length ?? 0) >= 2;
}

/** A DNS host name (a server may be given by FQDN instead of an address). */
export function isHostName(text: string): boolean {
  return (
    text.length <= 253 &&
    /[A-Za-z]/.test(text) &&
    text.split('.').every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label))
  );
}

/** Formats an address back into the usual text. */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) {
    const v = address.value;
    return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 255n)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    groups.push(((address.value >> shift) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** A netmask read from `netmask /24`, `netmask 255.255.255.0` or `/64`: its prefix length. */
export type Netmask = { readonly prefix: number } | { readonly malformed: string };

/** Reads a netmask: a `/N` prefix, a bare number, or (IPv4) a dotted mask with contiguous ones. */
export function parseNetmask(text: string, family: 4 | 6): Netmask {
  const bits = family === 4 ? 32 : 128;
  const prefix = /^\/?(\d{1,3})$/.exec(text);
  if (prefix) {
    const length = Number(prefix[1]);
    return length <= bits
      ? { prefix: length }
      : { malformed: `a ${family === 4 ? 'IPv4' : 'IPv6'} prefix is at most /${bits}` };
  }
  if (family === 4) {
    const mask = parseIpv4(text);
    if (!mask) return { malformed: 'a netmask is written `/24` or `255.255.255.0`' };
    const ones = mask.value.toString(2).padStart(32, '0');
    if (!/^1*0*$/.test(ones))
      return { malformed: `${text} is not a netmask: its ones are not contiguous` };
    return { prefix: ones.indexOf('0') < 0 ? 32 : ones.indexOf('0') };
  }
  return { malformed: 'an IPv6 netmask is a prefix length such as `64`' };
}

/** The network part of an address under a prefix. */
export function networkOf(address: IpAddress, prefix: number): bigint {
  const bits = BigInt(address.family === 4 ? 32 : 128);
  const host = bits - BigInt(prefix);
  return (address.value >> host) << host;
}

/** The longest prefix under which two addresses share a subnet. */
export function commonPrefix(a: IpAddress, b: IpAddress): number {
  const bits = a.family === 4 ? 32 : 128;
  let prefix = bits;
  while (prefix > 0 && networkOf(a, prefix) !== networkOf(b, prefix)) prefix--;
  return prefix;
}

export function dottedMask(prefix: number): string {
  const value = prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n);
  return formatIp({ family: 4, value });
}
