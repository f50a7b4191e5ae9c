// The workspace's configuration files as the language service sees them: open documents at their
// editor text, the others as read from disk. The server reads the folders once at start-up and
// then only the files the client reports as created, changed or deleted: never per keystroke.
// The user's `files.exclude` globs (VS Code's, relative to each folder) leave files and folders
// out, as the editor's explorer and search do.
import { promises as fs } from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { fileURLToPath, pathToFileURL } from 'url';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DeviceGroupMatcher, type DeviceGroups } from './deviceGroups';
import {
  DETECTED_BY_CONTENT,
  isConfigFileName,
  languageByContent,
  readHead,
  SKIPPED_FOLDERS,
} from './languageFiles';
import { CONFIG_LANGUAGE, type WorkspaceHost } from './service';

/** Limits that keep a huge workspace from stalling the server. */
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_DEPTH = 12;
/** How many files are read at once: thousands at once would run out of file handles. */
const READ_CONCURRENCY = 32;

/**
 * VS Code's `files.exclude`: a glob and `true` to leave it out, or `{ "when": "$(basename).ts" }`
 * to leave a file out only when a file of that name lies beside it (`$(basename)`: its name
 * without the extension).
 */
export type FilesExclude = Readonly<Record<string, unknown>>;

/** A `files.exclude` glob with a `when` clause. */
interface SiblingRule {
  /** Whether a path (relative to the folder, with `/`) matches the glob. */
  readonly matches: (relative: string) => boolean;
  /** The name of the file that must lie beside a match, `$(basename)` standing for its name without the extension. */
  readonly when: string;
}

/** The `when` clause of a `files.exclude` value, if it is one. */
function whenClause(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const when = (value as { when?: unknown }).when;
  return typeof when === 'string' && when.trim() !== '' ? when : undefined;
}

/** The configuration files of the workspace folders, kept in step with the disk. */
export class WorkspaceFiles implements WorkspaceHost {
  private readonly onDisk = new Map<string, TextDocument>();
  private folders: string[] = [];
  /** Versions of documents read from disk count down from -1, so they never equal an editor's. */
  private nextVersion = -1;
  /** The `files.exclude` globs in force, and their matcher. */
  private excludeKey = '';
  private excluded: (relative: string) => boolean = () => false;
  private siblingRules: readonly SiblingRule[] = [];

  /** The `balancerLens.devices` setting, its matcher over the folders, and its answers by uri. */
  private deviceGroups: DeviceGroups = {};
  private deviceGroupsKey = '{}';
  private groupMatcher = new DeviceGroupMatcher([]);
  private readonly groupByUri = new Map<string, string | undefined>();

