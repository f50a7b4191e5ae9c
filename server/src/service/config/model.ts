// What a configuration says, read line by line against the keyword table: which command each
// line is, in which block, what it defines (servers, service groups, NAT pools, ...) and what it
// refers to. Checks, hovers, completion and the symbol table all work from this model.
import * as l10n from '@vscode/l10n';
import { emptyListOfObjects } from '../collections';
import type { Word } from '../text';
import type { ConfigBlock, ConfigDocument, ConfigLine, ConfigNode, Vport } from './ast';
import { CONTEXTS, type ContextId, type KeywordMatch, matchKeyword } from './keywords';
import {
  type BlockModel,
  type BoundedValue,
  type Command,
  type ConfigModel,
  type Definition,
  type MemberFacts,
  type NatPoolFacts,
  type PortFacts,
  type Reference,
  type ServerFacts,
  type ServiceGroupFacts,
  type SymbolKind,
  symbolKey,
  type VirtualServerFacts,
} from './facts';

// The model's vocabulary, where its users have always found it.
export * from './facts';

const PORT_BOUNDS = { min: 0, max: 65535 };

/**
 * Reads a parsed configuration into its model. Given the model of the document's previous
 * version, blocks the reparse kept (the same block objects) keep their part of the model.
 */
export function modelOf(config: ConfigDocument, previous?: ConfigModel): ConfigModel {
  const blockModels = new Map<ConfigBlock, BlockModel>();
  const parts: BlockModel[] = [];
  // `active-partition NAME` switches the partition whose names the blocks below it define and
  // use, up to the next one (`active-partition shared` goes back to the shared partition).
  let partition = '';
  const switches: { line: number; partition: string }[] = [];
  for (const block of config.blocks) {
    const switched = partitionSwitch(block.head);
    if (switched !== undefined) {
      partition = switched;
      switches.push({ line: block.head.line, partition });
    }
    let part = previous?.blockModels.get(block);
    if (!part || part.partition !== partition) {
      const builder = new ModelBuilder(false, partition);
      builder.block(block);
      part = builder;
    }
    blockModels.set(block, part);
    parts.push(part);
  }
  const summaries = new ModelBuilder();
  for (const vip of config.virtualServers)
    if (vip.form === 'summary') summaries.summary(vip.head, vip.name, vip.vports);
  parts.push(summaries);

  // Lists of objects from the start, as the blocks' lists appended to them are (emptyListOfObjects).
  const all = {
    definitions: emptyListOfObjects<Definition>(),
    references: emptyListOfObjects<Reference>(),
    unknown: emptyListOfObjects<Command>(),
    servers: emptyListOfObjects<ServerFacts>(),
    serviceGroups: emptyListOfObjects<ServiceGroupFacts>(),
  };
  const more = {
    virtualServers: emptyListOfObjects<VirtualServerFacts>(),
    natPools: emptyListOfObjects<NatPoolFacts>(),
    ports: emptyListOfObjects<PortFacts>(),
    values: emptyListOfObjects<BoundedValue>(),
  };
  for (const part of parts) {
    append(all.definitions, part.definitions);
    append(all.references, part.references);
    append(all.unknown, part.unknown);
    append(all.servers, part.servers);
    append(all.serviceGroups, part.serviceGroups);
    append(more.virtualServers, part.virtualServers);
    append(more.natPools, part.natPools);
    append(more.ports, part.ports);
    append(more.values, part.values);
  }
  const summaryCommands = new Map(summaries.commands.map((c) => [c.line, c]));
  const commandAt = (lineNumber: number): Command | undefined => {
    const line = config.lines[lineNumber];
    if (!line) return undefined;
    const block = blockAt(config, lineNumber);
    return block ? commandsOf(block).get(line) : summaryCommands.get(line);
  };
  const partitionAt = (lineNumber: number): string => {
    let found = '';
    for (const at of switches) {
      if (at.line > lineNumber) break;
      found = at.partition;
    }
    return found;
  };
  return { config, commandAt, blockModels, partitionAt, ...all, ...more };
}

