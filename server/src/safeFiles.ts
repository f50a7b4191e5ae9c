// The one place that decides whether a path the user named may be read, and how a path is named in
// a message. A path can name a folder, a named pipe (FIFO) that blocks whoever opens it until a
// writer comes, a device that never ends (/dev/zero) or a file too large to be held as text: each
// is refused with a reason in a few words before anything waits on it or fills memory. A file is
// opened without blocking and looked at through what was opened, so a path swapped for a pipe
// between a look and a read cannot wedge the program either. Used by the command line (cli/) and
// by languageFiles.ts, which both it and the language server read first lines through.
import { constants as bufferConstants } from 'buffer';
import { constants as fsConstants, promises as fs, type Stats } from 'fs';

/** A path that is not a file that can be read as text; its message says why in a few words. */
export class FileProblem extends Error {}

/**
 * The most bytes a file may hold to be read whole as text: the longest string V8 can make (a file
 * of N bytes decodes to at most N characters); some 512 MB.
 */
export const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;

/** Opening for reading without waiting: a FIFO with no writer opens at once instead of blocking. */
const READ_WITHOUT_WAITING = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/** Why something a path names is not a file to read, or undefined for a regular file. */
export function notAFile(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'it is a directory';
  if (stat.isFIFO())
    return 'it is a named pipe (FIFO), not a file: save what it carries to a file first';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a file';
  if (stat.isSocket()) return 'it is a socket, not a file';
  return 'it is not a file';
}

/** Whether two paths' statistics are of one file (the same inode on the same device). */
export function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.ino !== 0;
}

/** What `openFile` answers: the open file and what it is. */
export interface OpenFile {
  readonly handle: fs.FileHandle;
  readonly stat: Stats;
}

/**
 * Opens a regular file for reading, never waiting on it; throws a FileProblem for anything else
 * (what the file system throws for a path that cannot be opened). The caller closes the handle.
 */
export async function openFile(file: string): Promise<OpenFile> {
  const handle = await fs.open(file, READ_WITHOUT_WAITING);
  try {
    const stat = await handle.stat();
    const problem = notAFile(stat);
    if (problem !== undefined) throw new FileProblem(problem);
    return { handle, stat };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The statistics of a regular file; throws a FileProblem for anything else. Never opens it. */
export async function fileStat(file: string): Promise<Stats> {
  const stat = await fs.stat(file);
  const problem = notAFile(stat);
  if (problem !== undefined) throw new FileProblem(problem);
  return stat;
}

/**
 * The text of a regular file (UTF-8), read whole; throws a FileProblem for anything else and for
 * a file larger than MAX_TEXT_BYTES.
 */
export async function readTextFile(file: string): Promise<string> {
  const { handle, stat } = await openFile(file);
  try {
    if (stat.size > MAX_TEXT_BYTES)
      throw new FileProblem(
        `it is larger than ${megabytes(MAX_TEXT_BYTES)} MB, more than can be read as text`,
      );
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * All of standard input as text (UTF-8); throws a FileProblem once it has brought more than
 * MAX_TEXT_BYTES, so an endless input (`< /dev/zero`) ends with a message.
 */
export async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_TEXT_BYTES) {
      process.stdin.destroy();
      throw new FileProblem(
        `it brought more than ${megabytes(MAX_TEXT_BYTES)} MB, more than can be read as text`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A number of bytes in whole megabytes (of 2^20 bytes). */
export function megabytes(bytes: number): number {
  return Math.floor(bytes / (1 << 20));
}

/**
 * Control characters, and the invisible characters that change where text is shown (line and
 * paragraph separators, bidirectional overrides and isolates): none may reach a message as is.
 */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The characters a shell leaves alone in a word. */
const SHELL_PLAIN = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * A path (or any word) as a POSIX shell reads it back: as is when it holds only plain characters,
 * else in single quotes, a quote written '\'' and a control character as $'\n' (bash, zsh, ksh
 * and POSIX sh since 2024), so that it stays on one line and pasting it runs nothing.
 */
export function shellWord(word: string): string {
  if (SHELL_PLAIN.test(word)) return word;
  let quoted = '';
  let open = false;
  for (const c of word) {
    if (HIDDEN.test(c) || c === "'") {
      if (open) quoted += "'";
      open = false;
      quoted += c === "'" ? "\\'" : `$'${escaped(c.codePointAt(0)!)}'`;
    } else {
      if (!open) quoted += "'";
      open = true;
      quoted += c;
    }
  }
  return open ? `${quoted}'` : quoted || "''";
}

/** A character as an escape inside $'...'. */
function escaped(code: number): string {
  const named: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' };
  if (named[code] !== undefined) return named[code];
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A path as a one-line message names it: as given, unless it holds a control or invisible
 * character (a line break would split the message, an override would reorder it), then as the
 * shell would quote it (shellWord).
 */
export function pathShown(name: string): string {
  return HIDDEN.test(name) ? shellWord(name) : name;
}

/** A text on one line: each control or invisible character written as its escape (`\n` for a line break). */
export function oneLine(text: string): string {
  return HIDDEN.test(text)
    ? text.replace(new RegExp(HIDDEN.source, 'g'), (c) => escaped(c.codePointAt(0)!))
    : text;
}
