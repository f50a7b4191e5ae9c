// What one file knows of the others. The host (the server, a test, the command line) lists the
// workspace's configuration documents; this keeps one parse per document version and the
// symbol table over all of them, so a keystroke re-reads one document, not the workspace.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Device, Fleet } from './config/devices';
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
  /**
   * The device the user's settings put a configuration document in (`balancerLens.devices`,
   * `devices` in `.balancer-lens.json`), by name; undefined for a document the settings do not
   * group (it is a device of its own when it is a whole configuration). Asked for every document
   * on every check: the host answers from what it worked out when the settings or files changed.
   */
  deviceGroup?(uri: string): string | undefined;
}

/** The configuration documents of the workspace, read once per version. */
export class ConfigWorkspace {
  private readonly analysed = new Map<
    string,
    { version: number; text: string; site: IndexedConfig; serial: number }
  >();
  /** Each reading's own symbol table. */
  private readonly ownTables = new WeakMap<IndexedConfig, SymbolTable>();
  /** Numbers each reading of a document, so a table built from one reading is never used for another. */
  private serials = 0;
  /** The other documents' tables by the set of documents and versions they hold; the last few are kept. */
  private readonly othersTables = new Map<string, SymbolTable>();
  /** Which device each document is (config/devices.ts), read again when the documents change. */
  private readonly fleet = new Fleet();

  /** The last list of every document read (sites()), and the VIP index that follows it. */
  private allSites: readonly IndexedConfig[] = [];
  private readonly vips = new FollowedVipIndex();

  constructor(private readonly host: WorkspaceHost | undefined) {}

  /** A configuration document read into its model (cached per uri and version). */
  site(document: TextDocument): IndexedConfig {
    const text = document.getText();
    const cached = this.analysed.get(document.uri);
    if (cached && cached.version === document.version && cached.text === text) return cached.site;
    // A new version of a document read before: only the blocks around the edit are read again.
    const model = cached
      ? modelOf(reparseConfig(cached.site.model.config, cached.text, text), cached.site.model)
      : modelOf(parseConfig(text));
    const site: IndexedConfig = { uri: document.uri, document, model, fleet: this.fleet };
    this.analysed.set(document.uri, {
      version: document.version,
      text,
      site,
      serial: ++this.serials,
    });
    return site;
  }

  /** The list of documents and the groups the devices were last told apart from. */
  private fleetSites: readonly IndexedConfig[] | undefined;
  private fleetGroups: (string | undefined)[] = [];
  /** Each listed document's reading, by uri, as of the last listing. */
  private readonly listed = new Map<string, IndexedConfig>();

  /**
   * Every configuration document of the workspace, read, with `document` (at its current text)
   * among them: the same list (and VIP index) while none of them changes, so the join's index is
   * built once and then updated file by file, and the devices they are told apart into.
   */
  sites(document?: TextDocument): readonly IndexedConfig[] {
    const sites: IndexedConfig[] = [];
    let listed = false;
    for (const d of this.host?.configDocuments() ?? []) {
      if (d.languageId !== CONFIG_LANGUAGE) continue;
      if (d.uri === document?.uri) listed = true;
      sites.push(this.site(d.uri === document?.uri ? document : d));
    }
    if (document && !listed) sites.push(this.site(document));
    if (sites.length !== this.allSites.length || sites.some((site, i) => site !== this.allSites[i]))
      this.allSites = sites;
    this.vips.follow(this.allSites);
    // The devices are told apart again only when a document came, went, changed or was grouped
    // otherwise: checking a fleet file by file asks this once per file.
    const all = this.allSites;
    const groups = this.host?.deviceGroup
      ? all.map((s) => this.host!.deviceGroup!(s.uri))
      : all.map(() => undefined);
    let changed = all !== this.fleetSites;
    for (let i = 0; i < all.length && !changed; i++) changed = groups[i] !== this.fleetGroups[i];
    if (changed) {
      this.fleetSites = all;
      this.fleetGroups = groups;
      this.fleet.update(
        all.map((s) => ({ uri: s.uri, config: s.model.config })),
        groups,
      );
      this.listed.clear();
      for (const site of all) this.listed.set(site.uri, site);
    }
    return all;
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

  /** The symbol table of the workspace as seen with `document` at its current text: its device's documents and the loose fragments. */
  index(document: TextDocument): { site: IndexedConfig; index: SymbolIndex } {
    const all = this.sites(document);
    const current = this.site(document);
    // Another device's documents are never looked at: a fleet of a thousand boxes is checked box by box.
    const seen = this.fleet.seenBy(current.uri);
    const others = seen
      ? seen.filter((uri) => uri !== current.uri).map((uri) => this.listed.get(uri)!)
      : all.filter((s) => s.uri !== current.uri);
    // The other documents' table is kept while none of them changes: a keystroke rebuilds only
    // the current document's part.
    const signature = others
      .map((s) => `${s.uri}@${this.analysed.get(s.uri)?.serial ?? ''}`)
      .sort()
      .join('\n');
    let table = this.othersTables.get(signature);
    if (table) {
      // Most recently used last, so the oldest goes first.
      this.othersTables.delete(signature);
    } else {
      const present = new Set(all.map((s) => s.uri));
      // Documents that left the workspace (deleted, closed and gone from disk) are forgotten.
      for (const uri of this.analysed.keys()) if (!present.has(uri)) this.analysed.delete(uri);
      table = new SymbolTable(others);
      // One table per open document checked in turn (the edited one, then the others it affects).
      if (this.othersTables.size >= 8)
        this.othersTables.delete(this.othersTables.keys().next().value!);
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

  /** The device a document belongs to (undefined for a loose fragment). */
  deviceOf(document: TextDocument): Device | undefined {
    this.sites(document);
    return this.fleet.deviceOf(document.uri);
  }

  /** Forgets a document (closed in the editor: the host lists it again as read from disk, if it is on disk). */
  forget(uri: string): void {
    this.analysed.delete(uri);
  }
}
