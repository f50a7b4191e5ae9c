// `npm run bench:capture`: how fast and lean the capture analysis is on large dumps.
//   1. Writes a 1,000,000-line dump in each dialect (bench/captureDumps.ts) to bench/out/.
//   2. For each, in fresh processes: the time Node takes just to read the file and split it into
//      lines (readline over a read stream), and the time and peak memory of the whole streaming
//      analysis `node server/out/cli.js inspect FILE --json` does (both passes, every record
//      written, to a sink that drops them), with its worker threads and on one thread (the
//      command line told the machine has one core).
//   3. In the editor: a 200,000-line dump of each dialect opened over the protocol against the
//      built server (server/out/server.js): how long until its diagnostics arrive, and hovers.
// `node out/bench/capture.js --split|--inspect FILE` and `--editor FILE axdebug|tcpdump` measure one
// file alone. Prints one line per figure and one JSON line per dialect, then as its last line the JSON
// summary: the dialect with the higher ratio, the higher ratio on one thread, and the higher peak
// RSS of the two.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as readline from 'readline';
import { type BenchDialect, writeDump } from './captureDumps';
import { child, measureInspect } from './inspectChild';

const CAPTURE_LINES = 1_000_000;
const EDITOR_LINES = 200_000;
const REPEATS = 3;

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'bench', 'out');

/** Child mode: reads and splits the file with readline; prints the milliseconds. */
async function measureSplit(file: string): Promise<void> {
  const start = performance.now();
  let lines = 0;
  const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity }))
    if (line !== undefined) lines++;
  console.log(JSON.stringify({ ms: performance.now() - start, lines }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The editor's path: open a dump over LSP, wait for diagnostics, then hover many packet lines. */
async function measureEditor(
  file: string,
  dialect: BenchDialect,
): Promise<{ diagnosticsMs: number; hoverP95Ms: number; hoverMaxMs: number; diagnostics: number }> {
  const server = spawn(
    process.execPath,
    [path.join(root, 'server', 'out', 'server.js'), '--stdio'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file:///bench/${dialect}.txt`;
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  let onDiagnostics: ((params: { uri: string; diagnostics: unknown[] }) => void) | undefined;
  server.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))![1],
      );
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(
        buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'),
      ) as { id?: number; method?: string; params?: unknown; result?: unknown };
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && waiting.has(message.id)) {
        waiting.get(message.id)!(message.result);
        waiting.delete(message.id);
      } else if (message.method === 'textDocument/publishDiagnostics') {
        onDiagnostics?.(message.params as { uri: string; diagnostics: unknown[] });
      }
    }
  });
  const send = (message: object): void => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    server.stdin.write(body);
  };
  const request = (method: string, params: object): Promise<unknown> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      send({ id, method, params });
    });
  await request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  send({ method: 'initialized', params: {} });

  const published = new Promise<{ ms: number; count: number }>((resolve) => {
    const start = performance.now();
    onDiagnostics = (params) => {
      if (params.uri === uri)
        resolve({ ms: performance.now() - start, count: params.diagnostics.length });
    };
    send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'balancer-capture', version: 1, text } },
    });
  });
  const { ms: diagnosticsMs, count } = await published;

  const lines = text.split('\n');
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const line = Math.floor((((i * 7919) % 1000) / 1000) * (lines.length - 1));
    const start = performance.now();
    await request('textDocument/hover', {
      textDocument: { uri },
      position: { line, character: 5 },
    });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  await request('shutdown', {});
  send({ method: 'exit' });
  return {
    diagnosticsMs,
    hoverP95Ms: times[Math.floor(times.length * 0.95)],
    hoverMaxMs: times[times.length - 1],
    diagnostics: count,
  };
}

