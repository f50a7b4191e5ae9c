// `npm run bench:dumps`: what large capture dumps cost the commands that read them whole and the
// editor (`inspect` streams, bench:capture measures it).
//   1. Writes axdebug dumps of 60, 150 and 300 MB (bench/captureDumps.ts; axdebug has the most
//      lines per megabyte) to bench/out/dumps/, one folder each, no configuration beside them.
//   2. For each, in a fresh process each: `check FILE`, `explain FILE` and `diagram FILE --svg -`
//      (output dropped), their time and peak RSS; how much each grows from one dump to the next,
//      and over five times the size (60 to 300 MB). Each run is bounded: a process that runs out
//      of memory or past RUN_LIMIT_MS is reported as such, not waited for.
//   3. The editor: a 500,000-line dump opened over the protocol (the built server): the server's
//      RSS once its diagnostics arrived, and once it answered the flow diagram's outline, each
//      also after SETTLE_MS idle (when V8 has given back the pages the work freed), and its peak
//      up to the outline's request and from there on (Linux's /proc/PID/clear_refs).
// Prints one line per figure, then as its last line a JSON summary.
// `node out/bench/dumps.js 150` measures the commands on the 150 MB dump only (sizes named, any);
// `node out/bench/dumps.js --run COMMAND FILE` runs one command alone and prints its figures,
// `node out/bench/dumps.js --editor` the editor's part alone (BENCH_SERVER=path/to/server.js
// measures another build of the server, e.g. main's, in the same run).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Writable } from 'stream';
import { CAPTURE_LANGUAGE } from '../server/src/service';
import { LspClient } from '../test/lsp/client';
import { writeDump } from './captureDumps';
import { growthOf } from './growth';

/** The sizes measured: those named on the command line, or 60, 150 and 300 MB (the two, and a fifth of the larger). */
const named = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
const SIZES_MB = named.length > 0 ? named : [60, 150, 300];
const EDITOR_LINES = 500_000;
/** How long the editor's server is left idle before its memory is read again. */
const SETTLE_MS = 15_000;
/** No run of one command on one dump may take longer (the machine is shared: keep the bench bounded). */
const RUN_LIMIT_MS = 15 * 60_000;
/** The heap each command may use: what Node gives it by default on a machine of 16 GB or more. */
const HEAP_LIMIT_MB = 4096;

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'bench', 'out', 'dumps');

const COMMANDS = {
  check: (file: string) => ['check', file],
  explain: (file: string) => ['explain', file],
  diagram: (file: string) => ['diagram', file, '--svg', '-'],
} as const;
type Command = keyof typeof COMMANDS;

