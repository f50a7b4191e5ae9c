// Completion: the commands valid in the block the cursor is in (found by indentation, as ACOS
// nests them), and where a command takes a name, the names the workspace defines of that kind:
// service groups after `service-group`, servers and their ports after `member`, NAT pools after
// `source-nat pool`, ...
import * as l10n from '@vscode/l10n';
import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  InsertTextFormat,
  MarkupKind,
  type Range,
} from 'vscode-languageserver-types';
import type { ConfigLine } from './ast';
import { CONTEXTS, type ContextId, type KeywordFact, VPORT_TYPES } from './keywords';
import { kindName } from './facts';
import type { SymbolKind } from './model';
import type { IndexedConfig, SymbolIndex } from './symbols';

/** Asks the editor to suggest again once a command that takes a name is in (as the CSS service does). */
const SUGGEST_AGAIN = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Template types ACOS 2 and 4 have, offered after `template` besides those the workspace defines. */
const TEMPLATE_TYPES = [
  'tcp',
  'udp',
  'http',
  'client-ssl',
  'server-ssl',
  'persist source-ip',
  'persist cookie',
  'persist destination-ip',
  'virtual-port',
  'virtual-server',
  'policy',
  'cache',
  'connection-reuse',
  'tcp-proxy',
  'dns',
  'server',
  'port',
];

/** Commands whose next word is a name the workspace defines: completion suggests again after them. */
const TAKES_A_NAME: ReadonlySet<string> = new Set([
  'service-group-reference',
  'source-nat',
  'health-check',
  'aflex',
  'vrid-reference',
  'ha-group-reference',
  'access-list-reference',
  'template-reference',
  'member',
  'nat-inside-source',
]);

const ITEM_KIND: Readonly<Record<SymbolKind, CompletionItemKind>> = {
  server: CompletionItemKind.Class,
  'service-group': CompletionItemKind.Enum,
  'virtual-server': CompletionItemKind.Interface,
  'nat-pool': CompletionItemKind.Variable,
  'health-monitor': CompletionItemKind.Event,
  template: CompletionItemKind.Struct,
  aflex: CompletionItemKind.Function,
  'access-list': CompletionItemKind.Reference,
  vrid: CompletionItemKind.EnumMember,
  'ha-group': CompletionItemKind.EnumMember,
};

/** The completions at an offset of a configuration document. */
export function configCompletion(
  site: IndexedConfig,
  index: SymbolIndex,
  offset: number,
): CompletionList {
  const position = site.document.positionAt(offset);
  const line = site.model.config.lines[position.line];
  const empty = { isIncomplete: false, items: [] };
  if (!line) return empty;
  const before = line.text.slice(0, position.character);
  if (before.includes('!')) return empty; // In a comment.
  const indent = /^[ \t]*/.exec(before)![0];
  const parts = before.slice(indent.length).split(/[ \t]+/);
  const partial = parts.pop() ?? '';
  const typed = parts.filter((p) => p.length > 0);
  const where = contextAt(site, position.line, indent.length);
  const replace: Range = {
    start: { line: position.line, character: position.character - partial.length },
    end: position,
  };
  const completer = new Completer(site, index, replace);

  const words = typed[0] === 'no' ? typed.slice(1) : typed;
  const facts = CONTEXTS[where.context].keywords;
  // The next words of commands whose first words are typed (`ip ` -> `nat pool`, `route`, ...).
  for (const fact of facts) {
    if (fact.words.length > words.length && words.every((w, i) => fact.words[i] === w))
      completer.keyword(fact, words.length);
  }
  // The command typed so far, if one is complete: what its arguments may be.
  const command = facts.find(
    (fact) => fact.words.length <= words.length && fact.words.every((w, i) => words[i] === w),
  );
  if (command && typed[0] !== 'no')
    completer.argumentsOf(command, words.slice(command.words.length), partial, where);
  return { isIncomplete: false, items: completer.items };
}

/** The block a line at some indentation belongs to: the context of the nearest line above indented less. */
function contextAt(
  site: IndexedConfig,
  lineNumber: number,
  indent: number,
): { context: ContextId; parent?: ConfigLine } {
  if (indent === 0) return { context: 'top' };
  const { lines } = site.model.config;
  for (let n = lineNumber - 1; n >= 0; n--) {
    const line = lines[n];
    if (line.words.length === 0) {
      // A `!` at column 0 closes the block: an indented line after it belongs to none.
      if (line.indentText === '' && line.text.startsWith('!')) return { context: 'open' };
      continue;
    }
    if (line.indentText.length >= indent) continue;
    const command = site.model.commandAt(n);
    const match = command?.match;
    return {
      context: match && !match.negated ? (match.fact.children ?? 'open') : 'open',
      parent: line,
    };
  }
  return { context: 'open' };
}

