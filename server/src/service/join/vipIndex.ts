// The VIPs and NAT pools of the workspace's configurations, indexed by address, so that matching a
// dump's address asks only the VIPs that may have it: by its exact address, by the leading octets
// a masked address leaves visible (`183.62.*.*`), and by the /24 (or /64) blocks a pool's range
// covers. A workspace of thousands of configuration backups was matched VIP by VIP, each VIP
// looking for its pools and its `others` vport in every other file: quadratic.
//
// The index is built once for a list of readings (IndexedConfig) and, for the next list, updated
// with the readings that came and went only: a keystroke or a file event re-indexes one file.
import type { Location } from 'vscode-languageserver-types';
import { isFullyMasked } from '../capture/reading/packet';
import { type IpAddress, parseIp } from '../config/addresses';
import { hasOthersInService } from '../config/ast';
import { type IndexedConfig, sees } from '../config/symbols';
import { pushTo } from '../collections';
import { rangeOf } from '../diagnostics';

/** What the index needs of one VIP (vipMatch.ts's VipFacts, without importing it back). */
export interface IndexedVip {
  readonly site: IndexedConfig;
  readonly name: string;
  readonly address: string | undefined;
  readonly vports: readonly { readonly poolNames: readonly string[] }[];
}

/** An `ip nat pool` with a range that can be read. */
export interface IndexedPool {
  readonly name: string;
  readonly start: IpAddress;
  readonly end: IpAddress;
  readonly addresses: string;
  readonly location: Location;
}

/** What one reading of a document adds to the index. */
export interface SiteEntries<V extends IndexedVip> {
  readonly vips: readonly V[];
  /** Each pool name's first definition in the document (undefined when its range cannot be read). */
  readonly pools: ReadonlyMap<string, IndexedPool | undefined>;
  /** Each service group name's first definition, by its head line. */
  readonly groups: ReadonlyMap<string, Location>;
  /** The running-config VIPs it opens with a `port 0 others` in service. */
  readonly othersNames: ReadonlySet<string>;
}

/** How many address blocks a pool may cover and still be indexed block by block. */
const MAX_BLOCKS = 256;
/** How many blocks a masked address's range may cover and still be looked up block by block. */
const MAX_MASKED_BLOCKS = 4_096;

/** The VIPs, pools, service groups and `others` vports of some configuration documents, by address and name. */
export class VipIndex<V extends IndexedVip> {
  private readonly entries = new Map<IndexedConfig, SiteEntries<V>>();
  /** VIPs by exact address (dotted IPv4 written without leading zeros). */
  private readonly byAddress = new Map<string, V[]>();
  /** VIPs with a dotted IPv4 address, by its first one, two and three octets (`183`, `183.62`, `183.62.8`). */
  private readonly byPrefix = new Map<string, V[]>();
  /** VIPs whose own address is masked (`210.21.*.*`, as summaries paste it). */
  private readonly masked: V[] = [];
  /** Wildcard VIPs (0.0.0.0), which take anything. */
  private readonly wildcards: V[] = [];
  /** VIPs by the names of the pools their vports translate to. */
  private readonly byPoolName = new Map<string, V[]>();
  /** Pools by the address blocks their range covers; `wide` holds those that cover too many. */
  private readonly poolBlocks = new Map<string, { site: IndexedConfig; pool: IndexedPool }[]>();
  private readonly widePools: { site: IndexedConfig; pool: IndexedPool }[] = [];
  /** Documents by the names of the pools, service groups and `others` VIPs they define. */
  private readonly poolSites = new Map<string, IndexedConfig[]>();
  private readonly groupSites = new Map<string, IndexedConfig[]>();
  private readonly othersSites = new Map<string, IndexedConfig[]>();

  constructor(private readonly read: (site: IndexedConfig) => SiteEntries<V>) {}

  /** Makes the index hold exactly `sites`: readings no longer listed go, new ones are read in. */
  update(sites: readonly IndexedConfig[]): void {
    const wanted = new Set(sites);
    for (const site of [...this.entries.keys()]) if (!wanted.has(site)) this.remove(site);
    for (const site of sites) if (!this.entries.has(site)) this.add(site);
  }

  private add(site: IndexedConfig): void {
    const entries = this.read(site);
    this.entries.set(site, entries);
    for (const vip of entries.vips) {
      for (const [map, key] of this.vipKeys(vip)) pushTo(map, key, vip);
      if (isWildcardAddress(vip.address)) this.wildcards.push(vip);
      else if (vip.address?.includes('*')) this.masked.push(vip);
    }
    for (const [name, pool] of entries.pools) {
      pushTo(this.poolSites, name, site);
      if (!pool) continue;
      const blocks = this.poolKeys(pool);
      for (const [map, key] of blocks) pushTo(map, key, { site, pool });
      if (blocks.length === 0) this.widePools.push({ site, pool });
    }
    for (const name of entries.groups.keys()) pushTo(this.groupSites, name, site);
    for (const name of entries.othersNames) pushTo(this.othersSites, name, site);
  }

