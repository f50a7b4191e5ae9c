// Which virtual server of the workspace's configurations handled the traffic of a capture finding.
// A dump never names the VIP, so it is matched by address: the source the balancer translated the
// inside host to on the uplink is the VIP's own address or lies in a NAT pool of its vports, or
// the VIP is the wildcard `0.0.0.0` one that takes everything through the box. Dumps are often
// masked (`183.62.*.*`, and summaries paste the VIP as `210.21.*.*`): the visible octets decide.
import * as l10n from '@vscode/l10n';
import type { Location, TextEdit } from 'vscode-languageserver-types';
import { isFullyMasked } from '../capture/reading/packet';
import { type IpAddress, parseIp } from '../config/addresses';
import { hasOthersInService, isVport, type VirtualServerBlock, type Vport } from '../config/ast';
import { VPORT_TYPES } from '../config/keywords';
import { baseNameOf } from '../config/devices';
import { deviceOf, fileName, type IndexedConfig } from '../config/symbols';
import { virtualServersByName } from '../config/queries';
import { othersVportInsertion } from '../config/othersVport';
import { rangeOf } from '../diagnostics';
import { lineEndOf } from '../text';
import {
  dottedOctets,
  isWildcardAddress,
  type SiteEntries,
  siteEntries,
  VipIndex,
} from './vipIndex';

/** An `ip nat pool` a vport translates sources to, wherever in the workspace it is defined. */
export interface VipNatPool {
  /** The pool's name. */
  readonly name: string;
  /** Its first address. */
  readonly start: IpAddress;
  /** Its last address. */
  readonly end: IpAddress;
  /** Its range as written: `210.21.1.10`, or `183.62.8.10-183.62.8.20`. */
  readonly addresses: string;
  /** Its `ip nat pool` line. */
  readonly location: Location;
}

/** What the join knows of one vport of a VIP. */
export interface VportFacts {
  /** The port (0 for the wildcard). */
  readonly port: number;
  /** How many ports after it the vport takes too (`port 8000 tcp range 10`: 8000 to 8010). */
  readonly range: number;
  /** The type as written, lower-case: tcp, udp, others, https, ... */
  readonly type: string;
  /** The transport it takes: tcp, udp, or others (any other IP protocol). */
  readonly transport: 'tcp' | 'udp' | 'others' | undefined;
  /** `port 0 udp`, as the user would write it. */
  readonly label: string;
  /** Its `port` line. */
  readonly location: Location;
  /** The service group it forwards to (`service-group NAME`, or the summary's `member:NAME`). */
  readonly serviceGroup: string | undefined;
  /** The `source-nat pool` names on it, in order. */
  readonly poolNames: readonly string[];
  /** Where each of those names is written (to change the pool a vport translates to). */
  readonly poolNameLocations: readonly Location[];
}

/** What the join needs of one virtual server. */
export interface VipFacts {
  /** The configuration document it is in. */
  readonly site: IndexedConfig;
  /** The VIP's name. */
  readonly name: string;
  /** Its blocks in document order (a VIP may be opened again). */
  readonly blocks: readonly VirtualServerBlock[];
  /** Its address as written on its first head that gives one (`0.0.0.0`, `210.21.*.*`). */
  readonly address: string | undefined;
  /** Its vports in document order. */
  readonly vports: readonly VportFacts[];
  /** True when it forwards IKE or ESP: it has `port 0 udp` or `port 0 others`. */
  readonly carriesIpsec: boolean;
  /** True when one of its blocks has a `port 0 others` vport in service (not disabled). */
  readonly hasOthers: boolean;
  /** Its first head line, where related information points. */
  readonly location: Location;
  /**
   * The edit that adds `port 0 others`, made by the configuration's own writer exactly as its
   * lbconf/missing-others-vport fix makes it; undefined when it has one or nothing to copy.
   */
  readonly addOthers: TextEdit | undefined;
}

/** How a VIP was matched, best first: its own address, a pool of its vports, or its being the wildcard VIP. */
export type VipMatchKind = 'vip-address' | 'nat-pool' | 'wildcard';

/** An address the balancer was seen to use for a finding's inside host, and the copy that shows it. */
export interface SeenAddress {
  /** The address as the dump writes it (possibly masked). */
  readonly address: string;
  /** The 0-based line of the sent copy that shows it. */
  readonly line: number;
}

/** A VIP that matches a finding, and why. */
export interface VipMatch {
  /** The virtual server. */
  readonly vip: VipFacts;
  /** Which kind of match. */
  readonly kind: VipMatchKind;
  /** The address of the dump that matched (none for the wildcard VIP). */
  readonly seen?: SeenAddress;
  /** The pool whose range holds it, for a NAT pool match. */
  readonly pool?: VipNatPool;
  /** True when the match rests on masked octets only (`183.62.*.*` may be `183.62.8.14`). */
  readonly masked: boolean;
}

