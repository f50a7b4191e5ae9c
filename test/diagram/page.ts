// The flow diagram's page as the webview shows it, in headless Debian Chromium (playwright-core,
// as the real-editor harness drives it): the very HTML the extension writes (its CSP included),
// the built media/out/diagram.js, a stand-in for the webview's acquireVsCodeApi that records what
// the page posts and answers its requests for rows as the extension does (from the diagram shown,
// a turn later), and the colour variables of VS Code's light, dark and high-contrast themes.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as l10n from '@vscode/l10n';
import { type Browser, chromium, type Page } from 'playwright-core';
import { diagramHtml } from '../../client/src/diagram/html';
import type { FlowDiagram } from '../../server/src/service';
import { outlineOf } from '../../server/src/service/diagram/outline';
import { chromiumPath } from '../e2e/harness/workbench';
import { repoRoot } from '../paths';

/** Where the page tests leave their screenshots and pages (git-ignored), to be looked at in review. */
export const resultsFolder = path.join(repoRoot, 'test-results', 'diagram');

/** The theme colours a page is shown in. */
export type Theme = 'light' | 'dark' | 'high-contrast';

/** The variables the page and the picture read (without `--vscode-`): light, dark and high-contrast values of VS Code's default themes ('' where a theme leaves it out). */
const THEME_VARIABLES: Record<string, [string, string, string]> = {
  'editor-background': ['#ffffff', '#1f1f1f', '#000000'],
  'editor-foreground': ['#3b3b3b', '#cccccc', '#ffffff'],
  descriptionForeground: ['#717171', '#9d9d9d', '#ffffff'],
  'editorLineNumber-foreground': ['#6e7681', '#6e7681', '#ffffff'],
  'editorWidget-background': ['#f8f8f8', '#202020', '#0c141f'],
  'editorWidget-border': ['#c8c8c8', '#454545', ''],
  contrastBorder: ['', '', '#6fc3df'],
  contrastActiveBorder: ['', '', '#f38518'],
  'charts-purple': ['#652d90', '#b180d7', '#b180d7'],
  'charts-blue': ['#1a85ff', '#3794ff', '#3794ff'],
  'charts-green': ['#388a34', '#89d185', '#89d185'],
  'charts-orange': ['#d18616', '#d18616', '#d18616'],
  'editorWarning-foreground': ['#bf8803', '#cca700', '#ffd370'],
  'editorError-foreground': ['#e51400', '#f14c4c', '#f48771'],
  'editor-selectionBackground': ['#add6ff', '#264f78', '#ffffff33'],
  focusBorder: ['#005fb8', '#0078d4', '#f38518'],
  'input-background': ['#ffffff', '#313131', '#000000'],
  'input-foreground': ['#3b3b3b', '#cccccc', '#ffffff'],
  'input-border': ['#cecece', '#3c3c3c', '#6fc3df'],
  'input-placeholderForeground': ['#767676', '#989898', '#ffffffb3'],
  'dropdown-background': ['#ffffff', '#313131', '#000000'],
  'dropdown-foreground': ['#3b3b3b', '#cccccc', '#ffffff'],
  'dropdown-border': ['#cecece', '#3c3c3c', '#6fc3df'],
  'button-background': ['#005fb8', '#0078d4', '#000000'],
  'button-foreground': ['#ffffff', '#ffffff', '#ffffff'],
  'button-border': ['', '', '#6fc3df'],
  'button-secondaryBackground': ['#e5e5e5', '#313131', ''],
  'button-secondaryForeground': ['#3b3b3b', '#cccccc', ''],
  'panel-border': ['#e5e5e5', '#2b2b2b', '#6fc3df'],
  'list-hoverBackground': ['#f2f2f2', '#2a2d2e', ''],
  'font-family': ['sans-serif', 'sans-serif', 'sans-serif'],
  'font-size': ['13px', '13px', '13px'],
  'editor-font-family': ['monospace', 'monospace', 'monospace'],
};

/** The variables of one theme. */
function themeVariables(theme: Theme): Record<string, string> {
  const column = theme === 'light' ? 0 : theme === 'dark' ? 1 : 2;
  const entries: [string, string][] = Object.entries(THEME_VARIABLES).map(([name, values]) => [
    name,
    values[column],
  ]);
  return Object.fromEntries(entries.filter(([, value]) => value !== ''));
}