const round = (n: number, digits = 0): number => Number(n.toFixed(digits));

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  if (!fs.existsSync(path.join(root, 'server', 'out', 'cli.js')))
    throw new Error('server/out/cli.js is missing: run `npm run build` first');
  const dialects: Record<string, object> = {};
  let worstOneThreadRatio = 0;
  let worst:
    { analysisMs: number; lineSplitMs: number; ratio: number; peakRssMb: number } | undefined;
  for (const dialect of ['axdebug', 'tcpdump'] as const) {
    const file = path.join(outDir, `capture-${dialect}-1m.txt`);
    writeDump(file, dialect, CAPTURE_LINES);
    const megabytes = fs.statSync(file).size / (1 << 20);
    const splits = Array.from({ length: REPEATS }, () => child(__filename, '--split', file).ms);
    const inspections = Array.from({ length: REPEATS }, () => child(__filename, '--inspect', file));
    const oneThread = Array.from({ length: REPEATS }, () =>
      child(__filename, '--inspect-one-thread', file),
    );
    const lineSplitMs = median(splits);
    const analysisMs = median(inspections.map((r) => r.ms));
    const oneThreadMs = median(oneThread.map((r) => r.ms));
    const peakRssMb = Math.max(...inspections.map((r) => r.rssMb!));
    const ratio = analysisMs / lineSplitMs;
    const oneThreadRatio = oneThreadMs / lineSplitMs;
    console.log(
      `${dialect.padEnd(8)} ${CAPTURE_LINES} lines (${megabytes.toFixed(0)} MB): read and split ${lineSplitMs.toFixed(0)} ms, inspect --json ${analysisMs.toFixed(0)} ms (ratio ${ratio.toFixed(2)}; target 2.5), on one thread ${oneThreadMs.toFixed(0)} ms (ratio ${oneThreadRatio.toFixed(2)}; target 3.0), peak RSS ${peakRssMb.toFixed(0)} MB`,
    );
    dialects[dialect] = {
      analysisMs: round(analysisMs),
      lineSplitMs: round(lineSplitMs),
      ratio: round(ratio, 2),
      oneThreadMs: round(oneThreadMs),
      oneThreadRatio: round(oneThreadRatio, 2),
      peakRssMb: round(peakRssMb),
    };
    if (!worst || ratio > worst.ratio)
      worst = {
        analysisMs,
        lineSplitMs,
        ratio,
        peakRssMb: Math.max(peakRssMb, worst?.peakRssMb ?? 0),
      };
    else worst.peakRssMb = Math.max(worst.peakRssMb, peakRssMb);
    worstOneThreadRatio = Math.max(worstOneThreadRatio, oneThreadRatio);

    const editorFile = path.join(outDir, `capture-${dialect}-200k.txt`);
    writeDump(editorFile, dialect, EDITOR_LINES);
    const editor = await measureEditor(editorFile, dialect);
    console.log(
      `${dialect.padEnd(8)} editor, ${EDITOR_LINES} lines: diagnostics ${editor.diagnosticsMs.toFixed(0)} ms after opening (${editor.diagnostics} findings), hover p95 ${editor.hoverP95Ms.toFixed(1)} ms (max ${editor.hoverMaxMs.toFixed(1)} ms)`,
    );
    Object.assign(dialects[dialect], {
      editorDiagnosticsMs: round(editor.diagnosticsMs),
      editorHoverP95Ms: round(editor.hoverP95Ms, 1),
    });
  }
  for (const [dialect, figures] of Object.entries(dialects))
    console.log(JSON.stringify({ dialect, ...figures }));
  console.log(
    JSON.stringify({
      captureLines: CAPTURE_LINES,
      analysisMs: round(worst!.analysisMs),
      lineSplitMs: round(worst!.lineSplitMs),
      ratio: round(worst!.ratio, 2),
      oneThreadRatio: round(worstOneThreadRatio, 2),
      peakRssMb: round(worst!.peakRssMb),
    }),
  );
}

const [mode, file, dialect] = process.argv.slice(2);
if (mode === '--split') void measureSplit(file);
else if (mode === '--inspect') void measureInspect(file);
else if (mode === '--inspect-one-thread') void measureInspect(file, true);
else if (mode === '--editor')
  void measureEditor(file, dialect === 'tcpdump' ? 'tcpdump' : 'axdebug').then((figures) =>
    console.log(JSON.stringify(figures)),
  );
else void main();
