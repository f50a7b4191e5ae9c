// Runs the end-to-end suite (test/e2e/suite) in a real VS Code twice: with the extension loaded
// from the working tree (extensionDevelopmentPath), and installed from the packaged .vsix as a
// user gets it. Needs a build first (npm run build). `node out/test/e2e/harness/runner.js [dev|vsix]`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parsePageRequest, type PageElement, type PageRequest } from '../suite/page';
import { parseResult, STARTED, SuiteResult } from '../suite/result';
import { copyFolder, examplesDir, repoRoot, suiteIndex, vscodeTestDir } from './paths';
import { VSCodeServer } from './vscodeServer';
import type { Page } from 'playwright-core';
import { isOfflineNoise, openWorkbench } from './workbench';

/** Which builds of the extension to test. */
export type RunKind = 'dev' | 'vsix';

/** Options of runRealEditorTests; every one has a default. */
export interface RealEditorOptions {
  /** The builds to test, in order; both by default. */
  runs?: RunKind[];
  /** Deadline of each run, from starting the server to the suite's exit; 5 min by default (env BALANCER_LENS_E2E_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Saves a screenshot of the workbench when each run ends, `-dev`/`-vsix` added before the extension (env BALANCER_LENS_SCREENSHOT). */
  screenshot?: string;
  /** Only tests whose full title matches (env BALANCER_LENS_E2E_GREP). */
  grep?: string;
  /** An existing .vsix to install instead of packaging the working tree with vsce. */
  vsix?: string;
  /** Where progress and the extension host's log go; console.log by default. */
  log?: (line: string) => void;
}

/** The counts summed over the runs; a run that ends without reporting counts counts as one failure. */
export interface RealEditorResult {
  passed: number;
  failed: number;
}

