// What the workspace's configuration says about the addresses a dump shows the balancer using:
// the VIP whose address it is, or the NAT pool of a VIP's vports it lies in. The diagram writes
// it under the balancer's lane, so the picture names the VIP as the configuration does.
import type { IndexedConfig } from '../config/symbols';
import { fileName } from '../config/symbols';
import { matchingVips } from '../join/vipMatch';
import type { BalancerAddressNote, BalancerAddressNotes } from './model';

/** Notes from the VIPs of the given configuration documents (their own address or a pool; the wildcard VIP matches anything, so it says nothing of one address). */
export function configAddressNotes(sites: readonly IndexedConfig[]): BalancerAddressNotes {
  return (addresses) => {
    const notes: BalancerAddressNote[] = [];
    if (sites.length === 0) return notes;
    for (const seen of addresses) {
      const match = matchingVips(sites, [seen], 'all').find((m) => m.kind !== 'wildcard');
      if (!match) continue;
      // A masked address only may be the VIP's (`210.21.*.*`): the note says so.
      const may = match.masked ? 'may be ' : '';
      const what =
        match.kind === 'nat-pool'
          ? `pool ${match.pool!.name} of VIP ${match.vip.name}`
          : `VIP ${match.vip.name}`;
      notes.push({
        address: seen.address,
        note: `${may}${what} (${fileName(match.vip.site.uri)})`,
      });
    }
    return notes;
  };
}
