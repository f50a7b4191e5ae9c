// `npm run bench:workspace`: the server in a workspace of thousands of files, as an engineer's
// case folder grows: many captures and logs, hundreds of configuration backups, a node_modules
// and an excluded archive. Measured over the protocol against the built server:
//   scanToJoinedMs   initialized -> the open dump's finding names a configuration found on disk
//                    (the whole folder walked, every candidate file's first line read)
//   captureEdit      a one-line edit of the dump -> its diagnostics, every configuration joined
//   hover            a hover on a packet of the dump, naming the VIP and vport that handled it
//   configEdit       a one-line edit of a configuration -> its diagnostics
// and the server's peak memory. Then two size series (issue 14), each with its growth for five
// times the size (at most six times the time):
//   many configurations  400, 2,000 and 10,000 configuration files beside one dump: the dump's
//                        diagnostics after the scan, after an edit, a hover, Explain; and the
//                        command line's `explain` over the same folder
//   burst                20 and 50 edits of a 40,000- and a 200,000-line dump sent at once, then a
//                        hover on its first line: how long the hover waits, when the last
//                        version's diagnostics come, how many publications the burst gave, and
//                        the server's peak memory
// Prints one line per figure, then as its last line the JSON summary.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { type BurstMessage, fixture, LspClient, repoRoot } from '../test/lsp/client';
import { writeDump } from './captureDumps';
import { growthOf, type SeriesPoint } from './growth';

const SOURCE_FILES = 3_000;
const LOG_FILES = 1_500;
const CONFIG_FILES = 400;
const ARCHIVED_FILES = 1_000;
const DEPENDENCY_FILES = 2_000;
const EDITS = 60;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** A configuration backup: a web VIP of its own, and the box's wildcard VPN VIP in one of them. */
function configText(i: number): string {
  const octet = (i % 250) + 1;
  return [
    `!Current configuration: backup ${i}`,
    `ip nat pool SNAT_${i} 198.18.${Math.floor(i / 250)}.${octet} 198.18.${Math.floor(i / 250)}.${octet} netmask /24`,
    '!',
    `slb server web_${i} 10.20.${Math.floor(i / 250)}.${octet}`,
    '   port 443 tcp',
    '!',
    `slb service-group web_${i} tcp`,
    `   member web_${i}:443`,
    '!',
    `slb virtual-server vip_web_${i} 203.0.${Math.floor(i / 250)}.${octet}`,
    '   port 443 https',
    `      service-group web_${i}`,
    `      source-nat pool SNAT_${i}`,
    '!',
    'end',
    '',
  ].join('\n');
}

/** Writes the workspace (once); answers its folder and the number of files in it. */
function writeWorkspace(root: string): number {
  const marker = path.join(root, '.complete');
  if (fs.existsSync(marker)) return Number(fs.readFileSync(marker, 'utf8'));
  fs.rmSync(root, { recursive: true, force: true });
  let files = 0;
  const write = (relative: string, text: string): void => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files++;
  };
  for (let i = 0; i < SOURCE_FILES; i++)
    write(`scripts/tool-${i % 30}/module-${i}.ts`, `export const value${i} = ${i};\n`);
  for (let i = 0; i < LOG_FILES; i++)
    write(
      `logs/${2020 + (i % 6)}/session-${i}.log`,
      `2026-01-01 00:00:${i % 60} session ${i} opened\n`,
    );
  for (let i = 0; i < CONFIG_FILES; i++)
    write(`configs/box-${i % 40}/backup-${i}.a10.cfg`, configText(i));
  write('configs/llb-acos2.a10.cfg', fixture('config/acos2-wildcard.a10.cfg'));
  for (let i = 0; i < ARCHIVED_FILES; i++) write(`archive/old-${i}.a10.cfg`, configText(i));
  for (let i = 0; i < DEPENDENCY_FILES; i++)
    write(`node_modules/pkg-${i % 100}/index-${i}.js`, `module.exports = ${i};\n`);
  write('captures/capture-before-fix.axdebug.txt', fixture('seed/capture-before-fix.axdebug.txt'));
  fs.writeFileSync(marker, String(files));
  return files;
}

