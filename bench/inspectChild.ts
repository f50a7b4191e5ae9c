// What bench:capture and bench:pcap share: `inspect --json` timed alone in a child process (the
// bundled command line loaded into it, its output dropped), and the way a bench runs itself as
// that child and reads back the figures it prints.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Writable } from 'stream';

const root = path.resolve(__dirname, '../..');

/** A writable that drops everything: the analysis is timed, not the terminal. */
export function sink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

/**
 * Child mode: the whole inspection; prints the milliseconds and the peak RSS. On one thread
 * (`oneThread`), the command line sees a single core, as on a machine that has one, and reads the
 * dump on its main thread line by line.
 */
export async function measureInspect(file: string, oneThread = false): Promise<void> {
  // The module itself, not the namespace object an import makes of it (whose properties are getters).
  if (oneThread) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('os') as { availableParallelism: () => number }).availableParallelism = () => 1;
  }
  // The bundled command line, as users run it, loaded into this process so that it is timed alone.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(
    path.join(root, 'server', 'out', 'cli.js'),
  ) as typeof import('../server/src/cli');
  const start = performance.now();
  const status = await cli.runCli(['inspect', file, '--json'], {
    stdout: sink(),
    stderr: process.stderr,
  });
  const ms = performance.now() - start;
  if (status !== 0) throw new Error(`inspect exited with ${status}`);
  console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

/** Runs `script` again in a fresh process in a child mode; the figures its last line printed. */
export function child(script: string, mode: string, file: string): { ms: number; rssMb?: number } {
  const output = execFileSync(process.execPath, [script, mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').pop()!) as { ms: number; rssMb?: number };
}
