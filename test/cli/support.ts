// What the command-line tests share: the BUILT programs as package.json "bin" names them, run as
// child processes the way a shell or CI runs them, and temporary project folders.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../paths';

export { fixture, repoRoot } from '../paths';

/** The parts of package.json the tests read. */
export interface Manifest {
  version: string;
  bin: Record<string, string>;
  contributes: {
    languages: {
      id: string;
      extensions?: string[];
      filenamePatterns?: string[];
      firstLine?: string;
    }[];
    problemMatchers: {
      name: string;
      owner: string;
      source?: string;
      fileLocation: string[];
      pattern: Record<string, string | number>;
    }[];
  };
}

/** package.json. */
export const manifest = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
) as Manifest;

/** `balancer-lens`: server/out/cli.js. */
export const cliProgram = path.join(repoRoot, manifest.bin['balancer-lens']);
/** `balancer-lens-language-server`: server/out/server.js. */
export const serverProgram = path.join(repoRoot, manifest.bin['balancer-lens-language-server']);

/** test/fixtures, the working folder of the tests on the fixtures (so paths read `seed/...`). */
export const fixtures = path.join(repoRoot, 'test', 'fixtures');

/** What a program did. */
export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How a program is run besides its arguments. */
export interface RunOptions {
  /** Where its standard output goes: a pipe the test reads (the default), or an open file. */
  readonly stdout?: number;
  /** Variables added to its environment (TMPDIR). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs a program with Node, in a working folder; a guard ends one that would wait forever. */
export function runProgram(
  program: string,
  args: readonly string[],
  cwd = fixtures,
  options: RunOptions = {},
): Ran {
  const ran = spawnSync(process.execPath, [program, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
    // English whatever the machine's locale (the programs follow LC_ALL, LC_MESSAGES and LANG),
    // unless a test sets the locale itself.
    env: { ...process.env, LC_ALL: 'C', ...options.env },
  });
  if (ran.error) throw ran.error;
  return { status: ran.status, stdout: ran.stdout ?? '', stderr: ran.stderr };
}

/** Runs `balancer-lens ARGS...` in a working folder (test/fixtures unless given). */
export function balancerLens(args: readonly string[], cwd = fixtures, options?: RunOptions): Ran {
  return runProgram(cliProgram, args, cwd, options);
}

/** The findings of `check --format json`. */
export interface JsonFinding {
  file: string;
  /** The device the file belongs to, when it is one's. */
  device?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  docUrl: string;
}

/** Runs `balancer-lens check --format json ARGS...` and reads what it printed. */
export function checkJson(args: readonly string[], cwd = fixtures): JsonFinding[] & { ran: Ran } {
  const ran = balancerLens(['check', '--format', 'json', ...args], cwd);
  const findings = JSON.parse(ran.stdout) as JsonFinding[];
  return Object.assign(findings, { ran });
}

/** `file:line code` of each finding: a short list to compare. */
export function briefly(findings: readonly JsonFinding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.code}`);
}

/** A temporary project folder, removed by `remove`. */
export class Project {
  /** Its absolute path. */
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-cli-'));

  /** Writes a file (folders made as needed); answers its absolute path. */
  write(relative: string, text: string): string {
    const file = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  /** Runs `balancer-lens ARGS...` in this folder. */
  run(...args: string[]): Ran {
    return balancerLens(args, this.root);
  }

  /** Runs `balancer-lens ARGS...` in this folder, its output or environment as `options` say. */
  runWith(options: RunOptions, ...args: string[]): Ran {
    return balancerLens(args, this.root, options);
  }

  /** Runs `balancer-lens check --format json ARGS...` in this folder. */
  check(...args: string[]): JsonFinding[] & { ran: Ran } {
    return checkJson(args, this.root);
  }

  /** Deletes the folder. */
  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * A configuration with an error and a hint on line 1: a server whose address ACOS refuses
 * (lbconf/malformed-address), which nothing uses either (lbconf/unused-definition).
 */
export const CONFIG_WITH_AN_ERROR = 'slb server web 10.0.0.300\n   port 80 tcp\n';

/** The seed's capture: four warnings (one-way ESP, untranslated source, no SYN-ACK, ICMP error). */
export const SEED_CAPTURE = fs.readFileSync(
  path.join(fixtures, 'seed', 'capture-before-fix.axdebug.txt'),
  'utf8',
);

/** True when a program's messages show a stack trace (never for a user's mistake). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]\d+:\d+\)?$/m.test(text);
}
