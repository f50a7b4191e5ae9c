// What the commands of the command line share: where they write, how they refuse a command line,
// and how they say why a file cannot be read or the output cannot be written.
import { fstatSync, type Stats } from 'fs';
import type { Writable } from 'stream';
import { FileProblem, oneLine, openFile, pathShown, sameFile, shellWord } from '../safeFiles';

/** The name the programs go by in their messages. */
export const PROGRAM = 'balancer-lens';

/** Where the command line writes. */
export interface CliOutput {
  /** Results. */
  readonly stdout: Writable;
  /** Messages. */
  readonly stderr: Writable;
}

/**
 * A function that tells the user something on standard error, in one line: `balancer-lens: MESSAGE`
 * (a line break or other control character a name brought in is written as its escape).
 */
export function sayTo(output: CliOutput): (message: string) => void {
  return (message) => void output.stderr.write(`${PROGRAM}: ${oneLine(message)}\n`);
}

/** Thrown for a command line that cannot be run; its message says why. */
export class UsageError extends Error {}

/** Why a file system call failed, in a few words: `no such file or folder`, `permission denied`. */
export function describeFileError(error: unknown, what = 'no such file'): string {
  if (error instanceof FileProblem) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return what;
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EDQUOT') return 'the disk quota is used up';
  if (code === 'EFBIG') return 'the file would grow larger than the system allows';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'EIO') return 'an input/output error of the device';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'ENAMETOOLONG') return 'the name is too long';
  return error instanceof Error ? error.message : String(error);
}

/**
 * The output (standard output) could not be written: its reader went away (`code` EPIPE: not an
 * error of ours, `| head` does it) or the device refused (no space left: its message says why).
 */
export class OutputError extends Error {
  constructor(
    readonly code: string | undefined,
    reason: string,
  ) {
    super(reason);
  }
}

function outputError(error: unknown): OutputError {
  return new OutputError((error as NodeJS.ErrnoException).code, describeFileError(error));
}

/**
 * Writes to a stream in order: each write resolves once the stream can take more (at once unless
 * it asked to wait); once the stream has failed, the next write (or `flushed`) rejects with an
 * OutputError instead of waiting for a drain that will never come.
 */
export class OutputWriter {
  private failure: unknown;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly stream: Writable) {}

  /** Writes `data`; `written` is told once the stream is done with it (not when it failed). */
  write(data: Uint8Array | string, written?: () => void): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(outputError(this.failure));
    if (data.length === 0) {
      written?.();
      return undefined;
    }
    let done = (): void => {};
    this.last = new Promise((resolve) => (done = resolve));
    const ready = this.stream.write(data, (error) => {
      if (error) this.failure ??= error;
      else written?.();
      done();
    });
    if (ready && !this.stream.errored) return undefined;
    return new Promise((resolve, reject) => {
      const settle = (error?: unknown): void => {
        this.stream.off('drain', settle);
        this.stream.off('error', settle);
        this.failure ??= error ?? this.stream.errored ?? undefined;
        if (this.failure !== undefined) reject(outputError(this.failure));
        else resolve();
      };
      if (this.stream.errored) return settle(this.stream.errored);
      this.stream.once('drain', settle);
      this.stream.once('error', settle);
    });
  }

  /** Resolves once the stream is done with all that was written; rejects when it failed. */
  async flushed(): Promise<void> {
    await this.last;
    if (this.failure !== undefined) throw outputError(this.failure);
  }
}

/** Writes text to a stream; resolves once the stream is done with it, rejects with an OutputError when it failed. */
export async function writeAll(stream: Writable, text: string): Promise<void> {
  const writer = new OutputWriter(stream);
  await writer.write(text);
  await writer.flushed();
}

/** What standard output is when it is a regular file (`> file`, `>> file`): its statistics. */
function stdoutFile(output: CliOutput): Stats | undefined {
  const fd = output.stdout === process.stdout ? 1 : (output.stdout as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return undefined;
  try {
    const stat = fstatSync(fd);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/** A file a command reads (or writes), named as the user named it. */
export interface InputFile {
  readonly name: string;
  readonly stat: Stats;
}

/**
 * Why the output would go into one of the files read (the same file, by device and inode, under
 * any name or link): standard output redirected to it, or an output file named (`--svg`) when
 * `outputFile` is given; undefined when it does not. Written, the output would overwrite the file
 * while it is read (or grow it forever, as `>>` does).
 */
export function outputIntoInput(
  output: CliOutput,
  inputs: readonly InputFile[],
  outputFile?: InputFile,
): string | undefined {
  const target = outputFile?.stat ?? stdoutFile(output);
  if (target === undefined) return undefined;
  const input = inputs.find((i) => sameFile(i.stat, target));
  if (input === undefined) return undefined;
  const where = outputFile ? pathShown(outputFile.name) : 'standard output';
  const which = outputFile?.name === input.name ? '' : ` ${pathShown(input.name)},`;
  return `${where} is${which} one of the files read: write the output to another file.`;
}

/** The first four bytes of the binary capture files tcpdump and Wireshark save, as read big-endian. */
const BINARY_CAPTURES: readonly (readonly [number, string])[] = [
  [0xa1b2c3d4, 'pcap'],
  [0xd4c3b2a1, 'pcap'],
  [0xa1b23c4d, 'pcap'], // nanosecond time stamps
  [0x4d3cb2a1, 'pcap'],
  [0x0a0d0d0a, 'pcapng'],
];

/**
 * Why a file a capture command was given is no dump it can read when it is a binary capture
 * (pcap, pcapng), with what to do instead; undefined for any other file (or one it cannot open:
 * reading it says why).
 */
export async function binaryCaptureProblem(
  file: string,
  name: string,
): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    const { handle } = await openFile(file);
    try {
      bytes = Buffer.alloc(4);
      if ((await handle.read(bytes, 0, 4, 0)).bytesRead < 4) return undefined;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  const magic = bytes.readUInt32BE(0);
  const kind = BINARY_CAPTURES.find(([value]) => value === magic)?.[1];
  if (kind === undefined) return undefined;
  // The name as the shell reads it back: pasted, the command runs nothing the name holds.
  const word = shellWord(name);
  const saved = shellWord(`${name}.txt`);
  return (
    `${pathShown(name)} is a binary ${kind} capture, and Balancer Lens reads the text tcpdump prints: ` +
    `save it with \`tcpdump -nn -v -r ${word} > ${saved}\` (-v prints the IP ids that pair ` +
    `the copies of a packet) and give it that file.`
  );
}