  private remove(site: IndexedConfig): void {
    const entries = this.entries.get(site)!;
    this.entries.delete(site);
    const drop = <T>(map: Map<string, T[]>, key: string, keep: (item: T) => boolean): void => {
      const kept = map.get(key)?.filter(keep) ?? [];
      if (kept.length > 0) map.set(key, kept);
      else map.delete(key);
    };
    for (const vip of entries.vips)
      for (const [map, key] of this.vipKeys(vip)) drop(map, key, (v) => v !== vip);
    const mine = (item: { site: IndexedConfig }): boolean => item.site !== site;
    for (const [name, pool] of entries.pools) {
      drop(this.poolSites, name, (s) => s !== site);
      if (pool) for (const [map, key] of this.poolKeys(pool)) drop(map, key, mine);
    }
    removeWhere(this.widePools, (p) => p.site === site);
    removeWhere(this.masked, (v) => v.site === site);
    removeWhere(this.wildcards, (v) => v.site === site);
    for (const name of entries.groups.keys()) drop(this.groupSites, name, (s) => s !== site);
    for (const name of entries.othersNames) drop(this.othersSites, name, (s) => s !== site);
  }

  /** The maps a VIP is filed under: its pools' names and, for an exact address, the address and its leading octets. */
  private vipKeys(vip: V): [Map<string, V[]>, string][] {
    const names = [...new Set(vip.vports.flatMap((v) => v.poolNames))];
    const keys = names.map((name): [Map<string, V[]>, string] => [this.byPoolName, name]);
    const address = vip.address;
    if (address === undefined || isWildcardAddress(address) || address.includes('*')) return keys;
    keys.push([this.byAddress, addressKey(address)]);
    const parts = dottedOctets(address);
    if (parts) for (let n = 1; n <= 3; n++) keys.push([this.byPrefix, parts.slice(0, n).join('.')]);
    return keys;
  }

  /** The address blocks a pool's range covers; none when it covers too many (it is then `wide`). */
  private poolKeys(
    pool: IndexedPool,
  ): [Map<string, { site: IndexedConfig; pool: IndexedPool }[]>, string][] {
    const shift = blockShift(pool.start.family);
    const first = pool.start.value >> shift;
    const last = pool.end.value >> shift;
    if (last < first || last - first >= BigInt(MAX_BLOCKS)) return [];
    const keys: [Map<string, { site: IndexedConfig; pool: IndexedPool }[]>, string][] = [];
    for (let block = first; block <= last; block++)
      keys.push([this.poolBlocks, `${pool.start.family}:${block}`]);
    return keys;
  }

  /**
   * The VIPs that may match any of the addresses (by their own address or by a pool a vport of
   * theirs names), and every wildcard VIP. A superset: the caller decides the match.
   */
  candidates(seen: readonly string[]): V[] {
    const found = new Set<V>(this.wildcards);
    const poolNames = new Set<string>();
    for (const address of seen) {
      for (const vip of this.atAddress(address)) found.add(vip);
      const range = isFullyMasked(address) ? undefined : addressRange(address);
      if (range) for (const { pool } of this.poolsMeeting(range)) poolNames.add(pool.name);
    }
    for (const name of poolNames) for (const vip of this.byPoolName.get(name) ?? []) found.add(vip);
    return [...found];
  }

  /** The VIPs (but the wildcard ones) whose own address may be an address as written: a superset, in no order. */
  atAddress(address: string): V[] {
    if (isFullyMasked(address)) return [];
    const found = [...this.masked];
    if (!address.includes('*')) return found.concat(this.byAddress.get(addressKey(address)) ?? []);
    const parts = dottedOctets(address);
    if (!parts) return found;
    // `183.62.*.*`: the VIPs under 183.62; `*.62.8.14`: every VIP with a dotted address.
    const visible = parts.indexOf('*');
    if (visible > 0)
      return found.concat(this.byPrefix.get(parts.slice(0, visible).join('.')) ?? []);
    for (const [key, vips] of this.byPrefix) if (!key.includes('.')) found.push(...vips);
    return found;
  }

  /** The pools whose range meets an address range. */
  private poolsMeeting(range: {
    family: 4 | 6;
    low: bigint;
    high: bigint;
  }): { site: IndexedConfig; pool: IndexedPool }[] {
    const meets = ({ pool }: { pool: IndexedPool }): boolean =>
      pool.start.family === range.family &&
      pool.start.value <= range.high &&
      pool.end.value >= range.low;
    const shift = blockShift(range.family);
    const first = range.low >> shift;
    const last = range.high >> shift;
    const found = this.widePools.filter(meets);
    if (last - first < BigInt(MAX_MASKED_BLOCKS)) {
      for (let block = first; block <= last; block++)
        found.push(...(this.poolBlocks.get(`${range.family}:${block}`) ?? []).filter(meets));
    } else {
      for (const pools of this.poolBlocks.values()) found.push(...pools.filter(meets));
    }
    return found;
  }

