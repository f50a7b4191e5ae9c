// The files `check` reads: each file named on the command line, and the configurations and
// captures found in each folder named. A folder is walked as the editor's workspace is read:
// dependencies, build output, version control and hidden folders are skipped, and a file counts
// by its name or, for .txt/.cfg/.conf/.log files, by its first line (languageFiles.ts). A named
// file is looked into whatever its name.
import { promises as fs, type Dirent } from 'fs';
import * as path from 'path';
import { type BalancerLanguage, languageOfFile, SKIPPED_FOLDERS } from '../languageFiles';
import { notAFile } from '../safeFiles';
import { describeFileError } from './common';
import { type IgnorePattern, isIgnored } from './ignore';
import type { SettingsFinder } from './settings';

/** A file to check. */
export interface FoundFile {
  /** Its absolute path. */
  readonly path: string;
  /** Its language, by name or first line. */
  readonly language: BalancerLanguage;
}

/** What a walk found, and what it could not read. */
export interface FoundFiles {
  /** The files to check, each once, in path order. */
  readonly files: readonly FoundFile[];
  /** Files named on the command line that are neither a configuration nor a capture. */
  readonly unrecognised: readonly string[];
  /** Files and folders that could not be read, with the reason in a few words. */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * Finds the files to check under the given paths (files and folders that exist, as absolute
 * paths). `ignore` holds the command line's patterns; each folder's settings add their own.
 */
export async function findFiles(
  paths: readonly string[],
  settings: SettingsFinder,
  ignore: readonly IgnorePattern[],
): Promise<FoundFiles> {
  const found = new Map<string, FoundFile>();
  const unrecognised: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];

  async function consider(file: string, named: boolean): Promise<void> {
    if (found.has(file)) return;
    try {
      const language = await languageOfFile(file, named);
      if (language !== undefined) found.set(file, { path: file, language });
      else if (named) unrecognised.push(file);
    } catch (error) {
      unreadable.push({ path: file, reason: describeFileError(error) });
    }
  }

  async function walk(folder: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ path: folder, reason: describeFileError(error, 'no such folder') });
      return;
    }
    const patterns = [...ignore, ...(await settings.forFolder(folder)).ignore];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      // Symbolic links are not followed (as the editor's workspace reading): no loops, no escapes.
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
        if (!isIgnored(full, true, patterns)) await walk(full);
      } else if (entry.isFile() && !isIgnored(full, false, patterns)) {
        await consider(full, false);
      }
    }
  }

  for (const named of paths) {
    const stat = await fs.stat(named);
    if (stat.isDirectory()) await walk(named);
    else if (stat.isFile()) await consider(named, true);
    else unreadable.push({ path: named, reason: notAFile(stat)! });
  }
  const files = [...found.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return { files, unrecognised, unreadable };
}