class Completer {
  readonly items: CompletionItem[] = [];
  private readonly seen = new Set<string>();
  /** The partition of the line completed: its names and the shared ones it does not define. */
  private readonly partition: string;

  constructor(
    private readonly site: IndexedConfig,
    private readonly index: SymbolIndex,
    private readonly replace: Range,
  ) {
    this.partition = site.model.partitionAt(replace.start.line);
  }

  /** A command (or its remaining words) as a completion. */
  keyword(fact: KeywordFact, typedWords: number): void {
    const label = fact.words.slice(typedWords).join(' ');
    if (this.seen.has(`keyword ${label}`)) return;
    this.seen.add(`keyword ${label}`);
    const takesName =
      fact.role !== undefined &&
      TAKES_A_NAME.has(fact.role) &&
      fact.usage.split(' ').length > fact.words.length;
    const documentation = [
      fact.doc,
      fact.versions ? l10n.t('*ACOS versions:* {0}', fact.versions) : '',
    ]
      .filter((p) => p)
      .join('\n\n');
    this.items.push({
      label,
      kind: CompletionItemKind.Keyword,
      detail: fact.usage,
      documentation: { kind: MarkupKind.Markdown, value: documentation },
      textEdit: { range: this.replace, newText: takesName ? `${label} ` : label },
      insertTextFormat: InsertTextFormat.PlainText,
      sortText: `1 ${label}`,
      ...(takesName ? { command: SUGGEST_AGAIN } : {}),
    });
  }

  /** Completions for the arguments of a command: names where it takes one, fixed words where it takes those. */
  argumentsOf(
    fact: KeywordFact,
    args: readonly string[],
    partial: string,
    where: { context: ContextId; parent?: ConfigLine },
  ): void {
    const last = args.at(-1);
    switch (fact.role) {
      case 'service-group-reference':
        if (args.length === 0) this.serviceGroups(where.parent);
        return;
      case 'source-nat':
        if (args.length === 0 && fact.words.includes('pool')) this.names('nat-pool');
        else if (last === 'pool') this.names('nat-pool');
        return;
      case 'health-check':
        if (args.length === 0) this.names('health-monitor');
        return;
      case 'aflex':
        if (args.length === 0) this.aflexNames();
        return;
      case 'vrid-reference':
        if (args.length === 0) this.names('vrid');
        return;
      case 'ha-group-reference':
        if (args.length === 0) this.names('ha-group');
        return;
      case 'access-list-reference':
        if (args.length === 0 || (args.length === 1 && args[0] === 'name'))
          this.names('access-list');
        else if (last === 'source-nat-pool') this.names('nat-pool');
        return;
      case 'template-reference':
        this.templates(fact.words.length > 1 ? fact.words.slice(1).join(' ') : undefined, args);
        return;
      case 'member':
        this.member(args, partial);
        return;
      case 'port':
        if (args.length === 1)
          this.words(
            where.context === 'virtual-server' ? Object.keys(VPORT_TYPES) : ['tcp', 'udp'],
            l10n.t('the port type'),
          );
        return;
      case 'service-group':
        if (args.length === 1) this.words(['tcp', 'udp'], l10n.t('the group protocol'));
        return;
      case 'nat-inside-source':
        if (args.length === 0) this.words(['list', 'static'], '');
        else if (last === 'list') this.names('access-list');
        else if (last === 'pool') this.names('nat-pool');
        return;
      case 'nat-pool':
        if (last === 'vrid') this.names('vrid');
        else if (last === 'ha-group-id') this.names('ha-group');
        return;
      default:
        if (last === 'vrid') this.names('vrid');
        return;
    }
  }

  /** Service groups; under a vport, those of its transport first. */
  private serviceGroups(vportLine: ConfigLine | undefined): void {
    const type = vportLine?.words[0]?.text === 'port' ? vportLine.words[2]?.text : undefined;
    const transport = type ? VPORT_TYPES[type] : undefined;
    for (const [name, definitions] of this.index.objectsOf(
      'service-group',
      this.site,
      undefined,
      this.partition,
    )) {
      const protocol = definitions
        .flatMap(({ site, definition }) =>
          site.model.serviceGroups.filter((g) => g.block === definition.block),
        )
        .find((g) => g.protocol)?.protocol?.text;
      const fits = transport === undefined || transport === 'others' || protocol === transport;
      this.name(
        'service-group',
        name,
        protocol ? l10n.t('service group, {0}', protocol) : kindName('service-group'),
        fits ? 0 : 1,
      );
    }
  }