/** The partition an `active-partition NAME` line switches to ('' for `shared`); undefined for any other line. */
function partitionSwitch(head: ConfigLine): string | undefined {
  const [first, name] = head.words;
  if (first?.text !== 'active-partition' || name === undefined || head.indentText !== '')
    return undefined;
  return name.text === 'shared' ? '' : name.text;
}

/** The block a line is in (its head or a line under it), if any. */
export function blockAt(config: ConfigDocument, lineNumber: number): ConfigBlock | undefined {
  const { blocks } = config;
  let low = 0;
  let high = blocks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const block = blocks[middle];
    if (lineNumber < block.head.line) high = middle - 1;
    else if (lineNumber > block.last.line) low = middle + 1;
    else return block;
  }
  return undefined;
}

/**
 * The command of each line of a block. Reading a whole document records only what the checks
 * need; the commands of a block are read again when a hover or a completion asks for one of them.
 */
const blockCommands = new WeakMap<ConfigBlock, Map<ConfigLine, Command>>();
function commandsOf(block: ConfigBlock): Map<ConfigLine, Command> {
  let commands = blockCommands.get(block);
  if (!commands) {
    const builder = new ModelBuilder(true);
    builder.block(block);
    commands = new Map(builder.commands.map((c) => [c.line, c]));
    blockCommands.set(block, commands);
  }
  return commands;
}

const groupsByBlock = new WeakMap<ConfigModel, Map<ConfigBlock, ServiceGroupFacts>>();

/** The service group a block of a model declares (a map built once per model: checks ask for every use). */
export function serviceGroupOfBlock(
  model: ConfigModel,
  block: ConfigBlock | undefined,
): ServiceGroupFacts | undefined {
  if (!block) return undefined;
  let byBlock = groupsByBlock.get(model);
  if (!byBlock) {
    byBlock = new Map(model.serviceGroups.map((g) => [g.block, g]));
    groupsByBlock.set(model, byBlock);
  }
  return byBlock.get(block);
}

/** The empty list the builder's rare lists start as; never pushed to (see `add`). */
const NOTHING: never[] = emptyListOfObjects<never>();

/** Adds to one of the builder's rare lists, making it on the first entry. */
function add<T>(list: T[], item: T): T[] {
  if (list === NOTHING) return [item];
  list.push(item);
  return list;
}

/** A list `add` made, without the room it grew (a list of one made by `add` has none). */
function trimmed<T>(list: T[]): T[] {
  return list.length > 1 ? list.slice() : list;
}

function append<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]);
}

/** A top-level block's head as its handler reads it (ModelBuilder.topBlocks). */
interface TopBlockHead {
  readonly head: ConfigLine;
  /** The words after the keyword. */
  readonly args: readonly Word[];
  readonly block: ConfigBlock;
  readonly match: KeywordMatch;
}

class ModelBuilder implements BlockModel {
  /**
   * With `recordCommands`, every line's command is kept (for hovers and completion), not only
   * the unknown ones. `partition`: the one the block is in ('' for the shared one).
   */
  constructor(
    private readonly recordCommands = false,
    readonly partition = '',
  ) {}

  // A block has at most one server, group or VIP, a few names and rarely unknown lines: the
  // lists are made on their first entry (thousands of blocks, read on every keystroke) and cut
  // to their length when the block is read (`fitted`).
  definitions: Definition[] = NOTHING;
  references: Reference[] = NOTHING;
  commands: Command[] = NOTHING;
  ports: PortFacts[] = NOTHING;
  values: BoundedValue[] = NOTHING;
  unknown: Command[] = NOTHING;
  servers: ServerFacts[] = NOTHING;
  serviceGroups: ServiceGroupFacts[] = NOTHING;
  virtualServers: VirtualServerFacts[] = NOTHING;
  natPools: NatPoolFacts[] = NOTHING;

