// What the commands of the command line share: where they write, how they refuse a command line,
// and how they say why a file cannot be read.
import type { Writable } from 'stream';

/** The name the programs go by in their messages. */
export const PROGRAM = 'balancer-lens';

/** Where the command line writes. */
export interface CliOutput {
  /** Results. */
  readonly stdout: Writable;
  /** Messages. */
  readonly stderr: Writable;
}

/** A function that tells the user something on standard error, in one line: `balancer-lens: MESSAGE`. */
export function sayTo(output: CliOutput): (message: string) => void {
  return (message) => void output.stderr.write(`${PROGRAM}: ${message}\n`);
}

/** Thrown for a command line that cannot be run; its message says why. */
export class UsageError extends Error {}

/** Why a file system call failed, in a few words: `no such file or folder`, `permission denied`. */
export function describeFileError(error: unknown, what = 'no such file'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return what;
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Writes text to a stream; resolves once the stream has taken it (at once unless it asked to wait). */
export function writeAll(stream: Writable, text: string): Promise<void> {
  if (text === '' || stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}
