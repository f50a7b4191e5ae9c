// Which files are balancer configurations or captures, as the editor decides: by the file names
// package.json declares for each language, else by the first line with text (the manifest's
// `firstLine` patterns). The server (workspaceFiles.ts) and the command line (cli/files.ts) both
// decide here, so that `balancer-lens check` reads the same files the editor does.
import * as path from 'path';
import { openFile } from './safeFiles';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE } from './service';

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

/**
 * Files of other names whose first line decides, when they are found in a folder (the kinds of
 * file the editor opens as plain text, log or ini and then recognises by content).
 */
export const DETECTED_BY_CONTENT = /\.(txt|cfg|conf|log)$/i;

/** The manifest's first-line pattern of `balancer-config`. */
export const CONFIG_FIRST_LINE =
  /^(!(version|Current configuration|Configuration last)\b|vip_\S+\([A-Z]\)\s|slb (server|virtual-server|service-group) \S|ip nat pool \S)/;

/** The manifest's first-line pattern of `balancer-capture`. */
export const CAPTURE_FIRST_LINE =
  /^(@\d+ *[io] *\( *\d+|\S+[#>] *axdebug\b|\s*(\d+\s+)?(\d{4}-\d\d-\d\d )?\d\d?:\d\d:\d\d\.\d{6,9} (\S+ +(In|Out) +)?(IP6? (\S+ > |\((tos|flowlabel) )|ARP, |([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2} )|\d{9,10}\.\d{6,9} (IP6? \S+ > |ARP, )|tcpdump: (verbose output suppressed|listening on )|reading from file \S+, link-type )/;

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

/** How much of a file is read to find its first line with text. */
const HEAD_BYTES = 4096;

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

/** The language a file's text says it is by its first line with text, if any. */
export function languageByContent(text: string): BalancerLanguage | undefined {
  const line = firstNonBlankLine(text);
  if (CONFIG_FIRST_LINE.test(line)) return CONFIG_LANGUAGE;
  if (CAPTURE_FIRST_LINE.test(line)) return CAPTURE_LANGUAGE;
  return undefined;
}

/** The first line with text among the first 4 KB of a text (empty when there is none). */
export function firstNonBlankLine(text: string): string {
  return (
    text
      .slice(0, HEAD_BYTES)
      .split(/\r\n|\r|\n/)
      .find((line) => line.trim() !== '') ?? ''
  );
}

/**
 * The first 4 KB of a file, as text: enough to decide its language without reading it all. Throws
 * a FileProblem for a path that is no regular file (a FIFO would block the reader forever).
 */
export async function readHead(file: string): Promise<string> {
  const { handle } = await openFile(file);
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
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
  if (!anyName && !DETECTED_BY_CONTENT.test(name)) return undefined;
  return languageByContent(await readHead(file));
}
