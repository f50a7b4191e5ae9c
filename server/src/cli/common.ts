// What the commands of the command line share: where they write, how they refuse a command line,
// and how they say why a file cannot be read.
import { promises as fs } from 'fs';
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
    const handle = await fs.open(file, 'r');
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
  return (
    `${name} is a binary ${kind} capture, and Balancer Lens reads the text tcpdump prints: ` +
    `save it with \`tcpdump -nn -v -r ${name} > ${name}.txt\` (-v prints the IP ids that pair ` +
    `the copies of a packet) and give it that file.`
  );
}
