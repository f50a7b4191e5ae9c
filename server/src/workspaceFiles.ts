// The workspace's configuration files as the language service sees them: open documents at their
// editor text, the others as read from disk. The server reads the folders once at start-up and
// then only the files the client reports as created, changed or deleted: never per keystroke.
import { promises as fs } from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_FIRST_LINE,
  DETECTED_BY_CONTENT,
  firstNonBlankLine,
  isConfigFileName,
  readHead,
  SKIPPED_FOLDERS,
} from './languageFiles';
import { CONFIG_LANGUAGE, type WorkspaceHost } from './service';

/** Limits that keep a huge workspace from stalling the server. */
const MAX_FILES = 2_000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_DEPTH = 8;

/** The configuration files of the workspace folders, kept in step with the disk. */
export class WorkspaceFiles implements WorkspaceHost {
  private readonly onDisk = new Map<string, TextDocument>();
  private folders: string[] = [];
  /** Versions of documents read from disk count down from -1, so they never equal an editor's. */
  private nextVersion = -1;

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** The open configuration documents, then the files of the workspace that are not open. */
  configDocuments(): readonly TextDocument[] {
    const all = this.documents.all();
    const open = all.filter((d) => d.languageId === CONFIG_LANGUAGE);
    // An editor may spell a file's uri differently (`%40` for `@`): compare paths, not uris.
    const openPaths = new Set(all.map((d) => pathOf(d.uri) ?? d.uri));
    return [...open, ...[...this.onDisk.values()].filter((d) => !openPaths.has(pathOf(d.uri) ?? d.uri))];
  }

  /** Sets the workspace folders (file uris) and reads their configuration files. */
  async scan(folderUris: readonly string[]): Promise<void> {
    this.folders = folderUris.map(pathOf).filter((folder): folder is string => folder !== undefined);
    this.onDisk.clear();
    const files: string[] = [];
    for (const folder of this.folders) await this.collect(folder, 0, files);
    await Promise.all(files.map((file) => this.read(file)));
  }

  /** Follows a file the client reports created or changed; answers whether it is a configuration. */
  async changed(uri: string): Promise<boolean> {
    const file = pathOf(uri);
    if (file === undefined || !this.inFolders(file)) return false;
    if (!isConfigFileName(path.basename(file)) && !DETECTED_BY_CONTENT.test(file)) return false;
    return this.read(file);
  }

  /** Forgets a file the client reports deleted; answers whether it was a configuration. */
  deleted(uri: string): boolean {
    const file = pathOf(uri);
    return file !== undefined && this.onDisk.delete(pathToFileURL(file).toString());
  }

  private inFolders(file: string): boolean {
    return this.folders.some((folder) => {
      const relative = path.relative(folder, file);
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    });
  }

  private async collect(folder: string, depth: number, files: string[]): Promise<void> {
    if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (files.length >= MAX_FILES) return;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await this.collect(full, depth + 1, files);
      } else if (entry.isFile() && (isConfigFileName(entry.name) || DETECTED_BY_CONTENT.test(entry.name))) {
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
        this.onDisk.delete(uri);
        return false;
      }
      // A file of another name is a configuration only if its first line says so: read that first.
      if (!isConfigFileName(path.basename(file)) && !CONFIG_FIRST_LINE.test(firstNonBlankLine(await readHead(file)))) {
        this.onDisk.delete(uri);
        return false;
      }
      const text = await fs.readFile(file, 'utf8');
      this.onDisk.set(uri, TextDocument.create(uri, CONFIG_LANGUAGE, this.nextVersion--, text));
      return true;
    } catch {
      return this.onDisk.delete(uri);
    }
  }
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
