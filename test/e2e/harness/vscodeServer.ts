// A real VS Code without internet: VS Code 1.100.3's server as shipped inside the npm package
// code-server@4.100.3, installed once into .vscode-test/code-server/ and started per run with
// fresh data folders. See /work/shared/REAL-EDITOR.md for why this is the way here.
import { ChildProcess, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot, vscodeTestDir } from './paths';

/** The pinned package.json + package-lock.json that say exactly what gets installed. */
const pinnedDir = path.join(repoRoot, 'test', 'e2e', 'vscode-server');

/** The cache folder; ignored by git through `.vscode-test/`. */
export const serverCacheDir = path.join(vscodeTestDir, 'code-server');

/** Bump when the install steps below change, so existing caches are rebuilt. */
const RECIPE = 1;

/** Native modules of the VS Code server worth building (spdlog: logs, watchdog: ext host, pty: terminals). */
const NATIVE_MODULES = ['@vscode/spdlog', 'native-watchdog', 'node-pty'];

/** The VS Code folder (with out/server-main.js) inside an installed cache. */
function vscodeDirOf(cacheDir: string): string {
  return path.join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode');
}

/** What the cache must have been built from to be reused. */
function wantedMarker(): string {
  const hash = crypto.createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    hash.update(fs.readFileSync(path.join(pinnedDir, file)));
  }
  return JSON.stringify({
    recipe: RECIPE,
    node: process.versions.node.split('.')[0],
    pins: hash.digest('hex'),
  });
}

const MARKER = '.installed.json';

/**
 * Makes sure the VS Code server is installed in the cache and returns its VS Code folder.
 * The first call takes half a minute or so (npm ci, native builds); later ones only read a marker.
 */
export async function ensureVSCodeServer(
  log: (line: string) => void = console.log,
): Promise<string> {
  const marker = wantedMarker();
  if (readMarker(serverCacheDir) === marker) {
    return vscodeDirOf(serverCacheDir);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The offline VS Code server is set up for linux-x64 only (this is ${process.platform}-${process.arch}); use npm run test:electron.`,
    );
  }
  const started = Date.now();
  log(
    `Installing VS Code 1.100.3 (code-server 4.100.3) into ${path.relative(repoRoot, serverCacheDir)}/ (once)...`,
  );
  // Build in a private folder and rename it into place at the end: an interrupted or
  // concurrent install never leaves a half-built cache that looks finished.
  fs.mkdirSync(vscodeTestDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(vscodeTestDir, 'code-server.staging-'));
  try {
    await install(staging, log);
    fs.writeFileSync(path.join(staging, MARKER), marker);
    fs.rmSync(serverCacheDir, { recursive: true, force: true });
    try {
      fs.renameSync(staging, serverCacheDir);
    } catch (error) {
      if (readMarker(serverCacheDir) !== marker) {
        throw error;
      }
      // Another run finished the same install first; use theirs.
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`VS Code server installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  return vscodeDirOf(serverCacheDir);
}

function readMarker(cacheDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(cacheDir, MARKER), 'utf8');
  } catch {
    return undefined;
  }
}

