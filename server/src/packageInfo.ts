// The package's name, version and home page, for `--version` and the SARIF tool description.
// Read from package.json at run time, found above this file: the bundles (server/out/*.js), the
// compiled tests (out/server/src/*.js) and an installed package all have it a few folders up.
import * as fs from 'fs';
import * as path from 'path';

/** What the programs say about themselves. */
export interface PackageInfo {
  /** The npm package name: `balancer-lens`. */
  readonly name: string;
  /** Its version: `0.1.0`. */
  readonly version: string;
  /** Where to read about it. */
  readonly homepage: string;
}

const FALLBACK: PackageInfo = {
  name: 'balancer-lens',
  version: '0.0.0',
  homepage: 'https://github.com/balancer-lens/balancer-lens#readme',
};

let cached: PackageInfo | undefined;

/** The package's name, version and home page (the fallback's if package.json cannot be found). */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  cached = FALLBACK;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      ) as Partial<PackageInfo>;
      if (manifest.name === FALLBACK.name && typeof manifest.version === 'string') {
        cached = {
          name: manifest.name,
          version: manifest.version,
          homepage: manifest.homepage ?? FALLBACK.homepage,
        };
        break;
      }
    } catch {
      // No package.json here, or not one we can read: look further up.
    }
    if (path.dirname(dir) === dir) break;
  }
  return cached;
}
