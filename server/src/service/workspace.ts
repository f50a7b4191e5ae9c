// What one file knows of the others. The host (the server, a test, the command line) lists the
// workspace's configuration documents; this keeps one parse per document version and the
// symbol table over all of them, so a keystroke re-reads one document, not the workspace.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { modelOf } from './config/model';
import { parseConfig, reparseConfig } from './config/parser';
import { type IndexedConfig, SymbolIndex, SymbolTable } from './config/symbols';
import { FollowedVipIndex, prepareVipIndex } from './join/vipMatch';
import { CONFIG_LANGUAGE } from './languages';

/** What the language service asks its host about the workspace. Pure: the host does the reading. */
export interface WorkspaceHost {
  /**
   * The configuration documents of the workspace: open ones at their editor text, the others
   * as read from disk. A document's version must change whenever its text does: parses are
   * kept per uri and version.
   */
  configDocuments(): readonly TextDocument[];
}

/** The configuration documents of the workspace, read once per version. */
export class ConfigWorkspace {
  private readonly analysed = new Map<string, { version: number; text: string; site: IndexedConfig; serial: number }>();
  /** Each reading's own symbol table. */
  private readonly ownTables = new WeakMap<IndexedConfig, SymbolTable>();
  /** Numbers each reading of a document, so a table built from one reading is never used for another. */
  private serials = 0;
  /** The other documents' tables by the set of documents and versions they hold; the last few are kept. */
  private readonly othersTables = new Map<string, SymbolTable>();

  /** The last list of every document read (sites()), and the VIP index that follows it. */
  private allSites: readonly IndexedConfig[] = [];
  private readonly vips = new FollowedVipIndex();

  constructor(private readonly host: WorkspaceHost | undefined) {}

  /**
   * Every configuration document of the workspace, read: the same list (and VIP index) while none
   * of them changes, so the join's index is built once and then updated file by file.
   */
  sites(): readonly IndexedConfig[] {
    const sites = (this.host?.configDocuments() ?? []).filter((d) => d.languageId === CONFIG_LANGUAGE).map((d) => this.site(d));
    if (sites.length !== this.allSites.length || sites.some((site, i) => site !== this.allSites[i])) this.allSites = sites;
    this.vips.follow(this.allSites);
    return this.allSites;
  }

  /** A configuration document read into its model (cached per uri and version). */
  site(document: TextDocument): IndexedConfig {
    const text = document.getText();
    const cached = this.analysed.get(document.uri);
    if (cached && cached.version === document.version && cached.text === text) return cached.site;
    // A new version of a document read before: only the blocks around the edit are read again.
    const model = cached
      ? modelOf(reparseConfig(cached.site.model.config, cached.text, text), cached.site.model)
      : modelOf(parseConfig(text));
    const site: IndexedConfig = { uri: document.uri, document, model };
    this.analysed.set(document.uri, { version: document.version, text, site, serial: ++this.serials });
    return site;
  }

  /**
   * Reads up to `count` configuration documents not read at their current version (and what the
   * join indexes of them); answers how many are left.
   */
  readSome(count: number): number {
    let left = 0;
    for (const document of this.host?.configDocuments() ?? []) {
      if (document.languageId !== CONFIG_LANGUAGE) continue;
      const cached = this.analysed.get(document.uri);
      if (cached && cached.version === document.version) continue;
      if (count-- > 0) prepareVipIndex(this.site(document));
      else left++;
    }
    return left;
  }

  /** The symbol table of the workspace as seen with `document` at its current text. */
  index(document: TextDocument): { site: IndexedConfig; index: SymbolIndex } {
    const current = this.site(document);
    const others = (this.host?.configDocuments() ?? []).filter((d) => d.uri !== document.uri && d.languageId === CONFIG_LANGUAGE).map((d) => this.site(d));
    // The other documents' table is kept while none of them changes: a keystroke rebuilds only
    // the current document's part.
    const signature = others.map((s) => `${s.uri}@${this.analysed.get(s.uri)?.serial ?? ''}`).sort().join('\n');
    let table = this.othersTables.get(signature);
    if (table) {
      // Most recently used last, so the oldest goes first.
      this.othersTables.delete(signature);
    } else {
      const present = new Set([current.uri, ...others.map((s) => s.uri)]);
      // Documents that left the workspace (deleted, closed and gone from disk) are forgotten.
      for (const uri of this.analysed.keys()) if (!present.has(uri)) this.analysed.delete(uri);
      table = new SymbolTable(others);
      // One table per open document checked in turn (the edited one, then the others it affects).
      if (this.othersTables.size >= 8) this.othersTables.delete(this.othersTables.keys().next().value!);
    }
    this.othersTables.set(signature, table);
    const sites = [current, ...others].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    return { site: current, index: new SymbolIndex(sites, current, table, this.ownTable(current)) };
  }

  /** A document's own table, built once per reading (hovers and completions ask for it again and again). */
  private ownTable(site: IndexedConfig): SymbolTable {
    let table = this.ownTables.get(site);
    if (!table) {
      table = new SymbolTable([site]);
      this.ownTables.set(site, table);
    }
    return table;
  }

  /** Forgets a document (closed in the editor: the host lists it again as read from disk, if it is on disk). */
  forget(uri: string): void {
    this.analysed.delete(uri);
  }
}