/** The VIPs of each reading of a document: worked out once per version, as every capture check asks. */
const vipsCache = new WeakMap<IndexedConfig, readonly VipFacts[]>();

/** Every virtual server of a configuration document, with its vports. */
export function virtualServersOf(site: IndexedConfig): readonly VipFacts[] {
  const cached = vipsCache.get(site);
  if (cached) return cached;
  const vips: VipFacts[] = [];
  let lineEnd: string | undefined;
  for (const [name, blocks] of virtualServersByName(site.model.config)) {
    const vports = blocks.flatMap((b) => b.vports);
    const hasOthers = hasOthersInService(vports);
    const head = blocks[0].head;
    // The same two steps as the configuration check: its writer, at the offset it chooses.
    // A disabled `port 0 others` is enabled, not added again: the configuration's own fix does that.
    const insertion = vports.some((v) => isVport(v, 0, 'others'))
      ? undefined
      : othersVportInsertion(blocks, (lineEnd ??= lineEndOf(site.document.getText())));
    vips.push({
      site,
      name,
      blocks,
      address: blocks.find((b) => b.address)?.address?.text,
      vports: vports.map((vport) => vportFacts(site, vport)),
      carriesIpsec: hasOthers || vports.some((v) => isVport(v, 0, 'udp')),
      hasOthers,
      location: locationOf(site, head.start, head.end),
      addOthers: insertion && {
        range: rangeOf(site.document, insertion.offset, insertion.offset),
        newText: insertion.text,
      },
    });
  }
  vipsCache.set(site, vips);
  return vips;
}

/**
 * The virtual servers of a configuration document that carry IPsec: those with a wildcard UDP
 * vport (IKE) or a wildcard `others` vport. Others (a web VIP on 443) never explain ESP.
 */
export function vipsOf(site: IndexedConfig): readonly VipFacts[] {
  return virtualServersOf(site).filter((vip) => vip.carriesIpsec);
}

function locationOf(site: IndexedConfig, start: number, end: number): Location {
  return { uri: site.uri, range: rangeOf(site.document, start, end) };
}

function vportFacts(site: IndexedConfig, vport: Vport): VportFacts {
  const type = vport.type?.text.toLowerCase() ?? '';
  let serviceGroup: string | undefined;
  const poolNames: string[] = [];
  const poolNameLocations: Location[] = [];
  for (const line of vport.children) {
    const words = line.words.map((w) => w.text);
    const first = words[0]?.toLowerCase();
    if (first === 'service-group' && words[1]) serviceGroup ??= words[1];
    else if (first?.startsWith('member:')) serviceGroup ??= words[0].slice('member:'.length);
    else if (first === 'source-nat' && words[1]?.toLowerCase() === 'pool' && words[2]) {
      if (poolNames.includes(words[2])) continue;
      poolNames.push(words[2]);
      poolNameLocations.push(locationOf(site, line.words[2].start, line.words[2].end));
    }
  }
  const words = vport.line.words.map((w) => w.text.toLowerCase());
  const rangeAt = words.indexOf('range');
  const range = rangeAt > 0 ? Number(words[rangeAt + 1]) : 0;
  return {
    port: Number(vport.port.text),
    range: Number.isInteger(range) && range > 0 ? range : 0,
    type,
    transport: VPORT_TYPES[type],
    label: vport.line.words.map((w) => w.text).join(' '),
    location: locationOf(site, vport.line.start, vport.line.end),
    serviceGroup,
    poolNames,
    poolNameLocations,
  };
}

/**
 * The NAT pools a VIP's vports name, read where they are defined: in the VIP's own document
 * first, then in another document of the workspace that it sees (a pool kept in another file;
 * the first by uri when several define it).
 */
export function poolsOf(
  vip: VipFacts,
  sites: readonly IndexedConfig[],
  vports: readonly VportFacts[] = vip.vports,
): VipNatPool[] {
  const index = vipIndexOf(sites);
  const names = [...new Set(vports.flatMap((v) => v.poolNames))];
  return names.map((name) => index.pool(vip, name)).filter((pool) => pool !== undefined);
}

/** Where a service group is defined in the workspace, seen from a VIP's document (its own first). */
export function serviceGroupLocation(
  vip: VipFacts,
  name: string,
  sites: readonly IndexedConfig[],
): Location | undefined {
  return vipIndexOf(sites).serviceGroup(vip, name);
}

/** The index of each list of documents the join is asked about, built once per list. */
const indexes = new WeakMap<readonly IndexedConfig[], VipIndex<VipFacts>>();

