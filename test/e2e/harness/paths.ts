// Where things are: the repository, the compiled suites, and the ignored cache the real
// VS Code is installed into. Computed from this file's place, so any working directory works.
import * as fs from 'fs';
import * as path from 'path';

import { repoRoot } from '../../paths';

export { repoRoot };

/** The ignored folder for downloaded editors (`@vscode/test-electron` keeps its builds here too). */
export const vscodeTestDir = path.join(repoRoot, '.vscode-test');

/** The example workspace a newcomer opens first; tests only ever open a copy of it. */
export const examplesDir = path.join(repoRoot, 'examples');

/** The compiled Mocha entry point the extension host runs (`run()` in suite/index.ts). */
export const suiteIndex = path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');

/** The compiled extension-host side of the screenshot command (screenshot/index.ts). */
export const screenshotIndex = path.join(repoRoot, 'out', 'test', 'e2e', 'screenshot', 'index.js');

/** Copies a folder into a fresh subfolder of `parent` with the same base name, and returns it. */
/** The ignored folder `npm start` opens: a fresh copy of examples/, so trying a fix there never changes the tracked files. */
export const demoDir = path.join(repoRoot, '.demo');

/** Makes a fresh copy of examples/ under `parent` (the demo's folder), replacing the last one; answers its path. */
export function freshExamples(parent = demoDir): string {
  fs.rmSync(path.join(parent, path.basename(examplesDir)), { recursive: true, force: true });
  fs.mkdirSync(parent, { recursive: true });
  return copyFolder(examplesDir, parent);
}

export function copyFolder(source: string, parent: string): string {
  const target = path.join(parent, path.basename(source));
  fs.cpSync(source, target, { recursive: true });
  return target;
}
