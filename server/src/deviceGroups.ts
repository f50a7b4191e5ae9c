// The `devices` setting: a device deliberately split over several files, named and listed by
// globs, `{ "lb-dc1": ["dc1/lb1/*.cfg"] }`. The editor (`balancerLens.devices`, globs relative to
// each workspace folder) and `check` (`devices` in .balancer-lens.json, or `balancerLens.devices`
// in .vscode/settings.json, globs relative to the folder that holds the settings) read it here.
import * as path from 'path';
import picomatch from 'picomatch';

/** Device names and the globs of their files. */
export type DeviceGroups = Readonly<Record<string, readonly string[]>>;

/** The setting checked: an object of device names and lists of globs; else why it cannot be used. */
export function readDeviceGroups(value: unknown): { groups: DeviceGroups } | { error: string } {
  if (value === undefined || value === null) return { groups: {} };
  const example = '{ "lb-dc1": ["dc1/lb1/*.cfg"] }';
  if (typeof value !== 'object' || Array.isArray(value))
    return {
      error: `must be an object of device names and lists of file globs, such as ${example}`,
    };
  const groups: Record<string, string[]> = {};
  for (const [name, globs] of Object.entries(value as Record<string, unknown>)) {
    if (name.trim() === '')
      return { error: `names a device "" : give each device a name, such as ${example}` };
    if (!Array.isArray(globs) || !globs.every((g) => typeof g === 'string' && g.trim() !== ''))
      return { error: `"${name}" must be a list of file globs, such as ${example}` };
    groups[name] = globs as string[];
  }
  return { groups };
}

/** Which device the settings put a file in, by the globs of the folders the settings speak for. */
export class DeviceGroupMatcher {
  private readonly matchers: {
    base: string;
    name: string;
    matches: (relative: string) => boolean;
  }[] = [];

  /** `entries`: each a folder (an absolute path) and the groups whose globs are relative to it. */
  constructor(entries: readonly { readonly base: string; readonly groups: DeviceGroups }[]) {
    for (const { base, groups } of entries) {
      for (const name of Object.keys(groups).sort()) {
        this.matchers.push({
          base,
          name,
          matches: picomatch(
            groups[name].map((g) => g.replace(/^\.\//, '')),
            { dot: true },
          ),
        });
      }
    }
  }

  /** True when no group is set. */
  get empty(): boolean {
    return this.matchers.length === 0;
  }

  /** The device a file (an absolute path) is grouped in, if any: the first by name when several globs take it. */
  groupOf(file: string): string | undefined {
    for (const { base, name, matches } of this.matchers) {
      const relative = path.relative(base, file);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (matches(relative.split(path.sep).join('/'))) return name;
    }
    return undefined;
  }
}
