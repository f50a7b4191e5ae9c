// Which virtual server, vport and service group of the workspace's configurations handled a
// packet of a dump. The dump never names them (F5's tcpdump aside), so they are found by address:
// a packet sent to a VIP's own address or to a NAT pool's address came in through that VIP; a
// packet whose source the balancer translated left through the VIP whose address or pool it was
// translated to; anything else the balancer forwarded went through the wildcard 0.0.0.0 VIP.
// The vport is then the one of the packet's transport and port: ESP, AH, GRE and ICMP only
// through `port 0 others`.
import * as l10n from '@vscode/l10n';
import type { Location } from 'vscode-languageserver-types';
import type { Packet } from '../capture/engine/analysis';
import { receivedCopy } from '../capture/features/describe';
import type { PacketCopy } from '../capture/reading/packet';
import type { IndexedConfig } from '../config/symbols';
import { absoluteHref, type Href, lineLink } from './links';
import { markdownCode as code, markdownText as md } from '../markdown';
import {
  describeMatch,
  matchingVips,
  poolsOf,
  type SeenAddress,
  serviceGroupLocation,
  type VipMatch,
  type VipNatPool,
  vportFor,
  type VportFacts,
} from './vipMatch';

/** The transport a packet needs a vport of: ESP inside UDP is UDP; ESP, AH, GRE, ICMP are `others`. */
export type Transport = 'tcp' | 'udp' | 'others';

/** What handled a packet, as far as the configurations tell. */
export interface Handling {
  /** The VIP and how it was matched. */
  readonly match: VipMatch;
  /** Into the VIP (sent to its address or a pool address) or out through it (translated to one), or through the wildcard VIP. */
  readonly way: 'to' | 'from' | 'through';
  /** The packet's transport. */
  readonly transport: Transport;
  /** The vport that takes it; undefined when the VIP has none for it. */
  readonly vport: VportFacts | undefined;
  /** The vport's service group and where it is defined. */
  readonly serviceGroup:
    { readonly name: string; readonly location: Location | undefined } | undefined;
  /** The vport's NAT pools. */
  readonly pools: readonly VipNatPool[];
}

/** The transport of a copy, or undefined for what is not IP (ARP, STP). */
export function transportOf(copy: PacketCopy): Transport | undefined {
  if (copy.ipVersion === undefined) return undefined;
  if (copy.protocol === 'tcp') return 'tcp';
  if (copy.protocol === 'udp' || copy.esp?.encapsulated) return 'udp';
  return 'others';
}

/** The VIP, vport and service group that handled a packet, if a configuration of the workspace says. */
export function handlingOf(packet: Packet, sites: readonly IndexedConfig[]): Handling | undefined {
  if (sites.length === 0) return undefined;
  // A packet only seen sent (the balancer's own) was addressed to nothing of it: only its source counts.
  const received = receivedCopy(packet);
  const first = received ?? packet.copies[0];
  const transport = transportOf(first);
  if (!transport) return undefined;
  const sent = packet.copies.filter((c) => c !== received && c.direction !== 'in');
  // Sent to an address: the VIP whose address it is comes first. Translated to one: the pool a
  // vport translates to is the direct evidence, before a VIP that happens to have that address.
  const addressed = (seen: SeenAddress[], first: VipMatch['kind']): VipMatch | undefined => {
    if (seen.length === 0) return undefined;
    const matches = matchingVips(sites, seen, 'all').filter((m) => m.kind !== 'wildcard');
    return matches.find((m) => m.kind === first) ?? matches[0];
  };
  const translated = sent
    .filter((c) => c.src !== '' && c.src !== received?.src)
    .map((c) => ({ address: c.src, line: c.line }));
  const into = addressed(
    !received || received.dst === '' ? [] : [{ address: received.dst, line: received.line }],
    'vip-address',
  );
  const out = into ? undefined : addressed(translated, 'nat-pool');
  const wildcard =
    into || out || sent.length === 0
      ? undefined
      : matchingVips(sites, [], 'all').find((m) => m.kind === 'wildcard');
  const match = into ?? out ?? wildcard;
  if (!match) return undefined;
  const way = into ? 'to' : out ? 'from' : 'through';
  // A packet sent to a pool address answers traffic that left through the vport of that pool.
  const ofPool = match.pool
    ? match.vip.vports.find(
        (v) => v.transport === transport && v.poolNames.includes(match.pool!.name),
      )
    : undefined;
  const vport = ofPool ?? vportFor(match.vip, transport, first.dstPort);
  const group = vport?.serviceGroup;
  return {
    match,
    way,
    transport,
    vport,
    serviceGroup:
      group === undefined
        ? undefined
        : { name: group, location: serviceGroupLocation(match.vip, group, sites) },
    pools: vport ? poolsOf(match.vip, sites, [vport]) : [],
  };
}

/** What a copy's kind of traffic is called in a sentence: `TCP port 8443`, `UDP port 500`, `ESP`, `GRE`. */
export function trafficName(copy: PacketCopy, transport: Transport): string {
  if (transport !== 'others')
    return `${transport.toUpperCase()}${copy.dstPort !== undefined ? l10n.t` port ${copy.dstPort}` : ''}`;
  return copy.esp ? 'ESP' : copy.ah ? 'AH' : copy.protocol.toUpperCase();
}

/** The hover's part for a packet: the VIP, vport, service group and NAT pool that handled it. */
export function handlingHover(
  packet: Packet,
  sites: readonly IndexedConfig[],
  href: Href = absoluteHref,
): string {
  const handling = handlingOf(packet, sites);
  if (!handling) return '';
  const { match, vport, serviceGroup, pools } = handling;
  const vip = l10n.t`virtual server ${lineLink(match.vip.location, match.vip.name, href)} (${lineLink(match.vip.location, undefined, href)})`;
  const how = md(describeMatch(match));
  if (!vport) {
    const needs =
      handling.transport === 'others'
        ? '`port 0 others`'
        : l10n.t('a `port 0 {0}` or port vport', handling.transport);
    return l10n.t`**Configuration:** through ${vip}, ${how}. It has **no vport for ${md(trafficName(packet.copies[0], handling.transport))}** (it needs ${needs}): the balancer neither translates such packets on the way out nor accepts them on the way in.`;
  }
  const parts = [l10n.t`vport ${lineLink(vport.location, vport.label, href)}`];
  if (serviceGroup)
    parts.push(
      serviceGroup.location
        ? l10n.t`service group ${lineLink(serviceGroup.location, serviceGroup.name, href)}`
        : l10n.t`service group ${code(serviceGroup.name)} (not defined in the workspace)`,
    );
  for (const pool of pools)
    parts.push(
      l10n.t`source NAT pool ${lineLink(pool.location, pool.name, href)} (${md(pool.addresses)})`,
    );
  return l10n.t`**Configuration:** through ${vip}, ${how}: ${parts.join(', ')}.`;
}
