// The symbol table: every definition and reference of servers, service groups, NAT pools,
// health monitors, access lists, VRIDs, HA groups, templates and VIPs, across the configuration
// documents of the workspace, and which documents see each other's objects.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pushTo } from '../collections';
import type { Word } from '../text';
import { type Device, type Fleet, ownDevice } from './devices';
import {
  type ConfigModel,
  type Definition,
  type Reference,
  sharedKey,
  type SymbolKind,
} from './model';

/** One configuration document of the workspace with its model. */
export interface IndexedConfig {
  /** The document's uri. */
  readonly uri: string;
  /** The document (to turn offsets into positions). */
  readonly document: TextDocument;
  /** What it says. */
  readonly model: ConfigModel;
  /** The devices of the workspace it was read in (without one, a file is its own device when it is a whole configuration). */
  readonly fleet?: Fleet;
}

/** A definition and the document it is in. */
export interface LocatedDefinition {
  /** The document. */
  readonly site: IndexedConfig;
  /** The definition. */
  readonly definition: Definition;
}

/** A reference and the document it is in. */
export interface LocatedReference {
  /** The document. */
  readonly site: IndexedConfig;
  /** The reference. */
  readonly reference: Reference;
}

/** The name under the cursor: a definition's or a reference's. */
export interface SymbolAt {
  /** What it names. */
  readonly kind: SymbolKind;
  /** The symbol key. */
  readonly key: string;
  /** For templates, the type. */
  readonly templateType?: string;
  /** The name's word. */
  readonly name: Word;
  /** The definition, when the cursor is on one. */
  readonly definition?: Definition;
  /** The reference, when the cursor is on one. */
  readonly reference?: Reference;
}

/** The device a document belongs to (devices.ts); undefined for a loose fragment. */
export function deviceOf(site: IndexedConfig): Device | undefined {
  return site.fleet?.knows(site.uri)
    ? site.fleet.deviceOf(site.uri)
    : ownDevice(site.uri, site.model.config);
}

/**
 * True when one document sees the objects of another: both are of one device; or `from` is a
 * loose fragment (a paste, a status summary, a part whose device cannot be told), which sees
 * every document; or `other` is a loose fragment in a folder of `from`'s device. Two devices'
 * objects are apart.
 */
export function sees(from: IndexedConfig, other: IndexedConfig): boolean {
  if (from.uri === other.uri) return true;
  const mine = deviceOf(from);
  if (mine === undefined) return true;
  const theirs = deviceOf(other);
  if (theirs !== undefined) return mine.id === theirs.id;
  // Read without the others (no fleet knows them both): a loose fragment is seen.
  return from.fleet?.knows(from.uri) && from.fleet.knows(other.uri)
    ? from.fleet.seesLoose(mine, other.uri)
    : true;
}

/**
 * True when one document's definitions clash with another's (defined again, overlapping NAT
 * pools): within one document, and between the files the settings make one device. A fragment
 * and the device it resolves against, or two devices, never clash.
 */
export function clashes(from: IndexedConfig, other: IndexedConfig): boolean {
  if (from.uri === other.uri) return true;
  const mine = deviceOf(from);
  return mine?.grouped === true && mine.id === deviceOf(other)?.id;
}

/** The definitions and references of some documents by key, with their documents. */
export class SymbolTable {
  /** Definitions by symbol key. */
  readonly definitions = new Map<string, LocatedDefinition[]>();
  /** References by symbol key. */
  readonly references = new Map<string, LocatedReference[]>();
  /** The keys of the names used in a partition, by the key the same name has in the shared one. */
  readonly partitionKeys = new Map<string, Set<string>>();
  private kinds: Set<string> | undefined;

  constructor(private readonly sites: readonly IndexedConfig[]) {
    for (const site of sites) {
      for (const definition of site.model.definitions)
        pushTo(this.definitions, definition.key, { site, definition });
      for (const reference of site.model.references) {
        pushTo(this.references, reference.key, { site, reference });
        if (reference.partition === undefined) continue;
        const shared = sharedKey(reference.key);
        let keys = this.partitionKeys.get(shared);
        if (!keys) this.partitionKeys.set(shared, (keys = new Set()));
        keys.add(reference.key);
      }
    }
  }

  /** `kind|template type` of every definition, and `kind|` for every kind defined (made when first asked). */
  get kindsDefined(): ReadonlySet<string> {
    if (!this.kinds) {
      this.kinds = new Set<string>();
      for (const site of this.sites) {
        for (const definition of site.model.definitions) {
          this.kinds.add(`${definition.kind}|${definition.templateType ?? ''}`);
          this.kinds.add(`${definition.kind}|`);
        }
      }
    }
    return this.kinds;
  }
}

/**
 * The workspace's symbol table as one document sees it. The other documents' table is built
 * once per version of those documents; the current document's, once per keystroke.
 */
export class SymbolIndex {
  constructor(
    /** Every configuration document of the workspace, the current one included. */
    readonly sites: readonly IndexedConfig[],
    /** The document being checked or edited. */
    readonly current: IndexedConfig,
    /** The table of every other document. */
    private readonly others: SymbolTable,
    /** The current document's own table. */
    private readonly own: SymbolTable = new SymbolTable([current]),
  ) {}

  /**
   * The key a name resolves to, seen from a document: in a partition, the partition's own object,
   * else the shared partition's of that name when only it defines one (ACOS lets a partition use
   * some shared objects: a name is never called undefined for that), else the partition's key.
   */
  resolve(key: string, from: IndexedConfig): string {
    if (!key.startsWith('@') || this.definedAt(key, from).length > 0) return key;
    const shared = sharedKey(key);
    return this.definedAt(shared, from).length > 0 ? shared : key;
  }