/** The workspace's current list of documents, and the index that follows it (FollowedVipIndex). */
const followed = new WeakMap<readonly IndexedConfig[], FollowedVipIndex>();

/** The VIPs, pools and service groups of some configuration documents, indexed by address and name. */
export function vipIndexOf(sites: readonly IndexedConfig[]): VipIndex<VipFacts> {
  const follower = followed.get(sites);
  if (follower) return follower.indexOf(sites);
  let index = indexes.get(sites);
  if (!index) {
    index = newVipIndex();
    index.update(sites);
    indexes.set(sites, index);
  }
  return index;
}

/** What each reading of a document adds to an index, worked out once. */
const entriesCache = new WeakMap<IndexedConfig, SiteEntries<VipFacts>>();

/** Works out what a reading of a document adds to the index ahead of a request that needs it. */
export function prepareVipIndex(site: IndexedConfig): SiteEntries<VipFacts> {
  let entries = entriesCache.get(site);
  if (!entries) {
    entries = siteEntries(site, virtualServersOf(site));
    entriesCache.set(site, entries);
  }
  return entries;
}

function newVipIndex(): VipIndex<VipFacts> {
  return new VipIndex(prepareVipIndex);
}

/**
 * One index that follows the workspace's list of documents as it changes (the service's
 * configurations): each new list re-indexes only the documents read since the list the index
 * last held. It is brought up to date when the join asks for it, not when the list changes: a
 * workspace of configurations and no capture never builds it (checking a configuration does
 * not match VIPs against packets).
 */
export class FollowedVipIndex {
  private readonly index = newVipIndex();
  private sites: readonly IndexedConfig[] | undefined;
  /** The list the index holds now. */
  private indexed: readonly IndexedConfig[] | undefined;

  /** Makes `sites` the list the index is for, and the one vipIndexOf answers it for. */
  follow(sites: readonly IndexedConfig[]): void {
    if (sites === this.sites) return;
    if (this.sites) followed.delete(this.sites);
    followed.set(sites, this);
    this.sites = sites;
  }

  /** The index, holding `sites` (the list followed last). */
  indexOf(sites: readonly IndexedConfig[]): VipIndex<VipFacts> {
    if (sites !== this.indexed) {
      this.index.update(sites);
      this.indexed = sites;
    }
    return this.index;
  }
}

/**
 * The vport of a VIP that takes a packet of a transport (and destination port): the vport of its
 * port, else the wildcard of its transport; `others` for any protocol that is neither TCP nor UDP.
 */
export function vportFor(
  vip: VipFacts,
  transport: 'tcp' | 'udp' | 'others',
  port: number | undefined,
): VportFacts | undefined {
  const candidates = vip.vports.filter((v) => v.transport === transport);
  if (transport === 'others') return candidates.find((v) => v.port === 0 && v.type === 'others');
  return (
    candidates.find(
      (v) => port !== undefined && v.port !== 0 && v.port <= port && port <= v.port + v.range,
    ) ?? candidates.find((v) => v.port === 0)
  );
}

/** True for the wildcard VIP address, which takes any traffic the balancer forwards. */
export const isWildcard = isWildcardAddress;

/**
 * Whether two addresses as written may be one: equal, or dotted addresses whose visible octets
 * agree. Undefined when they cannot be; otherwise whether the answer rests on masked octets.
 */
export function sameAddress(a: string, b: string): { masked: boolean } | undefined {
  if (isFullyMasked(a) || isFullyMasked(b)) return undefined;
  if (a === b) return { masked: a.includes('*') };
  const x = dottedOctets(a);
  const y = dottedOctets(b);
  if (!x || !y) return undefined;
  return x.every((octet, i) => octet === '*' || y[i] === '*' || Number(octet) === Number(y[i]))
    ? { masked: true }
    : undefined;
}

/**
 * Whether an address as written may lie in a pool: a masked address stands for the range its
 * visible octets leave open (`183.62.*.*` is 183.62.0.0 to 183.62.255.255), and matches when
 * that range meets the pool's.
 */
function inPool(address: string, pool: VipNatPool): { masked: boolean } | undefined {
  if (isFullyMasked(address)) return undefined;
  if (!address.includes('*')) {
    const ip = parseIp(address);
    return ip &&
      ip.family === pool.start.family &&
      ip.value >= pool.start.value &&
      ip.value <= pool.end.value
      ? { masked: false }
      : undefined;
  }
  const parts = dottedOctets(address);
  if (!parts || pool.start.family !== 4) return undefined;
  const low = parts.reduce((v, p) => (v << 8n) | BigInt(p === '*' ? 0 : Number(p)), 0n);
  const high = parts.reduce((v, p) => (v << 8n) | BigInt(p === '*' ? 255 : Number(p)), 0n);
  return low <= pool.end.value && high >= pool.start.value ? { masked: true } : undefined;
}