/** Runs the e2e suite in the real editor (dev path, then the installed .vsix) and sums the counts. */
export async function runRealEditorTests(
  options: RealEditorOptions = {},
): Promise<RealEditorResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const runs = options.runs ?? ['dev', 'vsix'];
  const timeoutMs =
    options.timeoutMs ?? (Number(process.env.BALANCER_LENS_E2E_TIMEOUT_MS) || 5 * 60_000);
  const screenshot = options.screenshot ?? process.env.BALANCER_LENS_SCREENSHOT;
  const grep = options.grep ?? process.env.BALANCER_LENS_E2E_GREP;
  for (const built of [suiteIndex, path.join(repoRoot, 'client', 'out', 'extension.js')]) {
    if (!fs.existsSync(built)) {
      throw new Error(`${path.relative(repoRoot, built)} is missing: run npm run build first.`);
    }
  }

  const total: RealEditorResult = { passed: 0, failed: 0 };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'blens-vsix-'));
  try {
    for (const kind of runs) {
      let vsix: string | undefined;
      try {
        vsix = kind === 'vsix' ? (options.vsix ?? packageVsix(scratch, log)) : undefined;
      } catch (error) {
        // A package that cannot be built is one failure of this run; the other run's counts stand.
        log(
          `${label(kind)}: could not package the extension: ${error instanceof Error ? error.message : String(error)}`,
        );
        total.failed += 1;
        continue;
      }
      const result = await runOnce(kind, {
        vsix,
        timeoutMs,
        grep,
        log,
        screenshot: screenshot && suffixed(screenshot, kind),
      });
      log(
        `${label(kind)}: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} pending` : ''}`,
      );
      total.passed += result.passed;
      total.failed += result.failed;
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return total;
}

function label(kind: RunKind): string {
  return kind === 'dev'
    ? 'Real VS Code, extension from the working tree'
    : 'Real VS Code, extension installed from the .vsix';
}

function suffixed(file: string, kind: RunKind): string {
  const extension = path.extname(file);
  return `${file.slice(0, file.length - extension.length)}-${kind}${extension || '.png'}`;
}

/** Packages the built working tree with vsce (offline; no dependencies: the programs are bundled). */
export function packageVsix(intoDir: string, log: (line: string) => void = console.log): string {
  const vsix = path.join(intoDir, 'balancer-lens.vsix');
  log('Packaging the extension with vsce...');
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  // stdin closed: a vsce question (missing LICENSE, ...) fails instead of waiting forever.
  const result = spawnSync(vsce, ['package', '--no-dependencies', '-o', vsix], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(
      `vsce package failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`,
    );
  }
  return vsix;
}

interface RunOptions {
  vsix: string | undefined;
  timeoutMs: number;
  grep: string | undefined;
  screenshot: string | undefined;
  log: (line: string) => void;
}

/**
 * An extension with nothing in it. The workbench runs extensionTestsPath only in extension
 * development mode; the .vsix run loads this instead of the working tree to get there.
 */
function writeEmptyExtension(parent: string): string {
  const dir = path.join(parent, 'empty-extension');
  fs.mkdirSync(dir);
  const manifest = {
    name: 'e2e-test-mode',
    publisher: 'balancer-lens-tests',
    version: '0.0.0',
    engines: { vscode: '*' },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** A line of a stack trace, as the workbench's log prints an error's. */
const STACK_FRAME = /\n\s+at \S/;

/** One server, one browser, one suite run. */
async function runOnce(kind: RunKind, options: RunOptions): Promise<SuiteResult> {
  const { log } = options;
  const verbose = process.env.BALANCER_LENS_E2E_VERBOSE === '1';
  log('');
  log(`── ${label(kind)} ──`);
  const started = Date.now();
  const env: Record<string, string> = { BALANCER_LENS_E2E_RUN: kind };
  if (options.grep) {
    env.BALANCER_LENS_E2E_GREP = options.grep;
  }
  const server = await VSCodeServer.create({
    env,
    log,
    onOutput: verbose ? (line) => log(`  [server] ${line}`) : undefined,
  });
  let result: SuiteResult | undefined;
  let suiteStarted = false;
  let page: Page | undefined;
  let stacks = 0;
  /** Shows the suite's output in full; before it starts, only problems (the workbench's start-up chatter is long). */
  const onLog = (type: string, text: string): void => {
    const request = parsePageRequest(text);
    if (request) {
      void answerPageRequest(page, request);
      return;
    }
    const reported = parseResult(text);
    if (reported || text.includes(STARTED)) {
      suiteStarted = true;
      result = reported ?? result;
      return;
    }
    const problem = type === 'error' || type === 'warn' || type === 'warning';
    // A passing run prints no stack trace: each one logged is a fault of ours to remove.
    if (type === 'error' && STACK_FRAME.test(text) && !isOfflineNoise(text)) stacks++;
    if (verbose || ((suiteStarted || problem) && !isOfflineNoise(text))) {
      for (const line of text.split('\n')) {
        log(`  ${problem ? `${type}: ` : ''}${line}`);
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    if (options.vsix) {
      await server.installExtension(options.vsix);
    }
    const workspace = copyFolder(examplesDir, server.dirs.root);
    await server.start();
    const extension = kind === 'dev' ? repoRoot : writeEmptyExtension(server.dirs.root);
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', server.remoteUri(extension)],
      ['extensionTestsPath', server.remoteUri(suiteIndex)],
      ['skipWelcome', 'true'],
    ];
    const session = await openWorkbench(server.workbenchUrl(workspace, payload), {
      onLog,
      browserConsole: verbose,
    });
    page = session.page;
    try {
      const left = options.timeoutMs - (Date.now() - started);
      const timedOut = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), left)),
      );
      const exit = await Promise.race([session.exit, timedOut]);
      if (exit === 'timeout') {
        const picture = path.join(vscodeTestDir, `e2e-timeout-${kind}.png`);
        await session.screenshot(picture).catch(() => undefined);
        log(
          `  FAILED: the run did not finish within ${options.timeoutMs / 1000} s (${suiteStarted ? 'the suite started' : 'the suite never started'}; screenshot: ${path.relative(repoRoot, picture)}).`,
        );
        log(
          `  The VS Code server's last lines:\n${server.recentOutput(20).replace(/^/gm, '    ')}`,
        );
        return {
          passed: result?.passed ?? 0,
          failed: Math.max(1, result?.failed ?? 0),
          pending: result?.pending ?? 0,
        };
      }
      if (options.screenshot) {
        await session.screenshot(options.screenshot);
        log(`  Screenshot: ${options.screenshot}`);
      }
      if (result === undefined || (exit !== 0 && result.failed === 0)) {
        log(
          `  FAILED: the extension host ended (code ${exit}) without the suite reporting ${result ? 'a failure' : 'its counts'}: did it crash, or did a test file fail to load?`,
        );
        return { passed: result?.passed ?? 0, failed: 1, pending: result?.pending ?? 0 };
      }
      if (stacks > 0 && result.failed === 0) {
        log(
          `  FAILED: the workbench logged ${stacks === 1 ? 'an error' : `${stacks} errors`} with a stack trace (shown above); a passing run logs none.`,
        );
        return { ...result, failed: 1 };
      }
      return result;
    } finally {
      await session.close();
    }
  } finally {
    clearTimeout(timer);
    await server.stop();
    log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

/**
 * Reads the visible elements a test asked for (suite/page.ts) and writes them to its file whole
 * (written aside, then renamed), or the reason it could not.
 */
async function answerPageRequest(page: Page | undefined, request: PageRequest): Promise<void> {
  let answer: PageElement[] | { error: string };
  try {
    if (!page) throw new Error('the page is not open yet');
    answer = await page.evaluate((selector) => {
      // Runs in the page: the DOM's types are not this program's (no DOM library here).
      interface Shown {
        innerText: string;
        getBoundingClientRect(): { width: number; height: number; top: number; bottom: number };
      }
      const page = globalThis as unknown as {
        document: { querySelectorAll(selector: string): Iterable<Shown> };
      };
      const shown: PageElement[] = [];
      for (const element of page.document.querySelectorAll(selector)) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        shown.push({ text: element.innerText, top: box.top, bottom: box.bottom });
      }
      return shown;
    }, request.selector);
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  fs.writeFileSync(`${request.file}.part`, JSON.stringify(answer));
  fs.renameSync(`${request.file}.part`, request.file);
}

if (require.main === module) {
  const runs = process.argv
    .slice(2)
    .filter((arg): arg is RunKind => arg === 'dev' || arg === 'vsix');
  runRealEditorTests({ runs: runs.length > 0 ? runs : undefined }).then(
    ({ passed, failed }) => {
      console.log(`\n${passed} passed, ${failed} failed`);
      process.exitCode = failed > 0 ? 1 : 0;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
