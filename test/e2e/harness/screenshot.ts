// `npm run screenshot -- <file> [out.png] [--problems] [--line=L[:C]] [--hover] [--command=ID] [--size=WxH]`
// A picture of VS Code showing a file with the extension at work (loaded from the working
// tree; build first). The file's folder is copied, so nothing in the repository changes.
// Example: npm run screenshot -- examples/vip-before-fix.summary.txt docs/screenshot.png --problems
import * as fs from 'fs';
import * as path from 'path';
import { SCREENSHOT_READY, ScreenshotRequest } from '../screenshot/request';
import { copyFolder, repoRoot, screenshotIndex } from './paths';
import { VSCodeServer } from './vscodeServer';
import { isOfflineNoise, openWorkbench } from './workbench';

/** What to photograph and where to save it. */
export interface ScreenshotOptions extends Partial<Omit<ScreenshotRequest, 'file'>> {
  /** The file to show; its folder becomes the workspace. */
  file: string;
  /** The PNG to write. */
  output: string;
  /** Page size in CSS pixels; 1280x800 by default. */
  viewport?: { width: number; height: number };
  /** Deadline for the whole job; 2 min by default. */
  timeoutMs?: number;
}

/** Opens `file` in the real editor with the working tree's extension and saves a PNG of the workbench. */
export async function takeScreenshot(options: ScreenshotOptions): Promise<void> {
  const file = path.resolve(options.file);
  if (!fs.statSync(file).isFile()) {
    throw new Error(`${options.file} is not a file.`);
  }
  const request: ScreenshotRequest = {
    file: path.basename(file),
    problems: options.problems ?? false,
    line: options.line,
    column: options.column,
    hover: options.hover ?? false,
    command: options.command,
    settleMs: options.settleMs ?? 10_000,
  };
  const server = await VSCodeServer.create({
    env: { BALANCER_LENS_SHOW: JSON.stringify(request) },
  });
  try {
    const workspace = copyFolder(path.dirname(file), server.dirs.root);
    await server.start();
    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(screenshotIndex)],
      ['skipWelcome', 'true'],
    ]);
    let ready: (report: { diagnostics: number }) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const arranged = new Promise<{ diagnostics: number }>((resolve, reject) => {
      ready = resolve;
      fail = reject;
    });
    const session = await openWorkbench(url, {
      viewport: options.viewport,
      onLog: (type, text) => {
        const at = text.indexOf(SCREENSHOT_READY);
        if (at >= 0) {
          ready(JSON.parse(text.slice(at + SCREENSHOT_READY.length)) as { diagnostics: number });
        } else if (type === 'error' && !isOfflineNoise(text)) {
          console.error(`  ${text}`);
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeoutMs = options.timeoutMs ?? 120_000;
      timer = setTimeout(
        () => fail(new Error(`The view was not ready within ${timeoutMs / 1000} s.`)),
        timeoutMs,
      );
      void session.exit.then((code) =>
        fail(new Error(`The extension host stopped (code ${code}) before the view was ready.`)),
      );
      const report = await arranged;
      // The extension host is done; wait until the browser has drawn what it was told.
      const { page } = session;
      const drawn = { timeout: 10_000, state: 'visible' } as const;
      await page.waitForSelector('.monaco-editor .view-line', drawn);
      if (report.diagnostics > 0) {
        await page.waitForSelector('.squiggly-error, .squiggly-warning, .squiggly-info', drawn);
      }
      if (request.hover) {
        await page.waitForSelector('.monaco-hover:not(.hidden)', drawn);
      }
      if (request.command) {
        // A command that opens a webview (the flow diagram, a Markdown preview): its frame, then its drawing.
        await page.waitForSelector('iframe.webview', drawn).catch(() => undefined);
        await page.waitForTimeout(1500);
      }
      // Extension tests run in an "[Extension Development Host]" window; a user's title has no such prefix.
      await page.evaluate(`{
        const prefix = '[Extension Development Host] ';
        const strip = () => {
          for (const label of document.querySelectorAll('.titlebar .search-label, .titlebar .window-title')) {
            if (label.textContent.startsWith(prefix)) label.textContent = label.textContent.slice(prefix.length);
          }
        };
        strip();
        new MutationObserver(strip).observe(document.body, { subtree: true, childList: true, characterData: true });
      }`);
      await page.evaluate('document.fonts.ready.then(() => true)');
      fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
      await page.screenshot({ path: options.output, animations: 'disabled' });
    } finally {
      clearTimeout(timer);
      await session.close();
    }
  } finally {
    await server.stop();
  }
}

function parseArgs(argv: string[]): ScreenshotOptions {
  // Paths are the user's: relative to where npm was run, not to the package root.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  const flag = (name: string): string | undefined => {
    const found = argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    return found === undefined ? undefined : (found.split('=')[1] ?? '');
  };
  if (positional.length === 0) {
    throw new Error(
      'Usage: npm run screenshot -- <file> [out.png] [--problems] [--line=L[:C]] [--hover] [--command=ID] [--size=WxH]',
    );
  }
  const [line, column] = (flag('line') ?? '').split(':').map(Number);
  const [width, height] = (flag('size') ?? '1280x800').split('x').map(Number);
  return {
    file: path.resolve(cwd, positional[0]),
    output: path.resolve(cwd, positional[1] ?? 'screenshot.png'),
    problems: flag('problems') !== undefined,
    hover: flag('hover') !== undefined,
    command: flag('command') || undefined,
    line: line || undefined,
    column: column || undefined,
    viewport: { width, height },
  };
}

if (require.main === module) {
  Promise.resolve()
    .then(async () => {
      const options = parseArgs(process.argv.slice(2));
      await takeScreenshot(options);
      console.log(`Screenshot of ${path.relative(repoRoot, options.file)}: ${options.output}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
