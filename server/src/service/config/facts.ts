// The configuration model's vocabulary: the kinds of object, their keys, and the facts a block
// says (definitions, references, servers, groups, VIPs, NAT pools, ports, bounded values). The
// model (model.ts) reads a document into these; checks, hovers, completion and the symbol table
// read them.
import * as l10n from '@vscode/l10n';
import type { Word } from '../text';
import type { ConfigBlock, ConfigDocument, ConfigLine, ConfigNode } from './ast';
import type { ContextId, KeywordMatch } from './keywords';

/** The kinds of object a configuration defines and refers to by name. */
export type SymbolKind =
  | 'server'
  | 'service-group'
  | 'virtual-server'
  | 'nat-pool'
  | 'health-monitor'
  | 'access-list'
  | 'vrid'
  | 'ha-group'
  | 'template'
  | 'aflex';

/** Each kind in the user's words, for messages and hovers. */
export const KIND_NAMES: Readonly<Record<SymbolKind, string>> = {
  server: 'server',
  'service-group': 'service group',
  'virtual-server': 'virtual server',
  'nat-pool': 'NAT pool',
  'health-monitor': 'health monitor',
  'access-list': 'access list',
  vrid: 'VRID',
  'ha-group': 'HA group',
  template: 'template',
  aflex: 'aFleX script',
};

/** The name of a kind in the user's language, for messages: `service group` (服务组). */
export function kindName(kind: SymbolKind): string {
  switch (kind) {
    case 'server':
      return l10n.t('server');
    case 'service-group':
      return l10n.t('service group');
    case 'virtual-server':
      return l10n.t('virtual server');
    case 'nat-pool':
      return l10n.t('NAT pool');
    case 'health-monitor':
      return l10n.t('health monitor');
    case 'access-list':
      return l10n.t('access list');
    case 'vrid':
      return 'VRID';
    case 'ha-group':
      return l10n.t('HA group');
    case 'template':
      return l10n.t('template');
    case 'aflex':
      return l10n.t('aFleX script');
  }
}

/**
 * The key that names one object: kind, template type (templates of each type have their own
 * names), name, and the partition it lives in (`active-partition NAME`; none for the shared one).
 */
export function symbolKey(
  kind: SymbolKind,
  name: string,
  templateType = '',
  partition = '',
): string {
  return partition === ''
    ? `${kind}|${templateType}|${name}`
    : `@${partition}|${kind}|${templateType}|${name}`;
}

/** The key of the same object in the shared partition (a key without a partition is its own). */
export function sharedKey(key: string): string {
  return key.startsWith('@') ? key.slice(key.indexOf('|') + 1) : key;
}

/** Where an object is defined (a block may be opened several times: one definition each). */
export interface Definition {
  /** What it is. */
  readonly kind: SymbolKind;
  /** Its name as written at this definition. */
  readonly name: Word;
  /** For templates, the type (`tcp`, `persist source-ip`, ...). */
  readonly templateType?: string;
  /** The symbol key. */
  readonly key: string;
  /** The partition it is defined in (`active-partition NAME` above it); undefined in the shared one. */
  readonly partition?: string;
  /** The line that defines it. */
  readonly line: ConfigLine;
  /** The block it opens, when it is a block. */
  readonly block?: ConfigBlock;
}

/** A use of an object's name. */
export interface Reference {
  /** What it refers to. */
  readonly kind: SymbolKind;
  /** The name as written. */
  readonly name: Word;
  /** For templates, the type. */
  readonly templateType?: string;
  /** The symbol key. */
  readonly key: string;
  /** The partition it is written in; undefined in the shared one. */
  readonly partition?: string;
  /** The line it is on. */
  readonly line: ConfigLine;
  /** True when it comes from the status summary form, which lists what the box has, defined or not. */
  readonly fromSummary: boolean;
  /** True for `no slb server NAME` and the like: a deletion. */
  readonly deletion: boolean;
  /** For a vport's service group: the vport's type word. */
  readonly vportType?: Word;
  /** For a vport's service group: the vport's `port N TYPE` line. */
  readonly vportLine?: ConfigLine;
}

/** One recognised (or not) command line. */
export interface Command {
  /** The line. */
  readonly line: ConfigLine;
  /** The kind of block it is in. */
  readonly context: ContextId;
  /** The command, when the table knows it. */
  readonly match?: KeywordMatch;
  /** Its node in the block tree (summary lines have none). */
  readonly node?: ConfigNode;
  /** The object whose block it is in, for grouping findings: `server GW_IP`. */
  readonly owner?: { readonly kind: SymbolKind; readonly name: string };
}