  /**
   * What each top-level block's head does to the model, by its keyword's role (keywords.ts): it
   * defines or refers to names and answers the owner of the lines under it, or 'walked' when it
   * walked them itself. A role not listed defines nothing; its lines are walked all the same.
   */
  private static readonly topBlocks: Readonly<
    Record<string, (builder: ModelBuilder, head: TopBlockHead) => Command['owner'] | 'walked'>
  > = {
    server: (b, { head, args, block }) => {
      const [name] = args;
      if (!name) return undefined;
      // `slb server NAME fqdn-name HOST` (ACOS 4) names its host after a keyword.
      const address =
        args[1] && /^(fqdn-name|server-ipv6-addr)$/.test(args[1].text)
          ? (args[2] ?? args[1])
          : args[1];
      b.define('server', name, head, block);
      b.servers = add(b.servers, { name, address, block });
      return { kind: 'server', name: name.text };
    },
    'service-group': (b, { head, args, block, match }) => {
      const [name, protocol] = args;
      if (!name) return undefined;
      b.define('service-group', name, head, block);
      const members: MemberFacts[] = [];
      b.walk(
        block.node,
        match.fact.children ?? 'open',
        { kind: 'service-group', name: name.text },
        undefined,
        members,
      );
      b.serviceGroups = add(b.serviceGroups, {
        name,
        protocol,
        block,
        members: members.length > 0 ? members.slice() : members,
      });
      return 'walked';
    },
    'virtual-server': (b, { head, args, block }) => {
      const [name, address] = args;
      if (!name) return undefined;
      b.define('virtual-server', name, head, block);
      b.virtualServers = add(b.virtualServers, { name, address, block });
      return { kind: 'virtual-server', name: name.text };
    },
    'template-definition': (b, { head, args, block }) => {
      // `slb template persist source-ip NAME`: the type is every word between `template` and the name.
      if (args.length < 2) return undefined;
      const name = args[args.length - 1];
      const templateType = texts(args.slice(0, -1)).join(' ');
      b.define('template', name, head, block, templateType);
      return { kind: 'template', name: `${templateType} ${name.text}` };
    },
    'nat-pool': (b, { head, args, match }) => {
      b.natPool(head, args, match.fact.words[0] === 'ipv6' ? 6 : 4);
      return undefined;
    },
    'nat-pool-group': (b, { head, args }) => {
      const [name, ...pools] = args;
      if (!name) return undefined;
      b.define('nat-pool', name, head);
      for (const pool of pools)
        if (!/^(vrid|ha-group-id)$/.test(pool.text) && !/^\d+$/.test(pool.text))
          b.refer('nat-pool', pool, head);
      return undefined;
    },
    'health-monitor': (b, { head, args, block }) => {
      const [name] = args;
      if (!name) return undefined;
      b.define('health-monitor', name, head, block);
      // ACOS 2 writes the timers on the declaration (`health monitor HM interval 5 retry 3`): nothing to refer to.
      return { kind: 'health-monitor', name: name.text };
    },
    'access-list-entry': (b, { head, args }) => {
      const [name] = args;
      if (name) b.define('access-list', name, head);
      return undefined;
    },
    'named-access-list': (b, { head, args, block }) => {
      const [name] = args;
      if (name) b.define('access-list', name, head, block);
      return undefined;
    },
    'vrid-definition': (b, { head, args, block }) => {
      const [vrid] = args;
      if (vrid && vrid.text !== 'default') {
        b.define('vrid', vrid, head, block);
        b.bounded(vrid, 0, 31, 'a VRID');
      }
      return undefined;
    },
    'ha-group-definition': (b, { head, args }) => {
      const [group] = args;
      if (group) {
        b.define('ha-group', group, head);
        b.bounded(group, 1, 31, 'an HA group');
      }
      return undefined;
    },
    'nat-inside-source': (b, { head, args }) => {
      b.natInsideSource(head, args);
      return undefined;
    },
    'floating-ip': (b, { head, args }) => {
      b.groupOptions(head, args.slice(1));
      return undefined;
    },
  };

  block(block: ConfigBlock): void {
    this.read(block);
    this.definitions = trimmed(this.definitions);
    this.references = trimmed(this.references);
    this.ports = trimmed(this.ports);
    this.values = trimmed(this.values);
    this.unknown = trimmed(this.unknown);
  }

