// `npm test`: every part of the suite, then one closing line `N passed, N failed` over all.
//   unit      the language service (server/src/service), in process
//   grammar   the TextMate grammars through vscode-textmate and vscode-oniguruma
//   lsp       the built server (server/out/server.js) over stdio
//   property  random and mutated input into every feature
//   cli       the built command line (server/out/cli.js) and both programs as package.json names them
//   diagram   the flow diagram's page (media/out/diagram.js) in headless Chromium, with screenshots
//   e2e       the extension in a real VS Code: from the source tree, and installed from the .vsix
// Name parts to run only those: `node out/test/runAll.js unit lsp`.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { runRealEditorTests } from './e2e/harness';

const MOCHA_PARTS = ['unit', 'grammar', 'lsp', 'property', 'cli', 'diagram'];
const ALL_PARTS = [...MOCHA_PARTS, 'e2e'];

interface Counts {
  passed: number;
  failed: number;
}

/** Every `*.test.js` under a folder, in a stable order. */
function testFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'e2e' ? [] : testFiles(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    });
}

async function runMocha(parts: string[]): Promise<Counts> {
  const mocha = new Mocha({ reporter: 'spec', timeout: 30_000 });
  for (const part of parts)
    for (const file of testFiles(path.join(__dirname, part))) mocha.addFile(file);
  return new Promise((resolve) => {
    const runner = mocha.run(() =>
      resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }),
    );
  });
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((part) => !ALL_PARTS.includes(part));
  if (unknown.length > 0) {
    console.error(`Unknown test part(s): ${unknown.join(', ')}. Parts: ${ALL_PARTS.join(', ')}.`);
    process.exit(2);
  }
  const parts = asked.length > 0 ? asked : ALL_PARTS;
  const total: Counts = { passed: 0, failed: 0 };
  const add = (counts: Counts): void => {
    total.passed += counts.passed;
    total.failed += counts.failed;
  };

  const mochaParts = parts.filter((part) => MOCHA_PARTS.includes(part));
  if (mochaParts.length > 0) add(await runMocha(mochaParts));
  if (parts.includes('e2e')) {
    try {
      add(await runRealEditorTests());
    } catch (error) {
      console.error(
        `The real-editor tests could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      total.failed += 1;
    }
  }
  console.log(`\n${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed > 0 ? 1 : 0);
}

void main();