/** The steps of REAL-EDITOR.md, in `dir`. */
async function install(dir: string, log: (line: string) => void): Promise<void> {
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(pinnedDir, file), path.join(dir, file));
  }
  // Install scripts are skipped everywhere: code-server's and ripgrep's fetch from GitHub.
  const quiet = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  log('  npm ci (code-server, ripgrep, node-gyp)');
  await exec('npm', ['ci', ...quiet], dir);

  const vscodeDir = vscodeDirOf(dir);
  // lib/vscode's npm-shrinkwrap.json is slightly out of sync with its package.json, so
  // `npm ci` refuses it; `npm install` still follows it for everything it pins.
  log('  npm install in lib/vscode');
  await exec('npm', ['install', '--omit=dev', ...quiet], vscodeDir);
  fs.symlinkSync('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  log('  npm ci in lib/vscode/extensions');
  await exec('npm', ['ci', '--omit=dev', ...quiet], path.join(vscodeDir, 'extensions'));

  log(`  building ${NATIVE_MODULES.join(', ')}`);
  const nodeGyp = path.join(dir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const nodedir =
    process.env.npm_config_nodedir ??
    (fs.existsSync('/usr/include/node/node.h') ? '/usr' : undefined);
  const gypArgs = [nodeGyp, 'rebuild', '--jobs=max', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  await Promise.all(
    NATIVE_MODULES.map((name) =>
      exec(process.execPath, gypArgs, path.join(vscodeDir, 'node_modules', name)),
    ),
  );

  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.copyFileSync(
    path.join(dir, 'node_modules', '@vscode', 'ripgrep-linux-x64', 'bin', 'rg'),
    path.join(rgDir, 'rg'),
  );
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
}

/** Runs a command to completion; on failure the error carries the end of its output. */
function exec(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(output);
      } else {
        const tail = output.trim().split('\n').slice(-30).join('\n');
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${cwd}) failed (${signal ?? code}):\n${tail}`,
          ),
        );
      }
    });
  });
}

/** The folders one server instance owns; all under `root`, removed by stop(). */
export interface ServerDirs {
  root: string;
  userData: string;
  serverData: string;
  extensions: string;
}

/** How to start a server. */
export interface VSCodeServerOptions {
  /** Extra environment for the server, and so for its extension host and the tests it runs. */
  env?: Record<string, string>;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Receives each line the server prints; by default lines are only kept for error messages. */
  onOutput?: (line: string) => void;
  /** Receives progress of the one-time install; console.log by default. */
  log?: (line: string) => void;
  /** Keeps the temp folder after stop() (for looking at logs); env BALANCER_LENS_E2E_KEEP=1 too. */
  keepTemp?: boolean;
}

// Servers run in their own process groups, so Ctrl-C in the terminal does not reach them.
// While any runs, SIGINT/SIGTERM/SIGHUP stop them first (a second signal kills at once), and
// an exit of this process kills what is left.
const running = new Set<VSCodeServer>();
let stopping = false;

function killAll(): void {
  for (const server of running) {
    server.kill();
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    killAll();
    process.exit(130);
  }
  stopping = true;
  void Promise.all([...running].map((server) => server.stop())).finally(() => {
    unwatchSignals();
    process.kill(process.pid, signal); // the default action, now that our handler is gone
  });
}

function watchSignals(): void {
  process.on('exit', killAll);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

function unwatchSignals(): void {
  process.off('exit', killAll);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onSignal);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) {
      process.kill(-child.pid, signal);
    }
  } catch {
    // already gone
  }
}

/** One VS Code server on 127.0.0.1 with its own user data, extensions, TMPDIR and XDG folders. */
export class VSCodeServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private listeningPort = 0;
  private readonly output: string[] = [];

  private constructor(
    /** The VS Code folder of the cached install. */
    readonly vscodeDir: string,
    /** This instance's private folders. */
    readonly dirs: ServerDirs,
    private readonly options: VSCodeServerOptions,
  ) {}

  /** Ensures the cached install and makes fresh folders; call start() next (installExtension() first if needed). */
  static async create(options: VSCodeServerOptions = {}): Promise<VSCodeServer> {
    const vscodeDir = await ensureVSCodeServer(options.log);
    // Short: the language client's IPC socket lives under XDG_RUNTIME_DIR (107-byte limit).
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'blens-'));
    const dirs: ServerDirs = {
      root,
      userData: path.join(root, 'user-data'),
      serverData: path.join(root, 'server-data'),
      extensions: path.join(root, 'extensions'),
    };
    for (const dir of [dirs.userData, dirs.serverData, dirs.extensions]) {
      fs.mkdirSync(dir);
    }
    for (const dir of ['tmp', 'xdg-config', 'xdg-cache', 'xdg-data', 'xdg-state', 'xdg-runtime']) {
      fs.mkdirSync(path.join(root, dir), { mode: 0o700 });
    }
    return new VSCodeServer(vscodeDir, dirs, options);
  }

  /** The port the server listens on (after start()). */
  get port(): number {
    return this.listeningPort;
  }

  /** `http://127.0.0.1:PORT`, the address of the web workbench. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The `vscode-remote://` URI by which the workbench names a file or folder on this server. */
  remoteUri(absolutePath: string): string {
    return `vscode-remote://127.0.0.1:${this.port}${encodeURI(path.resolve(absolutePath))}`;
  }

  /** The workbench address that opens `folder` with the given payload (extensionDevelopmentPath, ...). */
  workbenchUrl(folder: string, payload: [string, string][] = []): string {
    const query = `folder=${readable(path.resolve(folder))}`;
    return payload.length === 0
      ? `${this.origin}/?${query}`
      : `${this.origin}/?${query}&payload=${readable(JSON.stringify(payload))}`;
  }

  private commonArgs(): string[] {
    return [
      '--accept-server-license-terms',
      '--user-data-dir',
      this.dirs.userData,
      '--server-data-dir',
      this.dirs.serverData,
      '--extensions-dir',
      this.dirs.extensions,
    ];
  }

  private env(): NodeJS.ProcessEnv {
    const root = this.dirs.root;
    return {
      ...process.env,
      TMPDIR: path.join(root, 'tmp'),
      XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
      XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
      XDG_DATA_HOME: path.join(root, 'xdg-data'),
      XDG_STATE_HOME: path.join(root, 'xdg-state'),
      XDG_RUNTIME_DIR: path.join(root, 'xdg-runtime'),
      ...this.options.env,
    };
  }

  /** Installs a .vsix into this server's extensions folder (offline); call before start(). */
  async installExtension(vsixPath: string): Promise<void> {
    const output = await exec(
      process.execPath,
      [
        path.join(this.vscodeDir, 'out', 'server-main.js'),
        '--install-extension',
        path.resolve(vsixPath),
        ...this.commonArgs(),
      ],
      this.vscodeDir,
      this.env(),
    );
    if (!/successfully installed/.test(output)) {
      throw new Error(`Installing ${vsixPath} did not report success:\n${output}`);
    }
  }

  /** Starts the server in its own process group and resolves once it listens. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) {
      throw new Error('This VS Code server was already started.');
    }
    const args = [
      path.join(this.vscodeDir, 'out', 'server-main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(this.options.port ?? 0),
      '--without-connection-token',
      '--disable-telemetry',
      '--disable-workspace-trust',
      ...this.commonArgs(),
    ];
    const child = spawn(process.execPath, args, {
      cwd: this.dirs.root,
      env: this.env(),
      detached: true, // its own process group: stop() ends the extension host and language server too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    if (running.size === 0) {
      watchSignals();
    }
    running.add(this);
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));

    await new Promise<void>((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        reject(
          new Error(`VS Code server ${why}. Its output:\n${this.output.slice(-40).join('\n')}`),
        );
      };
      const timer = setTimeout(
        () => fail(`did not listen within ${timeoutMs / 1000} s`),
        timeoutMs,
      );
      const onLine = (line: string): void => {
        this.output.push(line);
        if (this.output.length > 500) {
          this.output.shift();
        }
        this.options.onOutput?.(line);
        const listening = /Extension host agent listening on (\d+)/.exec(line);
        if (listening && this.listeningPort === 0) {
          this.listeningPort = Number(listening[1]);
          clearTimeout(timer);
          resolve();
        }
      };
      forEachLine(child.stdout, onLine);
      forEachLine(child.stderr, onLine);
      child.on('error', (error) => fail(`could not start: ${error.message}`));
      child.on('exit', (code, signal) => fail(`exited early (${signal ?? code})`));
    });
  }

  /** The last lines the server printed (for error messages). */
  recentOutput(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  /** Stops the whole process group (TERM, then KILL after 5 s) and removes the temp folder. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && this.exited && child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    // The server can exit before its children (extension host, language server).
    this.kill();
    if (!this.options.keepTemp && process.env.BALANCER_LENS_E2E_KEEP !== '1') {
      fs.rmSync(this.dirs.root, { recursive: true, force: true });
    }
  }

  /** Kills the process group at once (SIGKILL), without cleaning up. */
  kill(): void {
    if (this.child) {
      killGroup(this.child, 'SIGKILL');
    }
    if (running.delete(this) && running.size === 0 && !stopping) {
      unwatchSignals();
    }
  }
}

/** Encodes a query value, leaving `/ : [ ] ,` as they are so a printed address stays readable. */
function readable(value: string): string {
  return encodeURIComponent(value).replace(/%(2F|3A|5B|5D|2C)/g, (escape) =>
    decodeURIComponent(escape),
  );
}

/** Calls `onLine` for each complete line of a stream. */
export function forEachLine(
  stream: NodeJS.ReadableStream | null,
  onLine: (line: string) => void,
): void {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  });
  stream?.on('end', () => {
    if (pending !== '') {
      onLine(pending);
    }
  });
}