  private read(block: ConfigBlock): void {
    const head = block.head;
    const words = head.words;
    const match = matchKeyword('top', words);
    if (this.recordCommands)
      this.commands = add(this.commands, { line: head, context: 'top', match, node: block.node });
    if (!match) {
      this.walk(block.node, 'open', undefined, undefined);
      return;
    }
    const args = words.slice(match.argumentsAt);
    const role = match.fact.role;
    if (match.negated) {
      this.deletion(role, args, head);
      return;
    }
    const owner = ModelBuilder.topBlocks[role ?? '']?.(this, { head, args, block, match });
    if (owner === 'walked') return;
    this.walk(block.node, match.fact.children ?? 'open', owner, undefined);
  }

  /** The lines under a node, in the node's block kind. */
  private walk(
    node: ConfigNode,
    context: ContextId,
    owner: Command['owner'],
    vport: PortFacts | undefined,
    members?: MemberFacts[],
  ): void {
    const checked = CONTEXTS[context].checked;
    const nodes = node.children;
    for (let n = 0; n < nodes.length; n++) {
      const child = nodes[n];
      const line = child.line;
      const words = line.words;
      const match = matchKeyword(context, words);
      const unknown = !match && words.length > 0 && checked;
      if (this.recordCommands || unknown) {
        const command: Command = { line, context, match, node: child, owner };
        if (this.recordCommands) this.commands = add(this.commands, command);
        if (unknown) this.unknown = add(this.unknown, command);
      }
      if (!match) {
        if (child.children.length > 0) this.walk(child, 'open', owner, undefined);
        continue;
      }
      const childVport = match.fact.role ? this.role(match, context, line, vport, members) : vport;
      const first = words[match.argumentsAt] as Word | undefined;
      if (first) this.limits(context, match, first);
      if (child.children.length > 0)
        this.walk(child, match.fact.children ?? 'open', owner, childVport, members);
    }
  }

  /**
   * What a line's command does to the model by its role (keywords.ts): a name it defines or
   * refers to, a number to bound. Answers the vport the lines under it are in. Apart from walk,
   * so that a role first met late in a file recompiles this, not the walk.
   */
  private role(
    match: KeywordMatch,
    context: ContextId,
    line: ConfigLine,
    vport: PortFacts | undefined,
    members: MemberFacts[] | undefined,
  ): PortFacts | undefined {
    const words = line.words;
    // The command's arguments are read where they are, `words[at + i]`: most lines need no list of them.
    const at = match.argumentsAt;
    const first = words[at] as Word | undefined;
    switch (match.fact.role) {
      case 'port': {
        // `port N TYPE ... range R`.
        let range: Word | undefined;
        for (let i = at + 2; i < words.length; i++) {
          if (words[i].text === 'range') {
            range = words[i + 1];
            break;
          }
        }
        const facts: PortFacts = {
          line,
          of: context === 'virtual-server' ? 'virtual-server' : 'server',
          port: first!,
          type: words[at + 1],
          range,
        };
        if (!match.negated) this.ports = add(this.ports, facts);
        if (first) this.bounded(first, PORT_BOUNDS.min, PORT_BOUNDS.max, 'a port');
        if (range) this.bounded(range, 0, 254, 'a port range');
        return facts;
      }
      case 'member':
        if (!match.negated) members?.push(this.member(line, words.slice(at)));
        break;
      case 'service-group-reference':
        if (first && !match.negated) {
          this.refer('service-group', first, line, {
            vportType: vport?.type,
            vportLine: vport?.line,
          });
        }
        break;
      case 'source-nat':
        if (first?.text === 'pool' && words[at + 1]) this.refer('nat-pool', words[at + 1], line);
        else if (match.fact.words.includes('pool') && first) this.refer('nat-pool', first, line);
        break;
      case 'health-check':
        if (first && !match.negated) this.refer('health-monitor', first, line);
        break;
      case 'template-reference':
        this.templateReference(line);
        break;
      case 'aflex':
        if (first && !match.negated) this.refer('aflex', first, line);
        break;
      case 'nat-pool-use':
        // A pool group's `member POOL`, a glid's `use-nat-pool POOL`.
        if (first && !match.negated) this.refer('nat-pool', first, line);
        break;
      case 'switching': {
        // `url-switching starts-with /api service-group api`: the group follows its keyword.
        const args = words.slice(at);
        const groupAt = args.findIndex((w) => w.text === 'service-group');
        if (groupAt >= 0 && args[groupAt + 1] && !match.negated)
          this.refer('service-group', args[groupAt + 1], line);
        break;
      }
      case 'access-list-reference':
        this.accessListReference(line, words.slice(at));
        break;
      case 'vrid-reference':
        if (first && first.text !== 'default') {
          this.refer('vrid', first, line);
          this.bounded(first, 0, 31, 'a VRID');
        }
        break;
      case 'ha-group-reference':
        if (first) {
          this.refer('ha-group', first, line);
          this.bounded(first, 1, 31, 'an HA group');
        }
        break;
      case 'method': {
        const args = words.slice(at);
        const portAt = args.findIndex((w) => w.text === 'port');
        if (portAt >= 0 && args[portAt + 1])
          this.bounded(args[portAt + 1], 1, 65535, 'a health-check port');
        break;
      }
      default:
        break;
    }
    return vport;
  }