  /**
   * `say` tells the user what could not be read (the server passes its output channel): a folder
   * or file the system refused, a configuration too large, a workspace with too many files.
   */
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly say: (problem: string) => void = () => undefined,
  ) {}

  /** Sets the devices split over several files (`balancerLens.devices`); answers whether they changed. */
  setDeviceGroups(groups: DeviceGroups): boolean {
    const key = JSON.stringify(groups);
    if (key === this.deviceGroupsKey) return false;
    this.deviceGroupsKey = key;
    this.deviceGroups = groups;
    this.matchGroups();
    return true;
  }

  /** The device the settings put a file in, if any (globs relative to each workspace folder). */
  deviceGroup(uri: string): string | undefined {
    if (this.groupMatcher.empty) return undefined;
    if (!this.groupByUri.has(uri)) {
      const file = pathOf(uri);
      this.groupByUri.set(uri, file === undefined ? undefined : this.groupMatcher.groupOf(file));
    }
    return this.groupByUri.get(uri);
  }

  private matchGroups(): void {
    this.groupMatcher = new DeviceGroupMatcher(
      this.folders.map((base) => ({ base, groups: this.deviceGroups })),
    );
    this.groupByUri.clear();
  }

  /** The open configuration documents, then the files of the workspace that are not open. */
  configDocuments(): readonly TextDocument[] {
    const all = this.documents.all();
    const open = all.filter((d) => d.languageId === CONFIG_LANGUAGE);
    // An editor may spell a file's uri differently (`%40` for `@`): compare paths, not uris.
    const openPaths = new Set(all.map((d) => pathOf(d.uri) ?? d.uri));
    return [
      ...open,
      ...[...this.onDisk.values()].filter((d) => !openPaths.has(pathOf(d.uri) ?? d.uri)),
    ];
  }

  /** Sets the workspace folders (file uris) and reads their configuration files. */
  async scan(folderUris: readonly string[]): Promise<void> {
    this.folders = folderUris
      .map(pathOf)
      .filter((folder): folder is string => folder !== undefined);
    this.matchGroups();
    this.onDisk.clear();
    const files: string[] = [];
    for (const folder of this.folders) await this.collect(folder, folder, 0, files);
    if (files.length >= MAX_FILES)
      this.say(
        `Balancer Lens read the first ${MAX_FILES} candidate files of the workspace; the configurations among the others are not known to it.`,
      );
    await inParallel(files, (file) => this.read(file));
  }

  /**
   * Follows the files the client reports created, changed or deleted, a few at a time (a branch
   * switched reports thousands at once); answers whether any was a configuration.
   */
  async follow(
    changes: readonly { readonly uri: string; readonly deleted: boolean }[],
  ): Promise<boolean> {
    let touched = false;
    await inParallel(changes, async (change) => {
      if (await (change.deleted ? this.deleted(change.uri) : this.changed(change.uri)))
        touched = true;
    });
    return touched;
  }

  /**
   * Sets the `files.exclude` globs; answers whether they changed (the folders must then be read
   * again). Globs are matched against the path relative to a workspace folder, with `/`.
   */
  setExcludes(globs: FilesExclude | undefined): boolean {
    const entries = Object.entries(globs ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const patterns = entries.filter(([, value]) => value === true).map(([glob]) => glob);
    const clauses = entries.flatMap(([glob, value]) => {
      const when = whenClause(value);
      return when === undefined ? [] : [{ glob, when }];
    });
    const key = JSON.stringify([patterns, clauses]);
    if (key === this.excludeKey) return false;
    this.excludeKey = key;
    const match = patterns.length === 0 ? undefined : picomatch(patterns, { dot: true });
    this.excluded = match ? (relative) => match(relative) : () => false;
    this.siblingRules = clauses.map(({ glob, when }) => ({
      matches: picomatch(glob, { dot: true }),
      when,
    }));
    return true;
  }

  /**
   * True when a file is left out by a `when` clause: it matches the glob and the file the clause
   * names lies beside it (`hasSibling` answers whether a name is in the file's folder).
   */
  private excludedBeside(relative: string, hasSibling: (name: string) => boolean): boolean {
    if (this.siblingRules.length === 0) return false;
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    const basename = name.slice(0, name.length - path.extname(name).length);
    return this.siblingRules.some((rule) => {
      if (!rule.matches(relative)) return false;
      const sibling = rule.when.replace('$(basename)', () => basename);
      return sibling !== name && hasSibling(sibling);
    });
  }

  /** True when a file or folder, or a folder above it, is left out by `files.exclude`. */
  private async isExcluded(folder: string, file: string): Promise<boolean> {
    const parts = path.relative(folder, file).split(path.sep);
    for (let i = 1; i <= parts.length; i++)
      if (this.excluded(parts.slice(0, i).join('/'))) return true;
    if (this.siblingRules.length === 0) return false;
    const beside = new Set(await fs.readdir(path.dirname(file)).catch(() => []));
    return this.excludedBeside(parts.join('/'), (name) => beside.has(name));
  }

  /** Follows a file the client reports created or changed; answers whether it is a configuration. */
  async changed(uri: string): Promise<boolean> {
    const file = pathOf(uri);
    const folder = file === undefined ? undefined : this.folderOf(file);
    if (file === undefined || folder === undefined) return false;
    if (await this.isExcluded(folder, file))
      return this.onDisk.delete(pathToFileURL(file).toString());
    if (!isConfigFileName(path.basename(file)) && !DETECTED_BY_CONTENT.test(file)) return false;
    return this.read(file);
  }

  /** Forgets a file the client reports deleted; answers whether it was a configuration. */
  deleted(uri: string): boolean {
    const file = pathOf(uri);
    return file !== undefined && this.onDisk.delete(pathToFileURL(file).toString());
  }

  /** The workspace folder a file is in, if any. */
  private folderOf(file: string): string | undefined {
    return this.folders.find((folder) => {
      const relative = path.relative(folder, file);
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    });
  }

  private async collect(
    root: string,
    folder: string,
    depth: number,
    files: string[],
  ): Promise<void> {
    if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      this.say(
        `Balancer Lens could not read the folder ${folder} (${reason(error)}): its configuration files are left out.`,
      );
      return;
    }
    const names = new Set(entries.map((entry) => entry.name));
    const hasSibling = (name: string): boolean => names.has(name);
    for (const entry of entries) {
      if (files.length >= MAX_FILES) return;
      const full = path.join(folder, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      if (this.excluded(relative) || (entry.isFile() && this.excludedBeside(relative, hasSibling)))
        continue;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name))
          await this.collect(root, full, depth + 1, files);
      } else if (
        entry.isFile() &&
        (isConfigFileName(entry.name) || DETECTED_BY_CONTENT.test(entry.name))
      ) {
        files.push(full);
      }
    }
  }

  /** Reads one file; keeps it when it is a configuration (by name, or by its first line). */
  private async read(file: string): Promise<boolean> {
    const uri = pathToFileURL(file).toString();
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) {
        if (stat.isFile() && isConfigFileName(path.basename(file))) {
          this.say(
            `Balancer Lens left out ${file}: it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (open it to check it).`,
          );
        }
        this.onDisk.delete(uri);
        return false;
      }
      // A file of another name is a configuration only if its content says so: read its head first.
      if (
        !isConfigFileName(path.basename(file)) &&
        languageByContent(await readHead(file)) !== CONFIG_LANGUAGE
      ) {
        this.onDisk.delete(uri);
        return false;
      }
      const text = await fs.readFile(file, 'utf8');
      this.onDisk.set(uri, TextDocument.create(uri, CONFIG_LANGUAGE, this.nextVersion--, text));
      return true;
    } catch (error) {
      // A file deleted between listing and reading is no problem worth telling.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.say(`Balancer Lens could not read ${file} (${reason(error)}): it is left out.`);
      return this.onDisk.delete(uri);
    }
  }
}

/** Runs `work` on every item, at most READ_CONCURRENCY at once (thousands at once would run out of file handles). */
async function inParallel<T>(
  items: readonly T[],
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
}

/** The file system path of a file uri; undefined for other schemes or a malformed uri. */
function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Why a file operation failed, in a few words: `EACCES: permission denied`. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+ '.*'$/, '');
}
