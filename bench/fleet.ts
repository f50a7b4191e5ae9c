// `npm run bench:fleet`: `balancer-lens check` on a fleet, 100 and then 1,000 device
// configurations of about 300 lines each, as a backup tool keeps them (one file a device, named
// after it, without an extension, under RANCID's header). The devices reuse the same object names
// with other addresses, as an estate built from one template does; one device in fifty has a
// fault of its own. Measures the built command line as a user runs it: wall time and the peak
// RSS of its process. Prints one line per fleet, then as its last line the JSON summary.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { repoRoot } from '../test/paths';

const FLEETS = [100, 1_000];
const LINES_PER_DEVICE = 300;

/** One device's configuration, about 300 lines: every object defined and used, names shared with the fleet. */
export function deviceConfig(index: number): string {
  const site = index % 200;
  const out = [
    '!RANCID-CONTENT-TYPE: a10',
    '!',
    '!Current configuration: 9120 bytes',
    `!Configuration last updated at 10:04:11 UTC Mon Mar 02 2026`,
    '!version 4.1.4-GR1-P5, build 12',
    '!',
    `hostname lb-${String(index).padStart(4, '0')}`,
    '!',
    'vrrp-a common',
    '  device-id 1',
    '  set-id 1',
    '  enable',
    '!',
    'vrrp-a vrid 1',
    `  floating-ip 10.${site}.0.1`,
    '!',
    'interface management',
    `  ip address 10.99.${site}.11 255.255.255.0`,
    '!',
  ];
  for (let port = 1; port <= 4; port++) out.push(`interface ethernet ${port}`, '  enable', '!');
  // Every box has the same pools, servers, groups and VIPs by name, with its own addresses.
  for (let pool = 0; pool < 4; pool++)
    out.push(
      `ip nat pool SNAT_${pool} 198.${18 + pool}.${site}.10 198.${18 + pool}.${site}.20 netmask /24 vrid 1`,
    );
  out.push(
    '!',
    'health monitor hm_http',
    '  method http port 8080 expect response-code 200 url GET /health',
    '!',
  );
  const faulty = index % 50 === 7;
  for (let server = 0; server < 24; server++) {
    out.push(
      faulty && server === 3
        ? `slb server web_${server}`
        : `slb server web_${server} 10.${site}.${server >> 8}.${(server & 255) + 1}`,
      '  port 8080 tcp',
      '    health-check hm_http',
      '!',
    );
  }
  for (let group = 0; group < 8; group++) {
    out.push(`slb service-group sg_${group} tcp`, '  method least-connection');
    for (let member = 0; member < 3; member++) out.push(`  member web_${group * 3 + member} 8080`);
    out.push('!');
  }
  for (let vip = 0; vip < 8; vip++) {
    out.push(
      `slb virtual-server vip_${vip} 203.0.${site}.${vip + 1}`,
      '  vrid 1',
      '  port 80 http',
      `    source-nat pool SNAT_${vip % 4}`,
      `    service-group sg_${vip}`,
      '  port 443 tcp',
      `    source-nat pool SNAT_${vip % 4}`,
      `    service-group sg_${vip}`,
      '!',
    );
  }
  let route = 0;
  while (out.length < LINES_PER_DEVICE - 1)
    out.push(`ip route 172.16.${route >> 8}.${route++ & 255} /32 10.${site}.0.254`);
  out.push('end', '');
  return out.join('\n');
}

/** Writes a fleet's folder (once per size); answers it. */
function writeFleet(devices: number): string {
  const folder = path.join(os.tmpdir(), `balancer-lens-bench-fleet-${devices}`);
  const marker = path.join(folder, '.complete');
  if (fs.existsSync(marker)) return folder;
  fs.rmSync(folder, { recursive: true, force: true });
  for (let i = 0; i < devices; i++) {
    const file = path.join(folder, 'configs', `dc${i % 10}`, `lb-${String(i).padStart(4, '0')}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, deviceConfig(i));
  }
  fs.writeFileSync(marker, '');
  return folder;
}

/** Runs the built `check` on a folder; answers its wall time, its peak RSS and what it said last. */
function check(folder: string): { ms: number; peakRssMb: number; summary: string } {
  const cli = path.join(repoRoot, 'server', 'out', 'cli.js');
  // The child reports its own peak RSS as it exits (a preloaded hook: `check` exits by itself).
  const hook = path.join(os.tmpdir(), 'balancer-lens-bench-rss.js');
  fs.writeFileSync(
    hook,
    "process.on('exit', () => process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  const started = performance.now();
  const ran = spawnSync(
    process.execPath,
    ['--require', hook, cli, 'check', '--format', 'json', '--fail-on', 'never', folder],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const ms = performance.now() - started;
  if (ran.status !== 0) throw new Error(`check failed (${ran.status}): ${ran.stderr}`);
  const rss = /maxRSS (\d+)/.exec(ran.stderr);
  const summary = ran.stderr.split('\n').find((l) => l.startsWith('balancer-lens: checked')) ?? '';
  return { ms, peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : NaN, summary };
}

function main(): void {
  const results: Record<string, { ms: number; peakRssMb: number }> = {};
  for (const devices of FLEETS) {
    const folder = writeFleet(devices);
    const { ms, peakRssMb, summary } = check(folder);
    results[devices] = { ms: Math.round(ms), peakRssMb };
    console.log(`${devices} devices: ${Math.round(ms)} ms, peak RSS ${peakRssMb} MB (${summary})`);
  }
  const [small, large] = FLEETS.map((d) => results[d]);
  const growth = Math.round((large.ms / small.ms) * 100) / 100;
  console.log(
    JSON.stringify({
      devices100Ms: small.ms,
      devices1000Ms: large.ms,
      growth,
      peakRssMb1000: large.peakRssMb,
      peakRssMb100: small.peakRssMb,
    }),
  );
}

main();