  /** The status summary form: the VIP, its vports and their `member:GROUP PORT/TYPE` lines. */
  summary(head: ConfigLine, name: Word, vports: readonly Vport[]): void {
    this.define('virtual-server', name, head);
    const owner = { kind: 'virtual-server' as const, name: name.text };
    this.commands = add(this.commands, { line: head, context: 'top', owner });
    for (const vport of vports) {
      this.commands = add(this.commands, {
        line: vport.line,
        context: 'summary-vip',
        match: matchKeyword('summary-vip', vport.line.words),
        owner,
      });
      for (const line of vport.children) {
        const first = line.words[0];
        const match = matchKeyword('summary-vport', ['member:']);
        this.commands = add(this.commands, {
          line,
          context: 'summary-vport',
          match: first?.text.startsWith('member:') ? match : undefined,
          owner,
        });
        if (first?.text.startsWith('member:') && first.text.length > 'member:'.length) {
          const group = partOf(first, 'member:'.length, first.text.length);
          this.refer('service-group', group, line, {
            fromSummary: true,
            vportType: vport.type,
            vportLine: vport.line,
          });
        }
      }
    }
  }

  private define(
    kind: SymbolKind,
    name: Word,
    line: ConfigLine,
    block?: ConfigBlock,
    templateType?: string,
  ): void {
    const partition = this.partition || undefined;
    this.definitions = add(this.definitions, {
      kind,
      name,
      templateType,
      key: symbolKey(kind, name.text, templateType, this.partition),
      partition,
      line,
      block,
    });
  }

  private refer(
    kind: SymbolKind,
    name: Word,
    line: ConfigLine,
    // Most references have nothing more to say: no object is made for them.
    extra?: {
      fromSummary?: boolean;
      deletion?: boolean;
      templateType?: string;
      vportType?: Word;
      vportLine?: ConfigLine;
    },
  ): void {
    const partition = this.partition || undefined;
    // Two literals of one shape: the usual reference reads nothing of an `extra` it has not got.
    this.references = add(
      this.references,
      extra
        ? {
            kind,
            name,
            templateType: extra.templateType,
            key: symbolKey(kind, name.text, extra.templateType, this.partition),
            partition,
            line,
            fromSummary: extra.fromSummary ?? false,
            deletion: extra.deletion ?? false,
            vportType: extra.vportType,
            vportLine: extra.vportLine,
          }
        : {
            kind,
            name,
            templateType: undefined,
            key: symbolKey(kind, name.text, undefined, this.partition),
            partition,
            line,
            fromSummary: false,
            deletion: false,
            vportType: undefined,
            vportLine: undefined,
          },
    );
  }

