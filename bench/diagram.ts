// How the flow diagram copes with a 200,000-line dump in each dialect (`npm run bench:diagram`), end
// to end: the built server over stdio answering the outline and a screenful of rows (time and
// size), and the real page (the extension's HTML and the built script, headless Chromium as the
// page tests run it) from the outline's arrival to its first drawing, a scroll redraw, and a jump
// to a place whose rows it has yet to ask for, and the flow box finding a flow by number and the
// flows of a host by its address. For comparison, what the whole model the server used
// to send costs (its JSON size, one stringify and parse). Medians of RUNS runs. Prints figures.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  createLanguageService,
  type DiagramOutline,
  type DiagramRow,
} from '../server/src/service';
import { renderDiagramSvg } from '../server/src/service/diagram/render';
import { LIGHT_PALETTE } from '../server/src/service/diagram/theme';
import { launchBrowser, openDiagramPage } from '../test/diagram/page';
import { LspClient } from '../test/lsp/client';
import { type BenchDialect, writeDump } from './captureDumps';

const LINES = 200_000;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await run();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

const round = (ms: number, places = 0): number => Math.round(ms * 10 ** places) / 10 ** places;
const mb = (text: string): number => Math.round(Buffer.byteLength(text) / 1e5) / 10;

/** The page's timings, measured inside it (code for the browser is text: this project's TypeScript knows no DOM). */
const PAGE_TIMING = `
  window.__at = {};
  const push = window.__posted.push;
  window.__posted.push = function (m) { if (m.type === 'ready') window.__at.ready = performance.now(); return push.call(this, m); };
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  /** Resolves with the time a row is in the picture. */
  window.__drawn = (row) => new Promise((resolve) => {
    const body = document.getElementById('body-svg');
    const seen = () => body.querySelector('g.row[data-row="' + row + '"]') !== null;
    if (seen()) return resolve(performance.now());
    const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(body, { childList: true, subtree: true });
  });
  /** Scrolls to a row; the time from the frame that draws it (or from the scroll when its rows must be asked for) to its drawing. */
  window.__scrollTo = async (row, fromFrame) => {
    await frame();
    const scroller = document.getElementById('scroller');
    const started = performance.now();
    scroller.scrollTop = row * 30;
    const drawn = window.__drawn(row);
    const frameAt = fromFrame ? await frame().then(() => performance.now()) : started;
    return (await drawn) - frameAt;
  };
  /** Types into the flow box and presses Enter; the time until the first row it matches is drawn. */
  window.__filterFlows = async (text, row) => {
    await frame();
    const input = document.getElementById('flow');
    input.value = text;
    const started = performance.now();
    const drawn = window.__drawn(row);
    input.dispatchEvent(new Event('change'));
    return (await drawn) - started;
  };`;

