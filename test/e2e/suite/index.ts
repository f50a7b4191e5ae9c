// The Mocha entry point the extension host runs (the @vscode/test-electron shape: `run()`).
// Every `*.test.js` next to this file is a part of the suite: adding a file is all it takes.
// Env BALANCER_LENS_E2E_GREP limits the run to tests whose full title matches.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { formatResult, STARTED } from './result';

/** Runs the suite; rejects when a test fails, after printing the counts for the harness. */
export function run(): Promise<void> {
  console.log(STARTED);
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.BALANCER_LENS_E2E_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js'));
  for (const name of files.sort()) {
    mocha.addFile(path.join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        console.log(
          formatResult({
            passed: stats?.passes ?? 0,
            failed: failures,
            pending: stats?.pending ?? 0,
          }),
        );
        if (failures > 0) {
          reject(new Error(`${failures} end-to-end test(s) failed.`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      // A test file that does not load (syntax error, missing module) ends up here.
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