  /** Keeps a number that is out of its bounds (or no number): the checks report those, the rest need no record. */
  private bounded(word: Word, min: number, max: number, what: string): void {
    const text = word.text;
    if (text.length > 0 && text.length <= 9 && isDigits(text)) {
      const value = Number(text);
      if (value >= min && value <= max) return;
    }
    this.values = add(this.values, { word, min, max, what });
  }

  /** `no slb server NAME` and the like: a deletion refers to what it deletes. */
  private deletion(role: string | undefined, args: readonly Word[], line: ConfigLine): void {
    const [name] = args;
    if (!name) return;
    const kinds: Record<string, SymbolKind> = {
      server: 'server',
      'service-group': 'service-group',
      'virtual-server': 'virtual-server',
      'nat-pool': 'nat-pool',
      'nat-pool-group': 'nat-pool',
      'health-monitor': 'health-monitor',
      'named-access-list': 'access-list',
      'vrid-definition': 'vrid',
    };
    if (role === 'template-definition') {
      if (args.length >= 2)
        this.refer('template', args[args.length - 1], line, {
          deletion: true,
          templateType: texts(args.slice(0, -1)).join(' '),
        });
      return;
    }
    const kind = role === undefined ? undefined : kinds[role];
    if (kind && !(kind === 'vrid' && name.text === 'default'))
      this.refer(kind, name, line, { deletion: true });
  }

  private natPool(line: ConfigLine, args: readonly Word[], family: 4 | 6): void {
    const [name, start, end] = args;
    if (!name) return;
    this.define('nat-pool', name, line);
    let netmask: Word | undefined;
    let gateway: Word | undefined;
    for (let i = 3; i < args.length; i++) {
      const option = args[i].text;
      const value = args[i + 1];
      if (option === 'netmask' && value) netmask = value;
      else if (option === 'gateway' && value) gateway = value;
      else if (option === 'vrid' && value) {
        this.refer('vrid', value, line);
        this.bounded(value, 0, 31, 'a VRID');
      } else if (option === 'ha-group-id' && value) {
        this.refer('ha-group', value, line);
        this.bounded(value, 1, 31, 'an HA group');
      } else if (option === 'scaleout-device-id' && value)
        this.bounded(value, 1, 16, 'a scaleout device id');
      else continue;
      i++;
    }
    const settings = texts(args.slice(1)).join(' ');
    this.natPools = add(this.natPools, {
      name,
      line,
      family,
      start,
      end,
      netmask,
      gateway,
      settings,
    });
  }

  private natInsideSource(line: ConfigLine, args: readonly Word[]): void {
    // `ip nat inside source list 101 pool P` or `... list name ACL pool P`.
    const listAt = args.findIndex((w) => w.text === 'list');
    if (listAt >= 0) {
      const acl = args[listAt + 1]?.text === 'name' ? args[listAt + 2] : args[listAt + 1];
      if (acl) this.refer('access-list', acl, line);
    }
    const poolAt = args.findIndex((w) => w.text === 'pool');
    if (poolAt >= 0 && args[poolAt + 1]) this.refer('nat-pool', args[poolAt + 1], line);
  }

  /** `vrid N` / `ha-group N` options on a line (floating IPs). */
  private groupOptions(line: ConfigLine, args: readonly Word[]): void {
    for (let i = 0; i + 1 < args.length; i++) {
      if (args[i].text === 'vrid' && args[i + 1].text !== 'default') {
        this.refer('vrid', args[i + 1], line);
        this.bounded(args[i + 1], 0, 31, 'a VRID');
      } else if (args[i].text === 'ha-group') {
        this.refer('ha-group', args[i + 1], line);
        this.bounded(args[i + 1], 1, 31, 'an HA group');
      }
    }
  }