  private definedAt(key: string, from: IndexedConfig): readonly LocatedDefinition[] {
    return this.lookUp(this.own.definitions.get(key), this.others.definitions.get(key), from);
  }

  private usedAt(key: string, from: IndexedConfig): readonly LocatedReference[] {
    return this.lookUp(this.own.references.get(key), this.others.references.get(key), from);
  }

  /** The definitions of an object that a document sees, its own first (resolve() says which object a key names). */
  definitions(key: string, from: IndexedConfig): readonly LocatedDefinition[] {
    return this.definedAt(this.resolve(key, from), from);
  }

  /** The references to an object that a document sees, its own first: a shared object's include those of partitions that resolve to it. */
  references(key: string, from: IndexedConfig): readonly LocatedReference[] {
    const resolved = this.resolve(key, from);
    const used = this.usedAt(resolved, from);
    if (resolved.startsWith('@')) return used;
    const ownKeys = this.own.partitionKeys.get(resolved);
    const otherKeys = this.others.partitionKeys.get(resolved);
    // No partition uses the name (the usual case, asked for every definition): nothing to add.
    if (!ownKeys && !otherKeys) return used;
    const partitionKeys = new Set([...(ownKeys ?? []), ...(otherKeys ?? [])]);
    const more = [...partitionKeys]
      .filter((k) => this.resolve(k, from) === resolved)
      .flatMap((k) => this.usedAt(k, from));
    return more.length === 0 ? used : ownFirst([...used, ...more], from);
  }

  /** The current document's entries, then the other documents' that `from` sees. */
  private lookUp<T extends { site: IndexedConfig }>(
    own: readonly T[] | undefined,
    others: readonly T[] | undefined,
    from: IndexedConfig,
  ): readonly T[] {
    // The usual case, checking the current document: no copy at all.
    if (!others && from === this.current) return own ?? NONE;
    return ownFirst(
      [...(own ?? []), ...(others ?? [])].filter((item) => sees(from, item.site)),
      from,
    );
  }

  /**
   * Every object of a kind (and template type) that a document sees, by name, with its
   * definitions. Made once per index and question: a check asks it once per finding, and a
   * configuration of 20,000 servers has thousands of findings.
   */
  objectsOf(
    kind: SymbolKind,
    from: IndexedConfig,
    templateType?: string,
    partition?: string,
  ): ReadonlyMap<string, readonly LocatedDefinition[]> {
    const question = `${kind}|${templateType ?? ''}|${from.uri}|${partition ?? '*'}`;
    let objects = this.objects.get(question);
    if (!objects) {
      objects = this.findObjects(kind, from, templateType, partition);
      this.objects.set(question, objects);
    }
    return objects;
  }

  private readonly objects = new Map<string, Map<string, LocatedDefinition[]>>();

  /**
   * With a partition ('' for the shared one): the objects a name there resolves to, the
   * partition's own and the shared ones it does not define itself. Without: every partition's.
   */
  private findObjects(
    kind: SymbolKind,
    from: IndexedConfig,
    templateType?: string,
    partition?: string,
  ): Map<string, LocatedDefinition[]> {
    const objects = new Map<string, LocatedDefinition[]>();
    const shared = new Map<string, LocatedDefinition[]>();
    for (const site of this.sites) {
      if (!sees(from, site)) continue;
      for (const definition of site.model.definitions) {
        if (
          definition.kind !== kind ||
          (templateType !== undefined && definition.templateType !== templateType)
        )
          continue;
        const own = definition.partition ?? '';
        if (partition === undefined || own === partition)
          pushTo(objects, definition.name.text, { site, definition });
        else if (own === '') pushTo(shared, definition.name.text, { site, definition });
      }
    }
    if (partition)
      for (const [name, definitions] of shared)
        if (!objects.has(name)) objects.set(name, definitions);
    return objects;
  }

  /** True when a document sees at least one definition of a kind (and template type). */
  definesAny(kind: SymbolKind, from: IndexedConfig, templateType?: string): boolean {
    const wanted = `${kind}|${templateType ?? ''}`;
    if (!this.own.kindsDefined.has(wanted) && !this.others.kindsDefined.has(wanted)) return false;
    return this.sites.some(
      (site) =>
        sees(from, site) &&
        site.model.definitions.some(
          (d) => d.kind === kind && (templateType === undefined || d.templateType === templateType),
        ),
    );
  }
}

/** The definition or reference whose name covers an offset of a document. */
export function symbolAt(model: ConfigModel, offset: number): SymbolAt | undefined {
  const covers = (word: Word): boolean => word.start <= offset && offset <= word.end;
  for (const definition of model.definitions) {
    if (covers(definition.name)) {
      return {
        kind: definition.kind,
        key: definition.key,
        templateType: definition.templateType,
        name: definition.name,
        definition,
      };
    }
  }
  for (const reference of model.references) {
    if (covers(reference.name)) {
      return {
        kind: reference.kind,
        key: reference.key,
        templateType: reference.templateType,
        name: reference.name,
        reference,
      };
    }
  }
  return undefined;
}

const NONE: readonly never[] = [];

function ownFirst<T extends { site: IndexedConfig }>(items: T[], from: IndexedConfig): T[] {
  return [
    ...items.filter((i) => i.site.uri === from.uri),
    ...items.filter((i) => i.site.uri !== from.uri),
  ];
}

/** The last path segment of a uri, for messages. */
export function fileName(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