/** A `slb server` block. */
export interface ServerFacts {
  /** The server's name. */
  readonly name: Word;
  /** Its address, host name or the keyword that stands for one, as written on the head. */
  readonly address?: Word;
  /** The block. */
  readonly block: ConfigBlock;
}

/** A `slb service-group` block. */
export interface ServiceGroupFacts {
  /** The group's name. */
  readonly name: Word;
  /** `tcp` or `udp`, as written on the head, if it is. */
  readonly protocol?: Word;
  /** The block. */
  readonly block: ConfigBlock;
  /** Its members. */
  readonly members: readonly MemberFacts[];
}

/** A `member` line of a service group. */
export interface MemberFacts {
  /** The line. */
  readonly line: ConfigLine;
  /** The server's name (ACOS 2 `member S:P` or ACOS 4 `member S P`). */
  readonly server?: Word;
  /** The port. */
  readonly port?: Word;
  /** Why the line cannot be read, if it cannot. */
  readonly malformed?: string;
}

/** A `slb virtual-server` block. */
export interface VirtualServerFacts {
  /** The VIP's name. */
  readonly name: Word;
  /** Its address (or `use-if-ip`), as written on the head. */
  readonly address?: Word;
  /** The block. */
  readonly block: ConfigBlock;
}

/** An `ip nat pool` line. */
export interface NatPoolFacts {
  /** The pool's name. */
  readonly name: Word;
  /** The line. */
  readonly line: ConfigLine;
  /** IPv4 or IPv6 pool. */
  readonly family: 4 | 6;
  /** First address. */
  readonly start?: Word;
  /** Last address. */
  readonly end?: Word;
  /** The netmask word. */
  readonly netmask?: Word;
  /** The gateway word. */
  readonly gateway?: Word;
  /** The words after the name, joined by one space: two definitions are the same when these are. */
  readonly settings: string;
}

/** A `port N TYPE` line of a server or virtual server. */
export interface PortFacts {
  /** The line. */
  readonly line: ConfigLine;
  /** Server port or vport. */
  readonly of: 'server' | 'virtual-server';
  /** The port number word. */
  readonly port?: Word;
  /** The type or protocol word. */
  readonly type?: Word;
  /** The word after `range`. */
  readonly range?: Word;
}

/** A number the line gives that ACOS only accepts within bounds. */
export interface BoundedValue {
  /** The number as written. */
  readonly word: Word;
  /** The lowest accepted value. */
  readonly min: number;
  /** The highest accepted value. */
  readonly max: number;
  /** What the number is, in the user's words: "a port", "a VRID". */
  readonly what: string;
}

/** Everything read from one configuration document: its blocks' facts, in document order. */
export interface ConfigModel extends Omit<BlockModel, 'commands' | 'partition'> {
  /** The parsed document. */
  readonly config: ConfigDocument;
  /** The command on a line (by line number); blank and comment lines have none. */
  commandAt(line: number): Command | undefined;
  /** Each block's part of the model, for the next version to reuse. */
  readonly blockModels: ReadonlyMap<ConfigBlock, BlockModel>;
  /** The partition a line is in: the last `active-partition NAME` above it; '' for the shared one. */
  partitionAt(line: number): string;
}

/** What one block says. Kept per block, so the next version of a document reuses the blocks an edit left alone. */
export interface BlockModel {
  /** The partition the block was read in ('' for the shared one): its names' keys carry it. */
  readonly partition: string;
  /** Definitions, in order. */
  readonly definitions: readonly Definition[];
  /** References, in order. */
  readonly references: readonly Reference[];
  /** The commands of the block's lines: only those of the status summary, the others are read again when asked for. */
  readonly commands: readonly Command[];
  /** Lines the keyword table does not know, in checked blocks. */
  readonly unknown: readonly Command[];
  /** Server blocks. */
  readonly servers: readonly ServerFacts[];
  /** Service group blocks. */
  readonly serviceGroups: readonly ServiceGroupFacts[];
  /** Virtual server blocks. */
  readonly virtualServers: readonly VirtualServerFacts[];
  /** NAT pools. */
  readonly natPools: readonly NatPoolFacts[];
  /** Ports and vports. */
  readonly ports: readonly PortFacts[];
  /** Numbers to check against their bounds. */
  readonly values: readonly BoundedValue[];
}
