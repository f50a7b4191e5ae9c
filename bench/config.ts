// `npm run bench:config`: how fast the configuration language answers on a realistic 20,000-line
// running-config (bench/configText.ts), measured over the protocol against the built server
// (`server/out/server.js --stdio`), as an editor drives it:
//   fullAnalysis      didOpen of the whole file -> its first publishDiagnostics (median of
//                     fresh servers; the text's transfer and the whole analysis included)
//   editToDiagnostics a one-line didChange (an incremental change, as VS Code sends one per
//                     keystroke) -> the publishDiagnostics of that version, any debounce included
// The service alone (parse and all checks in process, no protocol) is printed too, for reference.
// Then size series, each size checked once in a fresh process (as `balancer-lens check` runs),
// with its peak memory and the growth for five times the size (issue 14: at most six times):
//   findings          servers all used, two findings per VIP (configWithFindings)
//   unused servers    a finding on every server's head line (its silencing edit needs its block)
//   realistic         realisticRunningConfig of 100,000 and 500,000 lines
// Prints one line per figure, then as its last line the JSON summary.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { createLanguageService } from '../server/src/service';
import { LspClient, repoRoot } from '../test/lsp/client';
import { configOfUnusedServers, configWithFindings, realisticRunningConfig } from './configText';
import { growthOf, type SeriesPoint } from './growth';

const CONFIG_LINES = 20_000;
const OPENS = 5;
const WARM_UP_EDITS = 20;
const EDITS = 300;

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The edits of one keystroke each: a digit typed or changed in a weight, a port, a connection limit. */
function oneLineEdits(
  text: string,
): { line: number; start: number; end: number; newText: string }[] {
  const lines = text.split('\n');
  const editable = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) =>
      /^ {2}conn-limit \d+$|^ {4}name _vip_\d+_HTTP_80$|^ {2}port 8443 tcp$/.test(line),
    );
  const edits: { line: number; start: number; end: number; newText: string }[] = [];
  for (let i = 0; i < WARM_UP_EDITS + EDITS; i++) {
    const { line, index } = editable[(i * 7919) % editable.length];
    // Append a character to the line, or take the one appended before away again.
    const appended = edits.filter((e) => e.line === index).length % 2 === 1;
    edits.push(
      appended
        ? { line: index, start: line.length, end: line.length + 1, newText: '' }
        : { line: index, start: line.length, end: line.length, newText: String(i % 10) },
    );
  }
  return edits;
}

async function overTheProtocol(
  text: string,
): Promise<{ openMs: number[]; editMs: number[]; diagnostics: number }> {
  const openMs: number[] = [];
  let diagnostics = 0;
  let editMs: number[] = [];
  for (let run = 0; run < OPENS; run++) {
    const client = LspClient.start();
    try {
      await client.initialize();
      const uri = `file:///bench/running-config-${run}.a10.cfg`;
      const opened = performance.now();
      await client.didOpen(uri, 'balancer-config', text);
      diagnostics = (await client.waitForDiagnostics(uri, undefined, 60_000)).length;
      openMs.push(performance.now() - opened);
      if (run > 0) continue;
      // Keystrokes, each awaited to its own diagnostics, as a user typing sees them.
      editMs = [];
      for (const [i, e] of oneLineEdits(text).entries()) {
        const sent = performance.now();
        await client.didChangeRange(
          uri,
          { start: { line: e.line, character: e.start }, end: { line: e.line, character: e.end } },
          e.newText,
        );
        await client.waitForDiagnostics(uri, undefined, 60_000);
        if (i >= WARM_UP_EDITS) editMs.push(performance.now() - sent);
      }
    } finally {
      await client.shutdown().catch(() => undefined);
      client.dispose();
    }
  }
  return { openMs, editMs, diagnostics };
}

function inProcess(text: string): number[] {
  const times: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    const started = performance.now();
    createLanguageService().doValidation(
      TextDocument.create('file:///bench/in-process.a10.cfg', 'balancer-config', 1, text),
    );
    times.push(performance.now() - started);
  }
  return times;
}

/** The configurations of the size series, by kind. */
const SERIES: Record<
  string,
  {
    readonly sizes: readonly number[];
    readonly unit: string;
    readonly text: (size: number) => string;
  }