/** The best way a VIP matches the addresses seen for a finding, if it matches at all. */
export function matchVip(
  vip: VipFacts,
  seen: readonly SeenAddress[],
  sites: readonly IndexedConfig[] = [vip.site],
): VipMatch | undefined {
  const candidates: VipMatch[] = [];
  const pools = poolsOf(vip, sites);
  for (const address of seen) {
    const same =
      vip.address !== undefined && !isWildcard(vip.address)
        ? sameAddress(address.address, vip.address)
        : undefined;
    if (same) candidates.push({ vip, kind: 'vip-address', seen: address, masked: same.masked });
    for (const pool of pools) {
      const inside = inPool(address.address, pool);
      if (inside)
        candidates.push({ vip, kind: 'nat-pool', seen: address, pool, masked: inside.masked });
    }
  }
  if (isWildcard(vip.address)) candidates.push({ vip, kind: 'wildcard', masked: false });
  return candidates.sort(byStrength)[0];
}

const KIND_ORDER: Readonly<Record<VipMatchKind, number>> = {
  'vip-address': 0,
  'nat-pool': 1,
  wildcard: 2,
};

/**
 * Strongest match first: the VIP's own address, then a pool, then the wildcard; an exact address
 * before a masked one; then by file and line, so that the same workspace always gives the same
 * order (and the same fix).
 */
export function byStrength(a: VipMatch, b: VipMatch): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    Number(a.masked) - Number(b.masked) ||
    compare(a.vip.site.uri, b.vip.site.uri) ||
    a.vip.location.range.start.line - b.vip.location.range.start.line
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every VIP of the given configuration documents that matches, strongest first: those that carry
 * IPsec (the default), or all of them.
 */
export function matchingVips(
  sites: readonly IndexedConfig[],
  seen: readonly SeenAddress[],
  which: 'ipsec' | 'all' = 'ipsec',
): VipMatch[] {
  const index = vipIndexOf(sites);
  const matches: VipMatch[] = [];
  // Only the VIPs the index finds at the addresses (or through their pools), and the wildcard ones.
  for (let vip of index.candidates(seen.map((s) => s.address))) {
    if (which === 'ipsec' && !vip.carriesIpsec) continue;
    // A VIP opened again in another file with `port 0 others` has it, as the configuration check reads it.
    if (!vip.hasOthers && vip.blocks.some((b) => b.form === 'cli') && index.hasOthersElsewhere(vip))
      vip = { ...vip, hasOthers: true, addOthers: undefined };
    const match = matchVip(vip, seen, sites);
    if (match) matches.push(match);
  }
  return matches.sort(byStrength);
}

/** How a match was made, in the user's words, for the finding's message. */
export function describeMatch(match: VipMatch): string {
  const line = match.seen ? l10n.t` (line ${match.seen.line + 1})` : '';
  const seen = match.seen?.address ?? '';
  switch (match.kind) {
    case 'vip-address':
      return match.masked
        ? l10n.t`matched by the VIP's own address: the translated source ${seen} seen on the uplink${line} may be ${match.vip.address ?? ''}`
        : l10n.t`matched by the VIP's own address: the translated source ${seen} seen on the uplink${line} is ${match.vip.address ?? ''}`;
    case 'nat-pool': {
      const pool = match.pool!;
      return match.masked
        ? l10n.t`matched by a NAT pool: the translated source ${seen} seen on the uplink${line} may be in pool ${pool.name} of its vports`
        : l10n.t`matched by a NAT pool: the translated source ${seen} seen on the uplink${line} is in pool ${pool.name} of its vports`;
    }
    case 'wildcard':
      return l10n.t`matched as the wildcard VIP: ${match.vip.address ?? ''} takes all traffic through the balancer`;
  }
}

/** `_wildcard_vserver in llb-acos2.a10.cfg (line 21) on device LLB-1`. */
export function vipPlace(vip: VipFacts): string {
  return l10n.t`${vip.name} in ${fileName(vip.site.uri)} (line ${vip.location.range.start.line + 1})${onDevice(vip)}`;
}

/**
 * ` on device LLB-1`: the device the VIP's file belongs to (config/devices.ts), which a fleet's
 * dump is joined with by address; '' for a loose fragment, and where the file's name is the
 * device's (a backup tool's `lb-dc1-01`) and already says it.
 */
export function onDevice(vip: VipFacts): string {
  const device = deviceOf(vip.site);
  return device === undefined || device.name === baseNameOf(vip.site.uri)
    ? ''
    : l10n.t` on device ${device.name}`;
}