async function main(): Promise<void> {
  const browser = await launchBrowser();
  const results: Record<string, Record<string, number>> = {};
  try {
    for (const dialect of ['axdebug', 'tcpdump'] as BenchDialect[]) {
      const file = path.join(os.tmpdir(), `balancer-lens-diagram-${dialect}.txt`);
      writeDump(file, dialect, LINES);
      const text = fs.readFileSync(file, 'utf8');
      fs.rmSync(file, { force: true });
      const uri = pathToFileURL(file).href;

      // In process: the whole model as it was sent before, and the picture the command line draws.
      const service = createLanguageService();
      const document = TextDocument.create(uri, CAPTURE_LANGUAGE, 1, text);
      const [diagram, modelMs] = await timed(() => service.getFlowDiagram(document));
      if ('error' in diagram) throw new Error(diagram.error);
      const [wholeJson, stringifyMs] = await timed(() => JSON.stringify(diagram));
      const [, parseMs] = await timed(() => JSON.parse(wholeJson) as unknown);
      const [svg, wholeSvgMs] = await timed(() =>
        renderDiagramSvg(diagram, {}, { palette: LIGHT_PALETTE }),
      );

      // The built server over stdio, its analysis done (the dump's findings published).
      const client = LspClient.start();
      await client.initialize();
      await client.didOpen(uri, CAPTURE_LANGUAGE, text);
      await client.waitForDiagnostics(uri, undefined, 60_000);
      const outlineMs: number[] = [];
      const rowsMs: number[] = [];
      let outline: DiagramOutline | undefined;
      let rows: DiagramRow[] = [];
      const middle = Math.floor(diagram.rows.length / 2);
      // What the page asks for on opening: the screenful and READ_AHEAD (300) rows after it.
      const screenful = Array.from({ length: 340 }, (_, i) => middle + i);
      for (let run = 0; run < RUNS; run++) {
        const [answer, ms] = await timed(() =>
          client.send<DiagramOutline>('balancerLens/flowDiagram', { uri }),
        );
        outline = answer;
        outlineMs.push(ms);
        const [answered, rowMs] = await timed(() =>
          client.send<DiagramRow[]>('balancerLens/flowDiagramRows', {
            uri,
            version: 1,
            rows: screenful,
          }),
        );
        rows = answered;
        rowsMs.push(rowMs);
      }
      await client.shutdown();
      client.dispose();

      // The page: from the outline's arrival to its first drawing (its rows asked for and answered
      // by the stand-in a turn later), a scroll of 20 rows, a jump to rows it has not asked for.
      const firstMs: number[] = [];
      const scrollMs: number[] = [];
      const jumpMs: number[] = [];
      const flowNumberMs: number[] = [];
      const flowAddressMs: number[] = [];
      // A flow by its number (in the middle of the dump), and every flow of an inside host by its address.
      const flowByNumber = diagram.flows[Math.floor(diagram.flows.length / 2)];
      const host =
        diagram.lanes.find((lane) => lane.side === 'inside' && /^\d/.test(lane.label))?.label ??
        '10.';
      const hostRow =
        diagram.rows.find(
          (row) => row.flow !== undefined && diagram.flows[row.flow - 1].name.includes(host),
        )?.index ?? 0;
      const page = await openDiagramPage(browser, 'light');
      await page.page.evaluate(
        `window.__version = 1; window.__rows = ${JSON.stringify(diagram.rows)}; ${PAGE_TIMING}`,
      );
      const outlineJson = JSON.stringify(outline);
      for (let run = 0; run < RUNS; run++) {
        firstMs.push(
          await page.page.evaluate<number>(`(async () => {
            const outline = ${outlineJson};
            window.__at.ready = undefined;
            document.getElementById('scroller').scrollTop = 0;
            const sent = performance.now();
            window.postMessage({ type: 'diagram', diagram: outline }, '*');
            while (window.__at.ready === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
            return window.__at.ready - sent;
          })()`),
        );
        // 100 to 260 rows down: past the rows drawn, among those asked for ahead.
        scrollMs.push(
          await page.page.evaluate<number>(`window.__scrollTo(${100 + 40 * run}, true)`),
        );
        jumpMs.push(
          await page.page.evaluate<number>(
            `window.__scrollTo(${Math.floor(diagram.rows.length * ((run + 1) / (RUNS + 2)))}, false)`,
          ),
        );
        flowNumberMs.push(
          await page.page.evaluate<number>(
            `window.__filterFlows('${flowByNumber.id}', ${flowByNumber.rows[0]})`,
          ),
        );
        flowAddressMs.push(
          await page.page.evaluate<number>(
            `window.__filterFlows(${JSON.stringify(host)}, ${hostRow})`,
          ),
        );
        await page.page.evaluate(`window.__filterFlows('', 0)`);
      }
      assert(page.errors.length === 0, page.errors.join('\n'));
      await page.page.close();

      results[dialect] = {
        rows: diagram.rows.length,
        flows: diagram.flows.length,
        modelMs: round(modelMs),
        wholeModelMb: mb(wholeJson),
        wholeModelStringifyParseMs: round(stringifyMs + parseMs),
        outlineMb: mb(outlineJson),
        serverOutlineMs: round(median(outlineMs)),
        rowsKb: Math.round(Buffer.byteLength(JSON.stringify(rows)) / 1e3),
        serverRowsMs: round(median(rowsMs), 1),
        pageFirstDrawingMs: round(median(firstMs)),
        pageScrollRedrawMs: round(median(scrollMs), 1),
        pageJumpMs: round(median(jumpMs), 1),
        pageFlowByNumberMs: round(median(flowNumberMs), 1),
        pageFlowsByAddressMs: round(median(flowAddressMs), 1),
        flowsOfAddress: diagram.flows.filter((flow) => flow.name.includes(host)).length,
        wholeSvgMs: round(wholeSvgMs),
        wholeSvgMb: mb(svg),
      };
      console.log(`${dialect}: ${JSON.stringify(results[dialect])}`);
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ diagramLines: LINES, runs: RUNS, ...results }));
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
