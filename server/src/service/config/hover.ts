// Hovers on a configuration: on a name, the object it names summed up (what it is, its main
// settings, where it is defined and how often it is used) with its definition; on a keyword,
// what the command does in the user's words and where ACOS versions differ.
import { type Hover, MarkupKind } from 'vscode-languageserver-types';
import { rangeOf } from '../diagnostics';
import { markdownCode as code, markdownFence, markdownText as md } from '../markdown';
import type { Word } from '../text';
import { type KeywordMatch, VPORT_TYPES } from './keywords';
import { type Command, KIND_NAMES, type SymbolKind } from './model';
import {
  fileName,
  type IndexedConfig,
  type LocatedDefinition,
  symbolAt,
  type SymbolIndex,
} from './symbols';

/** Lines of a definition shown in a hover, at most. */
const SHOWN_LINES = 12;
/** Definitions shown in a hover, at most (a VIP opened many times). */
const SHOWN_DEFINITIONS = 3;

/** The hover at an offset of a configuration document. */
export function configHover(site: IndexedConfig, index: SymbolIndex, offset: number): Hover | null {
  const symbol = symbolAt(site.model, offset);
  if (symbol) {
    const markdown = objectMarkdown(
      site,
      index,
      symbol.kind,
      symbol.key,
      symbol.name.text,
      symbol.templateType,
    );
    return hover(site, symbol.name, markdown);
  }
  const line = site.document.positionAt(offset).line;
  const command = site.model.commandAt(line);
  if (!command?.match) return null;
  const words = command.line.words;
  const at = words.findIndex((w) => w.start <= offset && offset <= w.end);
  if (at < 0) return null;
  const { match } = command;
  if (at < match.argumentsAt)
    return hover(
      site,
      { text: '', start: words[0].start, end: words[match.argumentsAt - 1].end },
      keywordMarkdown(command, match),
    );
  // `port N TYPE`: the type word explains what traffic the port takes.
  if (match.fact.role === 'port' && at === match.argumentsAt + 1) {
    const type = words[at];
    return hover(site, type, vportTypeMarkdown(type.text, command.context === 'virtual-server'));
  }
  return null;
}

function hover(site: IndexedConfig, word: Word, markdown: string): Hover {
  return {
    contents: { kind: MarkupKind.Markdown, value: markdown },
    range: rangeOf(site.document, word.start, word.end),
  };
}

/** What a keyword does: its usage, its doc, the block it is in, and version notes. */
export function keywordMarkdown(command: Pick<Command, 'context'>, match: KeywordMatch): string {
  const { fact } = match;
  const parts = [
    `\`\`\`balancer-config\n${match.negated ? `no ${fact.usage}` : fact.usage}\n\`\`\``,
    fact.doc,
  ];
  if (match.negated)
    parts.push(`\`no ${fact.words.join(' ')}\` undoes it: the setting goes back to its default.`);
  if (fact.versions) parts.push(`*ACOS versions:* ${fact.versions}`);
  if (command.context !== 'top') parts.push(`*In:* ${contextTitle(command.context)}.`);
  return parts.join('\n\n');
}

function contextTitle(context: Command['context']): string {
  const titles: Partial<Record<Command['context'], string>> = {
    server: 'a server (`slb server`)',
    'server-port': 'a server port',
    'service-group': 'a service group (`slb service-group`)',
    member: 'a service-group member',
    'virtual-server': 'a virtual server (`slb virtual-server`)',
    vport: 'a vport',
    'health-monitor': 'a health monitor',
    template: 'a template',
    vrid: 'a VRRP-A VRID',
    interface: 'an interface',
    vlan: 'a VLAN',
    router: 'a routing protocol',
    'access-list': 'an access list',
    'summary-vip': 'a VIP status summary',
    'summary-vport': 'a vport of a VIP status summary',
  };
  return titles[context] ?? 'a block';
}

function vportTypeMarkdown(type: string, isVport: boolean): string {
  if (!isVport) {
    return type === 'tcp' || type === 'udp'
      ? `**${type}**: the server port takes ${type.toUpperCase()} traffic; a service group of the same protocol uses it (\`member SERVER PORT\`).`
      : `A server port is \`tcp\` or \`udp\`; ${code(type)} is not one.`;
  }
  const transport = VPORT_TYPES[type];
  if (type === 'others') {
    return '**others**: every IP protocol that is neither TCP nor UDP: ESP and AH (IPsec), GRE, ICMP. A10: "for no tcp/udp protocol, do IP load balancing". Without it on a wildcard VIP, IPsec tunnels come up (IKE is UDP) but carry no data. It borrows a tcp or udp service group.';
  }
  if (type === 'tcp' || type === 'udp')
    return `**${type}**: the vport takes ${type.toUpperCase()} traffic at layer 4 and forwards it to a ${type} service group.`;
  if (transport)
    return `**${type}**: an application vport over ${transport.toUpperCase()}; its service group must be ${transport}.`;
  return `Balancer Lens does not know the vport type ${code(type)}.`;
}