/** The server's resident memory in MB, read from /proc (Linux). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024);
  } catch {
    return NaN;
  }
}

const MANY_CONFIGURATIONS = [400, 2_000, 10_000];
const BURST_DUMP_LINES = [40_000, 200_000];
const BURSTS = [20, 50];

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A folder of `count` configuration backups, the box's wildcard VIP and the seed dump (written once). */
function writeConfigFolder(count: number): string {
  const root = path.join(repoRoot, 'bench', 'out', `configs-${count}`);
  const marker = path.join(root, '.complete');
  if (fs.existsSync(marker)) return root;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'configs'), { recursive: true });
  for (let i = 0; i < count; i++)
    fs.writeFileSync(path.join(root, 'configs', `backup-${i}.a10.cfg`), configText(i));
  fs.writeFileSync(
    path.join(root, 'configs', 'llb-acos2.a10.cfg'),
    fixture('config/acos2-wildcard.a10.cfg'),
  );
  fs.writeFileSync(
    path.join(root, 'capture-before-fix.axdebug.txt'),
    fixture('seed/capture-before-fix.axdebug.txt'),
  );
  fs.writeFileSync(marker, '');
  return root;
}

/** The dump's diagnostics, hovers, Explain and the command line's explain beside thousands of configurations. */
async function manyConfigurations(): Promise<Record<string, unknown>> {
  const summary: Record<string, unknown> = {};
  const series: Record<string, SeriesPoint[]> = {
    joined: [],
    edit: [],
    hover: [],
    explain: [],
    cliExplain: [],
  };
  const dump = fixture('seed/capture-before-fix.axdebug.txt');
  for (const count of MANY_CONFIGURATIONS) {
    const root = writeConfigFolder(count);
    const captureUri = pathToFileURL(path.join(root, 'capture-before-fix.axdebug.txt')).toString();
    const configUri = pathToFileURL(path.join(root, 'configs', 'llb-acos2.a10.cfg')).toString();
    const client = LspClient.start();
    client.requestTimeoutMs = 600_000;
    try {
      const started = performance.now();
      await client.initializeWorkspace([{ uri: pathToFileURL(root).toString(), name: 'configs' }]);
      await client.didOpen(captureUri, 'balancer-capture', dump);
      await client.waitForDiagnostics(
        captureUri,
        (p) =>
          p.diagnostics.some((d) =>
            d.relatedInformation?.some((r) => r.location.uri === configUri),
          ),
        600_000,
      );
      const joinedMs = performance.now() - started;
      const editMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const sent = performance.now();
        await client.didChange(captureUri, i % 2 === 0 ? `${dump}\n` : dump);
        await client.waitForDiagnostics(captureUri, undefined, 600_000);
        editMs.push(performance.now() - sent);
      }
      const hoverMs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const sent = performance.now();
        await client.hover(captureUri, { line: 4 + (i % 10), character: 3 });
        hoverMs.push(performance.now() - sent);
      }
      const explainMs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const sent = performance.now();
        await client.send('balancerLens/explainCapture', { uri: captureUri });
        explainMs.push(performance.now() - sent);
      }
      const cliStarted = performance.now();
      execFileSync(
        process.execPath,
        [
          path.join(repoRoot, 'server', 'out', 'cli.js'),
          'explain',
          path.join(root, 'capture-before-fix.axdebug.txt'),
          path.join(root, 'configs'),
        ],
        { maxBuffer: 1 << 28 },
      );
      const cliMs = performance.now() - cliStarted;
      const peak = rssMb(client.pid);
      console.log(
        `${count.toLocaleString('en-US')} configurations: start -> joined ${round(joinedMs)} ms; dump edit -> diagnostics median ${round(median(editMs))} ms; hover median ${round(median(hoverMs))} ms; Explain median ${round(median(explainMs))} ms; CLI explain ${round(cliMs)} ms; server peak ${peak} MB`,
      );
      series.joined.push({ size: count, ms: joinedMs });
      series.edit.push({ size: count, ms: median(editMs) });
      series.hover.push({ size: count, ms: median(hoverMs) });
      series.explain.push({ size: count, ms: median(explainMs) });
      series.cliExplain.push({ size: count, ms: cliMs });
      summary[`configs-${count}`] = {
        joinedMs: round(joinedMs),
        editMs: round(median(editMs)),
        hoverMs: round(median(hoverMs)),
        explainMs: round(median(explainMs)),
        cliExplainMs: round(cliMs),
        peakRssMb: peak,
      };
    } finally {
      await client.shutdown().catch(() => undefined);
      client.dispose();
    }
  }
  for (const [what, points] of Object.entries(series)) {
    const growth = growthOf(`many configurations, ${what}`, points);
    console.log(growth.line);
    summary[`configs-growth-${what}`] = growth.ratios;
  }
  return summary;
}

