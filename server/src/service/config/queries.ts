// What other parts ask of a configuration's model: its virtual servers by name (the capture join
// matches a dump's addresses to them), and the VIPs another file of the same device opens again
// with `port 0 others` (the check and the join both count those).
import { pushTo } from '../collections';
import type { ConfigDocument, VirtualServerBlock } from './ast';
import { hasOthersInService } from './ast';
import { type IndexedConfig, sees } from './symbols';

/** Virtual servers by name, each with its blocks in document order (a VIP may be opened again). */
export function virtualServersByName(config: ConfigDocument): Map<string, VirtualServerBlock[]> {
  const byName = new Map<string, VirtualServerBlock[]>();
  for (const vip of config.virtualServers) pushTo(byName, vip.name.text, vip);
  return byName;
}

/**
 * The names of the running-config VIPs that the files `site` sees (but itself) open with a `port 0
 * others` in service: a VIP opened again in another file of a split configuration adds its vports
 * to the one in `site`.
 */
export function vipsWithOthersElsewhere(
  site: IndexedConfig,
  sites: readonly IndexedConfig[],
): ReadonlySet<string> {
  const names = new Set<string>();
  for (const other of sites) {
    if (other.uri === site.uri || !sees(site, other)) continue;
    for (const vip of other.model.config.virtualServers) {
      if (vip.form === 'cli' && hasOthersInService(vip.vports)) names.add(vip.name.text);
    }
  }
  return names;
}