  /** `member S:P [priority N] [disable]` (ACOS 2) or `member S P` (ACOS 4). */
  private member(line: ConfigLine, args: readonly Word[]): MemberFacts {
    const [first, second] = args;
    if (!first)
      return {
        line,
        malformed: l10n.t(
          'a member names a server and a port: `member SERVER PORT` or `member SERVER:PORT`',
        ),
      };
    const colon = first.text.lastIndexOf(':');
    // Server names may hold colons themselves (`SERVER:1:80`): the port follows the last one.
    if (
      colon >= 0 &&
      /^\d*$/.test(first.text.slice(colon + 1)) &&
      !(second && /^\d+$/.test(second.text))
    ) {
      const server = partOf(first, 0, colon);
      const port = partOf(first, colon + 1, first.text.length);
      if (server.text.length > 0) this.refer('server', server, line);
      if (port.text === '')
        return { line, server, malformed: l10n.t('`{0}` has no port after the colon', first.text) };
      if (server.text === '')
        return {
          line,
          port,
          malformed: l10n.t('`{0}` has no server before the colon', first.text),
        };
      this.bounded(port, 0, 65535, 'a port');
      this.memberOptions(args.slice(1));
      return { line, server, port };
    }
    this.refer('server', first, line);
    if (!second)
      return {
        line,
        server: first,
        malformed: l10n.t(
          'the member `{0}` has no port: write `member {1} PORT`',
          first.text,
          first.text,
        ),
      };
    if (!/^\d+$/.test(second.text))
      return { line, server: first, malformed: l10n.t('`{0}` is not a port number', second.text) };
    this.bounded(second, 0, 65535, 'a port');
    this.memberOptions(args.slice(2));
    return { line, server: first, port: second };
  }

  private memberOptions(args: readonly Word[]): void {
    const at = args.findIndex((w) => w.text === 'priority');
    if (at >= 0 && args[at + 1]) this.bounded(args[at + 1], 1, 16, 'a member priority');
  }

  private templateReference(line: ConfigLine): void {
    const words = line.words;
    const at = words.findIndex((w) => w.text === 'template');
    if (at < 0 || words[0].text === 'no') return;
    const rest = words.slice(at + 1);
    if (rest.length < 2) return;
    this.refer('template', rest[rest.length - 1], line, {
      templateType: texts(rest.slice(0, -1)).join(' '),
    });
  }

  private accessListReference(line: ConfigLine, args: readonly Word[]): void {
    // `access-list 101 [source-nat-pool P]`, `access-list name ACL ...`, `access-list 101 in`.
    const acl = args[0]?.text === 'name' || args[0]?.text === 'id' ? args[1] : args[0];
    if (acl) this.refer('access-list', acl, line);
    const poolAt = args.findIndex((w) => w.text === 'source-nat-pool');
    if (poolAt >= 0 && args[poolAt + 1]) this.refer('nat-pool', args[poolAt + 1], line);
  }

  /** Bounds of the numbers of common commands (the loosest ACOS 2 and 4 accept, so a real config never trips them). */
  private limits(context: ContextId, match: KeywordMatch, value: Word): void {
    // Every bounded command is one word: a command of more is none of them.
    const command = match.fact.words.length === 1 ? match.fact.words[0] : '';
    const bound = LIMITS.get(command);
    const memberPriority = command === 'priority' && context === 'member';
    if ((!bound && !memberPriority) || match.negated || !/^\d+$/.test(value.text)) return;
    if (bound) this.bounded(value, bound[0], bound[1], bound[2]);
    if (memberPriority) this.bounded(value, 1, 16, 'a member priority');
  }
}

/** The bounds of the numbers of common commands, by command (ModelBuilder.limits). */
const LIMITS: ReadonlyMap<string, readonly [number, number, string]> = new Map([
  ['conn-limit', [1, 64000000, 'a connection limit']],
  ['weight', [1, 1000, 'a weight']],
  ['min-active-member', [1, 1024, 'a minimum of active members']],
  ['bucket-count', [1, 256, 'a bucket count']],
  ['override-port', [1, 65535, 'a port']],
]);

/**
 * A part of a word (`GW` and `0` of `GW:0`). Its offsets follow the word's: a reparse that moves
 * the word (an edit above it) moves the part too.
 */
function partOf(word: Word, from: number, to: number): Word {
  return {
    text: word.text.slice(from, to),
    get start() {
      return word.start + from;
    },
    get end() {
      return word.start + to;
    },
  };
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function texts(words: readonly Word[]): string[] {
  return words.map((w) => w.text);
}