/** Child mode: one command on one dump, in this process; prints its time and peak RSS. */
async function runOne(command: Command, file: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(
    path.join(root, 'server', 'out', 'cli.js'),
  ) as typeof import('../server/src/cli');
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const start = performance.now();
  const status = await cli.runCli([...COMMANDS[command](file)], {
    stdout: sink,
    stderr: process.stderr,
  });
  const ms = performance.now() - start;
  console.log(JSON.stringify({ status, ms, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

type Outcome = { ms: number; rssMb: number } | { failed: string };

function measure(command: Command, file: string): Outcome {
  const run = spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_LIMIT_MB}`, __filename, '--run', command, file],
    { encoding: 'utf8', timeout: RUN_LIMIT_MS, maxBuffer: 1 << 20 },
  );
  if (run.error || run.status !== 0) {
    const why = run.error
      ? `stopped after ${RUN_LIMIT_MS / 60_000} minutes`
      : /heap out of memory|Allocation failed/.test(run.stderr)
        ? `out of memory (heap limit ${HEAP_LIMIT_MB} MB)`
        : `failed (${run.signal ?? run.status}): ${run.stderr.trim().split('\n').pop()}`;
    return { failed: why };
  }
  const figures = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    status: number;
    ms: number;
    rssMb: number;
  };
  return { ms: figures.ms, rssMb: figures.rssMb };
}

/** Writes an axdebug dump of about `megabytes` MB: lines as many as a sample's line length says. */
function dumpOf(megabytes: number): string {
  const folder = path.join(outDir, `${megabytes}mb`);
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `capture-axdebug-${megabytes}mb.txt`);
  const sample = path.join(outDir, 'sample.txt');
  writeDump(sample, 'axdebug', 100_000);
  const bytesPerLine = fs.statSync(sample).size / 100_000;
  fs.rmSync(sample);
  writeDump(file, 'axdebug', Math.round((megabytes * 1e6) / bytesPerLine));
  return file;
}

/** The server's resident memory, current and peak, from /proc (Linux). */
function serverMemoryMb(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)![1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function measureEditor(): Promise<{
  opened: number;
  settled: number;
  /** Before the outline was asked for. */
  peak: number;
  diagram: number;
  diagramSettled: number;
  /** While the outline was made and sent. */
  diagramPeak: number;
}> {
  const file = path.join(outDir, 'editor-axdebug-500k.txt');
  fs.mkdirSync(outDir, { recursive: true });
  if (!fs.existsSync(file)) writeDump(file, 'axdebug', EDITOR_LINES);
  const text = fs.readFileSync(file, 'utf8');
  const uri = 'file:///bench/editor-axdebug-500k.txt';
  const client = LspClient.start(process.env.BENCH_SERVER);
  client.requestTimeoutMs = RUN_LIMIT_MS;
  try {
    await client.initialize();
    await client.didOpen(uri, CAPTURE_LANGUAGE, text);
    await client.waitForDiagnostics(uri, undefined, RUN_LIMIT_MS);
    const opened = serverMemoryMb(client.pid!).rssMb;
    // V8 gives freed pages back to the system once its process has been idle a while.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settled = serverMemoryMb(client.pid!).rssMb;
    const peak = serverMemoryMb(client.pid!).peakMb;
    // The peak from here on is the outline's own (Linux: 5 sets the peak to the current RSS).
    fs.writeFileSync(`/proc/${client.pid!}/clear_refs`, '5');
    await client.send('balancerLens/flowDiagram', { uri });
    const after = serverMemoryMb(client.pid!);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const diagramSettled = serverMemoryMb(client.pid!).rssMb;
    await client.shutdown();
    return {
      opened,
      settled,
      peak,
      diagram: after.rssMb,
      diagramSettled,
      diagramPeak: after.peakMb,
    };
  } finally {
    client.dispose();
  }
}

const round = (n: number): number => Math.round(n);
const round2 = (n: number): number => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'server', 'out', 'cli.js')))
    throw new Error('server/out/cli.js is missing: run `npm run build` first');
  const summary: Record<string, unknown> = {};
  const files = SIZES_MB.map(dumpOf);
  for (const command of Object.keys(COMMANDS) as Command[]) {
    const outcomes = files.map((file) => measure(command, file));
    outcomes.forEach((outcome, i) => {
      const label = `${command.padEnd(7)} ${SIZES_MB[i]} MB:`;
      if ('failed' in outcome) console.log(`${label} ${outcome.failed}`);
      else
        console.log(
          `${label} ${(outcome.ms / 1000).toFixed(1)} s, peak RSS ${outcome.rssMb.toFixed(0)} MB`,
        );
      summary[`${command}${SIZES_MB[i]}`] =
        'failed' in outcome
          ? outcome.failed
          : { ms: round(outcome.ms), peakRssMb: round(outcome.rssMb) };
    });
    // Each step of the series, then its whole span (60 to 300 MB: five times the size, whose
    // time may grow at most six times, bench/growth.ts).
    const measured = outcomes.flatMap((o, i) =>
      'failed' in o ? [] : [{ ...o, size: SIZES_MB[i] }],
    );
    if (measured.length < outcomes.length || measured.length < 2) continue;
    for (let i = 1; i < measured.length; i++) {
      const [a, b] = [measured[i - 1], measured[i]];
      console.log(
        `${command.padEnd(7)} ${a.size} -> ${b.size} MB: ${(b.ms / a.ms).toFixed(2)} times the time, ${(b.rssMb / a.rssMb).toFixed(2)} times the memory`,
      );
    }
    const [first, last] = [measured[0], measured[measured.length - 1]];
    if (last.size / first.size >= 4.99) {
      const growth = growthOf(command, [first, last]);
      console.log(`${growth.line}; memory x${(last.rssMb / first.rssMb).toFixed(2)}`);
      summary[`${command}Growth`] = {
        time: growth.ratios[0],
        memory: round2(last.rssMb / first.rssMb),
      };
    }
  }
  const editor = await measureEditor();
  console.log(
    `editor  ${EDITOR_LINES} lines: RSS ${editor.opened.toFixed(0)} MB once diagnosed (${editor.settled.toFixed(0)} MB ${SETTLE_MS / 1000} s later; peak ${editor.peak.toFixed(0)} MB), ${editor.diagram.toFixed(0)} MB with the diagram's outline (${editor.diagramSettled.toFixed(0)} MB ${SETTLE_MS / 1000} s later; peak ${editor.diagramPeak.toFixed(0)} MB)`,
  );
  summary.editorOpenedMb = round(editor.opened);
  summary.editorSettledMb = round(editor.settled);
  summary.editorDiagramMb = round(editor.diagram);
  summary.editorDiagramSettledMb = round(editor.diagramSettled);
  summary.editorDiagramPeakMb = round(editor.diagramPeak);
  console.log(JSON.stringify(summary));
}

const [mode, command, file] = process.argv.slice(2);
if (mode === '--run' && command in COMMANDS) void runOne(command as Command, file);
else if (mode === '--editor')
  void measureEditor().then((editor) => console.log(JSON.stringify(editor)));
else
  void main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
