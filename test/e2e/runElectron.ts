// `npm run test:electron`: the same e2e suite in desktop VS Code through @vscode/test-electron,
// the standard runner, for contributors with internet (it downloads VS Code into .vscode-test/).
// Offline, the download fails within seconds with a message saying so; `npm run test:e2e` is
// the runner that works without internet.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { copyFolder, examplesDir, repoRoot, suiteIndex, vscodeTestDir } from './harness/paths';

/** Desktop VS Code to test in: the oldest the manifest accepts (engines.vscode ^1.100.0). */
const VSCODE_VERSION = '1.100.3';

/** Download and run must end within this, or the runner gives up (env BALANCER_LENS_E2E_TIMEOUT_MS). */
const DEADLINE_MS = Number(process.env.BALANCER_LENS_E2E_TIMEOUT_MS) || 10 * 60_000;

async function main(): Promise<number> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'blens-electron-'));
  try {
    const workspace = copyFolder(examplesDir, scratch);
    return await runTests({
      version: VSCODE_VERSION,
      cachePath: vscodeTestDir,
      timeout: 20_000, // the download's idle timeout
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv: { BALANCER_LENS_E2E_RUN: 'dev' },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        path.join(scratch, 'user-data'),
      ],
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const deadline = setTimeout(() => {
  console.error(`test:electron: no result within ${DEADLINE_MS / 1000} s; giving up.`);
  process.exit(1);
}, DEADLINE_MS);

main().then(
  (code) => {
    clearTimeout(deadline);
    process.exitCode = code;
  },
  (error: unknown) => {
    clearTimeout(deadline);
    const reason = error instanceof Error ? error.message : String(error);
    console.error(
      `\ntest:electron could not run the suite in desktop VS Code ${VSCODE_VERSION}: ${reason}`,
    );
    if (
      /download|fetch|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|timed? ?out|getaddrinfo|socket/i.test(
        reason,
      )
    ) {
      console.error(
        '@vscode/test-electron downloads VS Code from update.code.visualstudio.com, which this machine cannot reach.\n' +
          'Without internet, run the same suite in the bundled VS Code server instead: npm run test:e2e',
      );
    }
    process.exitCode = 1;
  },
);