/** Bursts of edits at the end of a big dump, then a hover on its first line. */
async function bursts(): Promise<Record<string, unknown>> {
  const summary: Record<string, unknown> = {};
  const series = new Map<number, SeriesPoint[]>();
  for (const lines of BURST_DUMP_LINES) {
    const file = path.join(repoRoot, 'bench', 'out', `burst-${lines}.axdebug.txt`);
    if (!fs.existsSync(file)) writeDump(file, 'axdebug', lines);
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).toString();
    for (const edits of BURSTS) {
      const client = LspClient.start();
      client.requestTimeoutMs = 600_000;
      try {
        await client.initialize();
        await client.didOpen(uri, 'balancer-capture', text);
        await client.waitForDiagnostics(uri, undefined, 600_000);
        const end = text.split('\n').length - 1;
        const burst: BurstMessage[] = [];
        for (let i = 0; i < edits; i++) {
          const at = { line: end + i, character: 0 };
          burst.push({
            change: {
              uri,
              range: { start: at, end: at },
              text: `@2399${String(i).padStart(4, '0')} i( 1, 100, ${(0x30000 + i).toString(16)})> ip 10.1.1.254 > 192.0.2.1 udp 500 > 500\n`,
            },
          });
        }
        burst.push({ hover: { uri, position: { line: 0, character: 3 } } });
        const sent = performance.now();
        await client.sendAtOnce(burst);
        const hoverMs = performance.now() - sent;
        await client.waitForDiagnostics(uri, undefined, 600_000);
        const lastMs = performance.now() - sent;
        const publications = client.publicationsOf(uri).length - 1;
        const peak = rssMb(client.pid);
        console.log(
          `burst of ${edits} edits on a ${lines.toLocaleString('en-US')}-line dump: the hover sent with it answered in ${round(hoverMs)} ms; the last version's diagnostics after ${round(lastMs)} ms; ${publications} publication(s) for the burst; server peak ${peak} MB`,
        );
        summary[`burst-${edits}-${lines}`] = {
          hoverMs: round(hoverMs),
          lastDiagnosticsMs: round(lastMs),
          publications,
          peakRssMb: peak,
        };
        const points = series.get(edits) ?? [];
        points.push({ size: lines, ms: lastMs });
        series.set(edits, points);
      } finally {
        await client.shutdown().catch(() => undefined);
        client.dispose();
      }
    }
  }
  for (const [edits, points] of series) {
    const growth = growthOf(`burst of ${edits} edits, last version's diagnostics`, points);
    console.log(growth.line);
    summary[`burst-growth-${edits}`] = growth.ratios;
  }
  return summary;
}

