// The VS Code workbench in headless Debian Chromium, driven by playwright-core (never
// `playwright install`: the browser is /usr/bin/chromium). Extension tests report back the way
// VS Code's own browser integration tests do: window.codeAutomationLog and codeAutomationExit.
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import { Browser, chromium, Page } from 'playwright-core';

/** The browser binary; override with env BALANCER_LENS_CHROMIUM. */
export const chromiumPath = process.env.BALANCER_LENS_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A workbench page open in the browser. */
export interface WorkbenchSession {
  /** The playwright page, for driving the UI. */
  readonly page: Page;
  /** Resolves with the code the extension tests exited with (extensionTestsPath runs only). */
  readonly exit: Promise<number>;
  /** Saves a PNG of the page, creating the folder. */
  screenshot(file: string): Promise<void>;
  /** Closes the browser. */
  close(): Promise<void>;
}

/** How to open the workbench. */
export interface WorkbenchOptions {
  /**
   * Receives each message of the workbench's log, the extension host's console included, as
   * readable text (possibly several lines); `type` is `info`, `warn`, `error`, ...
   */
  onLog: (type: string, text: string) => void;
  /** Also passes on the browser's own console (mostly resources the offline server lacks). */
  browserConsole?: boolean;
  /** Page size in CSS pixels; 1280x800 by default. */
  viewport?: { width: number; height: number };
}

/** Launches Chromium and opens `url` (from VSCodeServer.workbenchUrl). */
export async function openWorkbench(
  url: string,
  options: WorkbenchOptions,
): Promise<WorkbenchSession> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: apt-get update && apt-get install -y chromium`);
  }
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    const { onLog } = options;
    let reportExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (reportExit = resolve));

    // The log service of a workbench under automation writes here, extension host console included.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) =>
      onLog(type, formatConsoleArgs(args)),
    );
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    page.on('pageerror', (error) =>
      onLog('error', `[browser] uncaught: ${error.stack ?? error.message}`),
    );
    page.on('crash', () => {
      onLog('error', '[browser] the page crashed');
      reportExit(-1); // nothing will report any more
    });
    if (options.browserConsole) {
      page.on('console', (message) => onLog(message.type(), `[browser] ${message.text()}`));
    }
    await page.goto(url);

    return {
      page,
      exit,
      async screenshot(file: string): Promise<void> {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        await page.screenshot({ path: file });
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Workbench messages every offline run prints, which say nothing about the extension. */
const OFFLINE_NOISE = [
  /open-vsx\.org/, // the extension gallery: no internet
  /\[Service Worker\]/, // the server does not serve one
  /^Creation of workbench contribution .* took \d+ms/,
];

/** Whether a log message is start-up chatter of the offline workbench. */
export function isOfflineNoise(text: string): boolean {
  return OFFLINE_NOISE.some((noise) => noise.test(text));
}

/**
 * Turns console arguments into text the way a terminal would show them: format directives
 * (`%s`, `%d`, `%o`) are filled in and `%c` styles, with their CSS arguments, are dropped.
 */
export function formatConsoleArgs(args: unknown[]): string {
  const rest = [...args];
  let text = '';
  if (typeof rest[0] === 'string') {
    text = (rest.shift() as string).replace(/%([csdifoO%])/g, (directive, kind: string) => {
      if (kind === '%') {
        return '%';
      }
      if (rest.length === 0) {
        return directive;
      }
      const value = rest.shift();
      return kind === 'c' ? '' : show(value);
    });
  }
  return [text, ...rest.map(show)].filter((part) => part !== '').join(' ');
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 4, breakLength: Infinity });
}