  /** The pool a VIP's document means by a name: its own, else the first (by uri) of another document it sees. */
  pool(vip: IndexedVip, name: string): IndexedPool | undefined {
    const own = this.entries.get(vip.site)?.pools;
    if (own?.has(name)) return own.get(name);
    return firstSeen(vip.site, this.poolSites.get(name), (site) =>
      this.entries.get(site)?.pools.get(name),
    );
  }

  /** Where a VIP's document finds a service group: its own, else the first (by uri) of another document it sees. */
  serviceGroup(vip: IndexedVip, name: string): Location | undefined {
    const own = this.entries.get(vip.site)?.groups.get(name);
    return (
      own ??
      firstSeen(vip.site, this.groupSites.get(name), (site) =>
        this.entries.get(site)?.groups.get(name),
      )
    );
  }

  /** True when another document the VIP's sees opens a running-config VIP of its name with `port 0 others` in service. */
  hasOthersElsewhere(vip: IndexedVip): boolean {
    return (this.othersSites.get(vip.name) ?? []).some(
      (other) => other.uri !== vip.site.uri && sees(vip.site, other),
    );
  }
}

/** What a reading of a document adds to the index, given its VIPs. */
export function siteEntries<V extends IndexedVip>(
  site: IndexedConfig,
  vips: readonly V[],
): SiteEntries<V> {
  const pools = new Map<string, IndexedPool | undefined>();
  for (const pool of site.model.natPools) {
    const name = pool.name.text;
    if (pools.has(name)) continue;
    const start = pool.start && parseIp(pool.start.text);
    const end = (pool.end && parseIp(pool.end.text)) || start;
    if (!pool.start || !start || !end) {
      pools.set(name, undefined);
      continue;
    }
    const first = pool.start.text;
    const last = pool.end?.text ?? first;
    pools.set(name, {
      name,
      start,
      end,
      addresses: first === last ? first : `${first}-${last}`,
      location: { uri: site.uri, range: rangeOf(site.document, pool.line.start, pool.line.end) },
    });
  }
  const groups = new Map<string, Location>();
  for (const group of site.model.serviceGroups) {
    const name = group.name.text;
    if (!groups.has(name))
      groups.set(name, {
        uri: site.uri,
        range: rangeOf(site.document, group.block.head.start, group.block.head.end),
      });
  }
  const othersNames = new Set<string>();
  for (const vip of site.model.config.virtualServers)
    if (vip.form === 'cli' && hasOthersInService(vip.vports)) othersNames.add(vip.name.text);
  return { vips, pools, groups, othersNames };
}

/** The first document (by uri) other than `from` that it sees and that answers. */
function firstSeen<T>(
  from: IndexedConfig,
  sites: readonly IndexedConfig[] | undefined,
  answer: (site: IndexedConfig) => T | undefined,
): T | undefined {
  let best: { uri: string; value: T } | undefined;
  for (const site of sites ?? []) {
    if (site.uri === from.uri || !sees(from, site) || (best && best.uri <= site.uri)) continue;
    const value = answer(site);
    if (value !== undefined) best = { uri: site.uri, value };
  }
  return best?.value;
}

function removeWhere<T>(items: T[], gone: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!gone(item)) items[kept++] = item;
  items.length = kept;
}

/** True for the wildcard VIP address, which takes any traffic the balancer forwards. */
export function isWildcardAddress(address: string | undefined): boolean {
  return address === '0.0.0.0' || address === '::' || address === '0::0';
}

/** The visible octets of a dotted IPv4 address, `*` for masked ones; undefined when it is not one. */
export function dottedOctets(address: string): string[] | undefined {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => p === '*' || /^\d{1,3}$/.test(p))
    ? parts.map((p) => (p === '*' ? p : String(Number(p))))
    : undefined;
}

/** The key of an exact address: a dotted IPv4 address without leading zeros, anything else as written. */
function addressKey(address: string): string {
  return dottedOctets(address)?.join('.') ?? address;
}

/** The range of addresses an address as written stands for (a masked one: what its visible octets leave open). */
function addressRange(address: string): { family: 4 | 6; low: bigint; high: bigint } | undefined {
  if (!address.includes('*')) {
    const ip = parseIp(address);
    return ip && { family: ip.family, low: ip.value, high: ip.value };
  }
  const parts = dottedOctets(address);
  if (!parts) return undefined;
  const low = parts.reduce((v, p) => (v << 8n) | BigInt(p === '*' ? 0 : Number(p)), 0n);
  const high = parts.reduce((v, p) => (v << 8n) | BigInt(p === '*' ? 255 : Number(p)), 0n);
  return { family: 4, low, high };
}

/** Pools are filed by /24 (IPv4) or /64 (IPv6) block. */
function blockShift(family: 4 | 6): bigint {
  return family === 4 ? 8n : 64n;
}