async function main(): Promise<void> {
  const root = path.join(repoRoot, 'bench', 'out', 'workspace');
  const files = writeWorkspace(root);
  const count = Number(
    execFileSync('find', [root, '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean)
      .length,
  );
  console.log(
    `workspace: ${count} files (${CONFIG_FILES + 1} configurations, ${ARCHIVED_FILES} more in an excluded archive/, ${DEPENDENCY_FILES} in node_modules/) in bench/out/workspace (${files} written)`,
  );

  const captureUri = pathToFileURL(
    path.join(root, 'captures', 'capture-before-fix.axdebug.txt'),
  ).toString();
  const configPath = path.join(root, 'configs', 'llb-acos2.a10.cfg');
  const configUri = pathToFileURL(configPath).toString();
  const names = (diagnostics: readonly Diagnostic[]): boolean =>
    diagnostics.some(
      (d) =>
        d.code === 'lbcap/one-way-esp' &&
        d.relatedInformation?.some((r) => r.location.uri === configUri),
    );

  const client = LspClient.start();
  try {
    const started = performance.now();
    await client.initializeWorkspace([{ uri: pathToFileURL(root).toString(), name: 'case' }], {
      filesExclude: { '**/archive': true },
    });
    await client.didOpen(
      captureUri,
      'balancer-capture',
      fixture('seed/capture-before-fix.axdebug.txt'),
    );
    const joined = await client.waitForDiagnostics(
      captureUri,
      (p) => names(p.diagnostics),
      120_000,
    );
    const scanMs = performance.now() - started;
    const related =
      joined.find((d) => d.code === 'lbcap/one-way-esp')?.relatedInformation?.length ?? 0;
    console.log(
      `start -> the dump's finding names the configuration on disk: ${round(scanMs)} ms (${related} related locations)`,
    );

    // Keystrokes in the dump: a tick changed on its last line and back.
    const dump = fixture('seed/capture-before-fix.axdebug.txt');
    const captureMs: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const sent = performance.now();
      await client.didChange(
        captureUri,
        i % 2 === 0
          ? `${dump}@23048500 i( 1, 100, 1)> ip 10.1.1.254 > 192.0.2.1 udp 500 > 500\n`
          : dump,
      );
      await client.waitForDiagnostics(captureUri, undefined, 60_000);
      captureMs.push(performance.now() - sent);
    }
    console.log(
      `dump edit -> its diagnostics: p50 ${round(percentile(captureMs, 50))} ms, p95 ${round(percentile(captureMs, 95))} ms over ${EDITS} edits`,
    );

    // Hovers on the dump's packets, each naming the VIP and vport among every configuration.
    const hoverMs: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const sent = performance.now();
      const hover = await client.hover(captureUri, { line: i % 14, character: 3 });
      hoverMs.push(performance.now() - sent);
      if (i === 0 && !JSON.stringify(hover).includes('Configuration:'))
        throw new Error('the hover names no configuration');
    }
    console.log(
      `hover on a packet (with the VIP that handled it): p50 ${round(percentile(hoverMs, 50))} ms, p95 ${round(percentile(hoverMs, 95))} ms over ${EDITS} hovers`,
    );

    // Keystrokes in the configuration: the dump is checked again against it (after the typing pause).
    const configText0 = fs.readFileSync(configPath, 'utf8');
    await client.didOpen(configUri, 'balancer-config', configText0);
    await client.waitForDiagnostics(configUri, undefined, 60_000);
    const configMs: number[] = [];
    for (let i = 0; i < EDITS / 3; i++) {
      const text =
        i % 2 === 0 ? configText0.replace('hostname LLB-1', `hostname LLB-${i}`) : configText0;
      const sent = performance.now();
      await client.didChange(configUri, text);
      await client.waitForDiagnostics(configUri, undefined, 60_000);
      configMs.push(performance.now() - sent);
    }
    console.log(
      `configuration edit -> its diagnostics: p50 ${round(percentile(configMs, 50))} ms, p95 ${round(percentile(configMs, 95))} ms over ${configMs.length} edits`,
    );
    const peak = rssMb(client.pid);
    console.log(`server peak memory: ${peak} MB`);
    await client.shutdown().catch(() => undefined);
    client.dispose();
    const many = await manyConfigurations();
    const burst = await bursts();
    console.log(
      JSON.stringify({
        ...many,
        ...burst,
        workspaceFiles: count,
        scanToJoinedMs: round(scanMs),
        captureEditMsP95: round(percentile(captureMs, 95)),
        hoverMsP95: round(percentile(hoverMs, 95)),
        configEditMsP95: round(percentile(configMs, 95)),
        peakRssMb: peak,
      }),
    );
  } finally {
    await client.shutdown().catch(() => undefined);
    client.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
