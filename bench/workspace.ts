// `npm run bench:workspace`: the server in a workspace of thousands of files, as an engineer's
// case folder grows: many captures and logs, hundreds of configuration backups, a node_modules
// and an excluded archive. Measured over the protocol against the built server:
//   scanToJoinedMs   initialized -> the open dump's finding names a configuration found on disk
//                    (the whole folder walked, every candidate file's first line read)
//   captureEdit      a one-line edit of the dump -> its diagnostics, every configuration joined
//   hover            a hover on a packet of the dump, naming the VIP and vport that handled it
//   configEdit       a one-line edit of a configuration -> its diagnostics
// and the server's peak memory. Prints one line per figure, then as its last line the JSON summary.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { fixture, LspClient, repoRoot } from '../test/lsp/client';

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
    console.log(
      JSON.stringify({
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