/** A browser for the page tests. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** What a page test drives. */
export interface DiagramPage {
  readonly page: Page;
  /** Every message the page posted to the extension, in order. */
  posted(): Promise<{ type: string; [key: string]: unknown }[]>;
  /** Resolves once a JavaScript expression holds in the page. */
  until(expression: string): Promise<void>;
  /** Sends the page a message as the extension does, and waits for it to be handled. */
  send(message: unknown): Promise<void>;
  /** Sends a diagram's outline as the extension does (its rows' words when the page asks) and waits for the page's `ready`. */
  show(diagram: FlowDiagram): Promise<void>;
  /** The rows the page asked for since it was opened. */
  rowsAsked(): Promise<number[]>;
  /** Saves a screenshot under test-results/diagram/. */
  screenshot(name: string): Promise<string>;
  /** Errors the page threw or printed (a CSP refusal among them). */
  readonly errors: string[];
}

/** The editor's language for a page: its tag and the extension's bundle for it (l10n/bundle.l10n.<tag>.json). */
export interface PageLanguage {
  readonly tag: string;
  readonly bundle: Record<string, string>;
}

/** Opens the page in a theme, in English or in a language as the panel hands it over (the page's HTML written in it, the bundle in the first message). */
export async function openDiagramPage(
  browser: Browser,
  theme: Theme,
  viewport = { width: 1100, height: 640 },
  language?: PageLanguage,
): Promise<DiagramPage> {
  fs.mkdirSync(resultsFolder, { recursive: true });
  const file = path.join(resultsFolder, `page-${language?.tag ?? 'en'}.html`);
  // As the panel does: @vscode/l10n on the editor's bundle while the HTML is written.
  l10n.config({ contents: language?.bundle ?? {} });
  fs.writeFileSync(
    file,
    diagramHtml({
      language: language?.tag,
      cspSource: 'file:',
      nonce: 'dGVzdC1ub25jZS1mb3ItdGhlLXBhZ2U=',
      script: pathToFileURL(path.join(repoRoot, 'media', 'out', 'diagram.js')).toString(),
      style: pathToFileURL(path.join(repoRoot, 'media', 'diagram.css')).toString(),
    }),
  );
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // What VS Code's webview gives a page: acquireVsCodeApi, and the theme's variables on <html>.
  // (Code for the browser is written as text: this project's TypeScript knows no DOM.)
  await page.addInitScript(`
    window.__posted = [];
    window.__rows = [];
    window.__version = 0;
    const answerRows = (m) => {
      if (m.version === window.__version) window.postMessage({ type: 'rows', version: m.version, rows: m.rows.map((i) => window.__rows[i]) }, '*');
    };
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => {
        window.__posted.push(m);
        if (m.type === 'rows') setTimeout(() => answerRows(m), 0);
      },
      getState: () => undefined,
      setState: () => undefined,
    });
    document.addEventListener('DOMContentLoaded', () => {
      for (const [name, value] of Object.entries(${JSON.stringify(themeVariables(theme))}))
        document.documentElement.style.setProperty('--vscode-' + name, value);
    });`);
  await page.goto(pathToFileURL(file).toString());
  // Polled from outside the page: waitForFunction evaluates text inside it, which its CSP forbids.
  const until = async (expression: string): Promise<void> => {
    for (let tries = 0; !(await page.evaluate<boolean>(expression)); tries++) {
      if (tries > 500) throw new Error(`The page never reached: ${expression}`);
      await page.waitForTimeout(20);
    }
  };
  await until("window.__posted.some((m) => m.type === 'loaded')");
  l10n.config({ contents: {} });
  const posted = async (): Promise<{ type: string; [key: string]: unknown }[]> =>
    JSON.parse(await page.evaluate<string>('JSON.stringify(window.__posted)')) as {
      type: string;
      [key: string]: unknown;
    }[];
  const send = async (message: unknown): Promise<void> => {
    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    // Messages are handled in order: a timer and a frame later this one was, and drawn.
    await page.evaluate('new Promise((resolve) => setTimeout(resolve, 0))');
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
  };
  // As the panel answers `loaded`: the bundle first, before any diagram.
  if (language) await send({ type: 'l10n', bundle: language.bundle });
  let version = 0;
  return {
    page,
    posted,
    send,
    until,
    errors,
    async show(diagram) {
      const before = (await posted()).filter((m) => m.type === 'ready').length;
      version++;
      await page.evaluate(
        `window.__version = ${version}; window.__rows = ${JSON.stringify(diagram.rows)}`,
      );
      await send({ type: 'diagram', diagram: outlineOf(diagram, version) });
      await until(`window.__posted.filter((m) => m.type === 'ready').length > ${before}`);
    },
    async rowsAsked() {
      return (await posted()).filter((m) => m.type === 'rows').flatMap((m) => m.rows as number[]);
    },
    async screenshot(name) {
      const target = path.join(resultsFolder, `${name}.png`);
      await page.screenshot({ path: target });
      return target;
    },
  };
}