  private names(kind: SymbolKind, templateType?: string): void {
    for (const [name, definitions] of this.index.objectsOf(
      kind,
      this.site,
      templateType,
      this.partition,
    )) {
      const { site, definition } = definitions[0];
      const detail =
        kind === 'nat-pool'
          ? site.model.natPools.find((p) => p.line === definition.line)
          : undefined;
      this.name(
        kind,
        name,
        detail?.start && detail.end
          ? l10n.t('NAT pool, {0} - {1}', detail.start.text, detail.end.text)
          : kindName(kind),
      );
    }
  }

  /** aFleX scripts live on the box: offer the names other vports already use. */
  private aflexNames(): void {
    for (const site of this.index.sites) {
      for (const reference of site.model.references)
        if (reference.kind === 'aflex') this.name('aflex', reference.name.text, kindName('aflex'));
    }
  }

  /** After `template`: the types, then the templates of the type typed. */
  private templates(fixedType: string | undefined, args: readonly string[]): void {
    if (fixedType !== undefined) {
      if (args.length === 0) {
        this.names('template', fixedType);
        this.name('template', 'default', l10n.t('built-in {0} template', fixedType), 1);
      }
      return;
    }
    const typed = args.join(' ');
    const defined = new Set<string>();
    for (const site of this.index.sites)
      for (const d of site.model.definitions)
        if (d.kind === 'template' && d.templateType) defined.add(d.templateType);
    for (const type of new Set([...defined, ...TEMPLATE_TYPES])) {
      if (args.length === 0) this.word(type.split(' ')[0], l10n.t('template type'));
      else if (type.startsWith(`${typed} `))
        this.word(type.slice(typed.length + 1).split(' ')[0], l10n.t('template type'));
    }
    if (args.length > 0) {
      this.names('template', typed);
      this.name('template', 'default', l10n.t('built-in {0} template', typed), 1);
    }
  }

  /** `member ` -> servers; `member SERVER:` or `member SERVER ` -> that server's ports. */
  private member(args: readonly string[], partial: string): void {
    const colon = partial.lastIndexOf(':');
    if (args.length === 0 && colon >= 0) {
      this.serverPorts(partial.slice(0, colon), {
        ...this.replace,
        start: { ...this.replace.start, character: this.replace.start.character + colon + 1 },
      });
      return;
    }
    if (args.length === 0) {
      for (const [name, definitions] of this.index.objectsOf(
        'server',
        this.site,
        undefined,
        this.partition,
      )) {
        const { site, definition } = definitions[0];
        const address = site.model.servers.find((s) => s.block === definition.block)?.address?.text;
        this.name('server', name, address ? l10n.t('server, {0}', address) : kindName('server'));
      }
    } else if (args.length === 1) {
      this.serverPorts(args[0], this.replace);
    }
  }

  private serverPorts(server: string, range: Range): void {
    for (const { site, definition } of this.index
      .objectsOf('server', this.site, undefined, this.partition)
      .get(server) ?? []) {
      for (const port of site.model.ports) {
        if (port.of !== 'server' || !port.port || !definition.block) continue;
        if (port.line.line <= definition.line.line || port.line.line > definition.block.last.line)
          continue;
        this.item(
          port.port.text,
          CompletionItemKind.Value,
          l10n.t('port {0} of {1}', `${port.port.text} ${port.type?.text ?? ''}`.trim(), server),
          0,
          range,
        );
      }
    }
  }

  private words(words: readonly string[], detail: string): void {
    for (const word of words) this.word(word, detail);
  }

  private word(word: string, detail: string): void {
    this.item(word, CompletionItemKind.Keyword, detail, 1);
  }

  private name(kind: SymbolKind, name: string, detail: string, rank = 0): void {
    this.item(name, ITEM_KIND[kind], detail, rank);
  }

  private item(
    label: string,
    kind: CompletionItemKind,
    detail: string,
    rank: number,
    range: Range = this.replace,
  ): void {
    if (this.seen.has(`name ${label}`)) return;
    this.seen.add(`name ${label}`);
    this.items.push({
      label,
      kind,
      detail,
      textEdit: { range, newText: label },
      sortText: `0${rank} ${label}`,
    });
  }
}