> = {
  findings: { sizes: [20_000, 100_000], unit: 'servers', text: configWithFindings },
  'unused servers': { sizes: [20_000, 100_000], unit: 'servers', text: configOfUnusedServers },
  realistic: { sizes: [100_000, 500_000], unit: 'lines', text: realisticRunningConfig },
};

/** Child mode: checks one configuration of a series in this fresh process; prints the milliseconds, findings, lines and peak RSS. */
function measureOne(kind: string, size: number): void {
  const text = SERIES[kind].text(size);
  const started = performance.now();
  const findings = createLanguageService().doValidation(
    TextDocument.create(`file:///bench/${size}.a10.cfg`, 'balancer-config', 1, text),
  ).length;
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({
      ms,
      findings,
      lines: text.split('\n').length - 1,
      rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

/** Each series, each size in a fresh process; answers the summary's part. */
function sizeSeries(): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const [kind, series] of Object.entries(SERIES)) {
    const points: SeriesPoint[] = [];
    for (const size of series.sizes) {
      const output = execFileSync(process.execPath, [__filename, '--measure', kind, String(size)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const { ms, findings, lines, rssMb } = JSON.parse(output.trim().split('\n').pop()!) as {
        ms: number;
        findings: number;
        lines: number;
        rssMb: number;
      };
      points.push({ size, ms });
      console.log(
        `${kind}: ${size.toLocaleString('en-US')} ${series.unit} (${lines.toLocaleString('en-US')} lines, ${findings} findings) checked in ${round(ms)} ms in a fresh process, peak RSS ${rssMb} MB`,
      );
      summary[`${kind.replace(' ', '-')}-${size}`] = { ms: round(ms), rssMb };
    }
    const growth = growthOf(kind, points);
    console.log(growth.line);
    summary[`${kind.replace(' ', '-')}-growth`] = growth.ratios;
  }
  return summary;
}

async function main(): Promise<void> {
  const text = realisticRunningConfig(CONFIG_LINES);
  const outDir = path.join(repoRoot, 'bench', 'out');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'running-config-20000.a10.cfg'), text);
  const lines = text.split('\n').length - 1;

  const findings = createLanguageService().doValidation(
    TextDocument.create('file:///bench/check.a10.cfg', 'balancer-config', 1, text),
  );
  const loud = findings.filter(
    (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning,
  ).length;
  console.log(
    `configuration: ${lines} lines, ${text.length} characters (bench/out/running-config-20000.a10.cfg); ${findings.length} findings, ${loud} warnings or errors`,
  );

  const service = inProcess(text);
  console.log(
    `service alone, full analysis in process: median ${round(median(service))} ms of ${OPENS}`,
  );

  // A configuration of 20,000 servers with thousands of findings: what each finding asks of the
  // workspace (names of a kind, groups with the same members) must not be asked again per finding.
  const careless = configWithFindings(20_000);
  const carelessFindings = createLanguageService().doValidation(
    TextDocument.create('file:///bench/careless.a10.cfg', 'balancer-config', 1, careless),
  );
  const carelessMs = inProcess(careless);
  console.log(
    `20,000 servers and 2,000 VIPs with ${carelessFindings.length} findings (${careless.split('\n').length - 1} lines): full analysis in process, median ${round(median(carelessMs))} ms of ${OPENS}`,
  );

  const series = sizeSeries();

  const { openMs, editMs, diagnostics } = await overTheProtocol(text);
  console.log(
    `over the protocol, didOpen -> publishDiagnostics: median ${round(median(openMs))} ms of ${OPENS} fresh servers (${openMs.map(round).join(', ')}); ${diagnostics} diagnostics`,
  );
  console.log(
    `over the protocol, one-line didChange -> publishDiagnostics: p50 ${round(percentile(editMs, 50))} ms, p95 ${round(percentile(editMs, 95))} ms, max ${round(Math.max(...editMs))} ms over ${editMs.length} keystrokes`,
  );
  console.log(
    JSON.stringify({
      configLines: lines,
      fullAnalysisMs: round(median(openMs)),
      editToDiagnosticsMsP50: round(percentile(editMs, 50)),
      editToDiagnosticsMsP95: round(percentile(editMs, 95)),
      series,
    }),
  );
}

if (process.argv[2] === '--measure') measureOne(process.argv[3], Number(process.argv[4]));
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
