// Which files are balancer configurations or captures, as the editor decides: by the file names
// package.json declares for each language, else by their content (service/recognition.ts: the
// first line with text once comments, headers, a banner and the prompt are skipped). The server (workspaceFiles.ts) and the command line (cli/files.ts) both
// decide here, so that `balancer-lens check` reads the same files the editor does.
import * as path from 'path';
import { openFile } from './safeFiles';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE } from './service';
import { captureFileFormat } from './service/capture/reading/pcap';
import { HEAD_CHARACTERS, languageOfText } from './service/recognition';

export { CAPTURE_FIRST_LINE, CONFIG_FIRST_LINE } from './service/recognition';

/** One of the two languages, by its language id. */
export type BalancerLanguage = typeof CONFIG_LANGUAGE | typeof CAPTURE_LANGUAGE;

/** File names of configurations, as package.json's `balancer-config` language declares them. */
export const CONFIG_FILE_PATTERNS: readonly RegExp[] = [
  /\.acos$/i,
  /\.a10$/i,
  /\.(acos|a10)\.(txt|cfg|conf)$/i,
  /^vip[^/\\]*\.summary\.txt$/i,
  /running-config.*\.acos$/i,
];

/** File names of captures, as package.json's `balancer-capture` language declares them. */
export const CAPTURE_FILE_PATTERNS: readonly RegExp[] = [
  /\.axdebug$/i,
  /\.tcpdump$/i,
  /\.(axdebug|tcpdump)\.(txt|log)$/i,
  /\.pcap\.txt$/i,
];

/** Names of binary captures (pcap, pcapng): a capture when its first bytes are a capture file's magic number. */
export const BINARY_CAPTURE_NAMES = /\.(pcap|pcapng|cap)$/i;

/**
 * Files of other names whose content decides, when they are found in a folder: the kinds of
 * file the editor opens as plain text, log or ini and then recognises by content, and files
 * without an extension (a backup tool names each device's file after the device).
 */
export const DETECTED_BY_CONTENT = /(\.(txt|cfg|conf|log)|(^|[\\/])[^.\\/]+)$/i;

/** Folders never searched: dependencies, build output, version control, editor state. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'out',
  'dist',
  '.vscode-test',
  '.hg',
  '.svn',
]);

/** How much of a file is read to decide its language. */
const HEAD_BYTES = HEAD_CHARACTERS;

/** True when a file's name makes it a configuration. */
export function isConfigFileName(fileName: string): boolean {
  return CONFIG_FILE_PATTERNS.some((pattern) => pattern.test(fileName));
}

/** The language a file's name (without its folder) gives it, if any. */
export function languageByFileName(fileName: string): BalancerLanguage | undefined {
  if (isConfigFileName(fileName)) return CONFIG_LANGUAGE;
  if (CAPTURE_FILE_PATTERNS.some((pattern) => pattern.test(fileName))) return CAPTURE_LANGUAGE;
  return undefined;
}

/** The language a file's text says it is, if any (service/recognition.ts). A text with a NUL in its head is no text. */
export function languageByContent(text: string): BalancerLanguage | undefined {
  return text.slice(0, HEAD_BYTES).includes('\u0000') ? undefined : languageOfText(text);
}

/**
 * The first 4 KB of a file, as text: enough to decide its language without reading it all. Throws
 * a FileProblem for a path that is no regular file (a FIFO would block the reader forever).
 */
export async function readHead(file: string): Promise<string> {
  return Buffer.from(await readHeadBytes(file)).toString('utf8');
}

/**
 * The language of a file on disk: by its name, else by its first line. `anyName` looks into
 * files of every name (a file the user named); otherwise only the names in DETECTED_BY_CONTENT are
 * opened. Throws what the file system throws for a file that cannot be read.
 */
export async function languageOfFile(
  file: string,
  anyName: boolean,
): Promise<BalancerLanguage | undefined> {
  const name = path.basename(file);
  const byName = languageByFileName(name);
  if (byName !== undefined) return byName;
  const binaryName = BINARY_CAPTURE_NAMES.test(name);
  if (!anyName && !binaryName && !DETECTED_BY_CONTENT.test(name)) return undefined;
  const head = await readHeadBytes(file);
  if (captureFileFormat(head) !== undefined) return CAPTURE_LANGUAGE;
  return binaryName && !anyName ? undefined : languageByContent(Buffer.from(head).toString('utf8'));
}

/** The first 4 KB of a file, as bytes; a FileProblem for a path that is no regular file. */
async function readHeadBytes(file: string): Promise<Uint8Array> {
  const { handle } = await openFile(file);
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