/** What an object is: a sentence of its main settings, where it is defined and used, and its definition's lines. */
export function objectMarkdown(
  site: IndexedConfig,
  index: SymbolIndex,
  kind: SymbolKind,
  key: string,
  name: string,
  templateType?: string,
): string {
  const title =
    kind === 'template'
      ? `**template** ${code(`${templateType} ${name}`)}`
      : `**${KIND_NAMES[kind]}** ${code(name)}`;
  if (kind === 'aflex')
    return `${title}: a Tcl script on the box, run on the vport's traffic. aFleX scripts are not part of the running-config.`;
  const definitions = index.definitions(key, site);
  const uses = index.references(key, site).filter((r) => !r.reference.deletion);
  const usedBy =
    uses.length === 0 ? 'not used' : `used ${uses.length === 1 ? 'once' : `${uses.length} times`}`;
  if (definitions.length === 0) {
    const builtIn =
      (kind === 'template' && name === 'default') ||
      (kind === 'vrid' && (name === '0' || name === 'default'));
    return builtIn
      ? `${title}: built into ACOS; ${usedBy}.`
      : `${title}: not defined in the workspace; ${usedBy}.`;
  }
  const facts = summary(kind, definitions);
  const where = definitions
    .slice(0, SHOWN_DEFINITIONS)
    .map(
      ({ site: other, definition }) =>
        `${other.uri === site.uri ? 'line' : `${md(fileName(other.uri))}, line`} ${definition.line.line + 1}`,
    )
    .join('; ');
  const more =
    definitions.length > SHOWN_DEFINITIONS
      ? ` and ${definitions.length - SHOWN_DEFINITIONS} more`
      : '';
  const blocks = definitions
    .slice(0, SHOWN_DEFINITIONS)
    .map(({ site: other, definition }) =>
      definitionText(other, definition.line.line, definition.block?.last.line),
    );
  return [
    `${title}${facts ? `: ${md(facts)}` : ''}`,
    `Defined at ${where}${more}; ${usedBy}.`,
    markdownFence(blocks.join('\n'), 'balancer-config'),
  ].join('\n\n');
}

/** The main settings of an object, from its definitions. */
function summary(kind: SymbolKind, definitions: readonly LocatedDefinition[]): string {
  switch (kind) {
    case 'server': {
      const servers = definitions.flatMap(({ site, definition }) =>
        site.model.servers.filter((s) => s.block === definition.block),
      );
      const address = servers.find((s) => s.address)?.address?.text;
      const ports = portsOf(definitions);
      return [
        address ?? 'no address',
        ports.length > 0 ? `ports ${ports.join(', ')}` : 'no ports',
      ].join('; ');
    }
    case 'service-group': {
      const groups = definitions.flatMap(({ site, definition }) =>
        site.model.serviceGroups.filter((g) => g.block === definition.block),
      );
      const protocol = groups.find((g) => g.protocol)?.protocol?.text ?? 'no protocol';
      const members = groups
        .flatMap((g) => g.members)
        .filter((m) => m.server && m.port)
        .map((m) => `${m.server!.text}:${m.port!.text}`);
      return `${protocol}; ${members.length === 0 ? 'no members' : `${members.length === 1 ? 'member' : `${members.length} members`} ${members.slice(0, 8).join(', ')}${members.length > 8 ? ', ...' : ''}`}`;
    }
    case 'virtual-server': {
      const address = definitions
        .flatMap(({ site, definition }) =>
          definition.block
            ? site.model.virtualServers.filter((v) => v.block === definition.block)
            : [],
        )
        .find((v) => v.address)?.address?.text;
      const vports = definitions.flatMap(({ site, definition }) =>
        site.model.config.virtualServers
          .filter((v) => v.head === definition.line)
          .flatMap((v) => v.vports.map((p) => `${p.port.text} ${p.type?.text ?? '?'}`)),
      );
      const summaryAddress = definitions
        .map(
          ({ site, definition }) =>
            site.model.config.virtualServers.find((v) => v.head === definition.line)?.address?.text,
        )
        .find((a) => a);
      return `${address ?? summaryAddress ?? 'no address'}; ${vports.length === 0 ? 'no vports' : `vports ${[...new Set(vports)].join(', ')}`}`;
    }
    case 'nat-pool': {
      const pool = definitions.flatMap(({ site, definition }) =>
        site.model.natPools.filter((p) => p.line === definition.line),
      )[0];
      return pool
        ? `${pool.start?.text ?? '?'} to ${pool.end?.text ?? '?'}${pool.netmask ? `, netmask ${pool.netmask.text}` : ''}${pool.gateway ? `, gateway ${pool.gateway.text}` : ''}`
        : 'a NAT pool group';
    }
    case 'access-list': {
      const rules = definitions.reduce(
        (count, { definition }) =>
          count + (definition.block ? definition.block.children.length : 1),
        0,
      );
      return `${rules} ${rules === 1 ? 'rule' : 'rules'}`;
    }
    default:
      return '';
  }
}

/** `80 tcp, 443 tcp` for a server's ports. */
function portsOf(definitions: readonly LocatedDefinition[]): string[] {
  const ports = definitions.flatMap(({ site, definition }) =>
    site.model.ports.filter(
      (p) =>
        p.of === 'server' &&
        definition.block &&
        p.line.line > definition.line.line &&
        p.line.line <= definition.block.last.line,
    ),
  );
  return [...new Set(ports.map((p) => `${p.port?.text ?? '?'} ${p.type?.text ?? '?'}`))];
}

/** The text of a definition's lines (at most SHOWN_LINES), comments dropped. */
function definitionText(site: IndexedConfig, first: number, last = first): string {
  const lines = site.model.config.lines.slice(first, last + 1).filter((l) => l.words.length > 0);
  const shown = lines.slice(0, SHOWN_LINES).map((l) => l.text.trimEnd());
  if (lines.length > SHOWN_LINES) shown.push(`${lines[SHOWN_LINES].indentText}...`);
  return shown.join('\n');
}
