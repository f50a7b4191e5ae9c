// Where the tests find the repository and its fixtures, from wherever the compiled test runs
// (out/test/..., inside VS Code's extension host too).
import * as fs from 'fs';
import * as path from 'path';

/** The repository root: the nearest folder above this file whose package.json is the extension's. */
export const repoRoot: string = findRepoRoot(__dirname);

/** A file under test/fixtures, read byte for byte (line ends kept). */
export function fixture(relative: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', relative), 'utf8');
}

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'balancer-lens') return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`No balancer-lens package.json above ${from}`);
  }
}
