// Hovers on a configuration: on a name, the object it names summed up (what it is, its main
// settings, where it is defined and how often it is used) with its definition; on a keyword,
// what the command does in the user's words and where ACOS versions differ.
import * as l10n from '@vscode/l10n';
import { type Hover, MarkupKind } from 'vscode-languageserver-types';
import { rangeOf } from '../diagnostics';
import { markdownCode as code, markdownFence, markdownText as md } from '../markdown';
import type { Word } from '../text';
import { type KeywordMatch, VPORT_TYPES } from './keywords';
import { kindName } from './facts';
import type { Command, SymbolKind } from './model';
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
    parts.push(
      l10n.t(
        '{0} undoes it: the setting goes back to its default.',
        code(`no ${fact.words.join(' ')}`),
      ),
    );
  if (fact.versions) parts.push(l10n.t('*ACOS versions:* {0}', fact.versions));
  if (command.context !== 'top') parts.push(l10n.t('*In:* {0}.', contextTitle(command.context)));
  return parts.join('\n\n');
}

function contextTitle(context: Command['context']): string {
  switch (context) {
    case 'server':
      return l10n.t('a server (`slb server`)');
    case 'server-port':
      return l10n.t('a server port');
    case 'service-group':
      return l10n.t('a service group (`slb service-group`)');
    case 'member':
      return l10n.t('a service-group member');
    case 'virtual-server':
      return l10n.t('a virtual server (`slb virtual-server`)');
    case 'vport':
      return l10n.t('a vport');
    case 'health-monitor':
      return l10n.t('a health monitor');
    case 'template':
      return l10n.t('a template');
    case 'vrid':
      return l10n.t('a VRRP-A VRID');
    case 'interface':
      return l10n.t('an interface');
    case 'vlan':
      return l10n.t('a VLAN');
    case 'router':
      return l10n.t('a routing protocol');
    case 'access-list':
      return l10n.t('an access list');
    case 'summary-vip':
      return l10n.t('a VIP status summary');
    case 'summary-vport':
      return l10n.t('a vport of a VIP status summary');
    default:
      return l10n.t('a block');
  }
}

function vportTypeMarkdown(type: string, isVport: boolean): string {
  if (!isVport) {
    return type === 'tcp' || type === 'udp'
      ? l10n.t(
          '**{0}**: the server port takes {1} traffic; a service group of the same protocol uses it (`member SERVER PORT`).',
          type,
          type.toUpperCase(),
        )
      : l10n.t('A server port is `tcp` or `udp`; {0} is not one.', code(type));
  }
  const transport = VPORT_TYPES[type];
  if (type === 'others') {
    return l10n.t(
      '**others**: every IP protocol that is neither TCP nor UDP: ESP and AH (IPsec), GRE, ICMP. A10: "for no tcp/udp protocol, do IP load balancing". Without it on a wildcard VIP, IPsec tunnels come up (IKE is UDP) but carry no data. It borrows a tcp or udp service group.',
    );
  }
  if (type === 'tcp' || type === 'udp')
    return l10n.t(
      '**{0}**: the vport takes {1} traffic at layer 4 and forwards it to a {0} service group.',
      type,
      type.toUpperCase(),
    );
  if (transport)
    return l10n.t(
      '**{0}**: an application vport over {1}; its service group must be {2}.',
      type,
      transport.toUpperCase(),
      transport,
    );
  return l10n.t('Balancer Lens does not know the vport type {0}.', code(type));
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
      ? `**${kindName('template')}** ${code(`${templateType} ${name}`)}`
      : `**${kindName(kind)}** ${code(name)}`;
  if (kind === 'aflex')
    return l10n.t(
      "{0}: a Tcl script on the box, run on the vport's traffic. aFleX scripts are not part of the running-config.",
      title,
    );
  const definitions = index.definitions(key, site);
  const uses = index.references(key, site).filter((r) => !r.reference.deletion);
  const usedBy =
    uses.length === 0
      ? l10n.t('not used')
      : uses.length === 1
        ? l10n.t('used once')
        : l10n.t('used {0} times', uses.length);
  if (definitions.length === 0) {
    const builtIn =
      (kind === 'template' && name === 'default') ||
      (kind === 'vrid' && (name === '0' || name === 'default'));
    return builtIn
      ? l10n.t('{0}: built into ACOS; {1}.', title, usedBy)
      : l10n.t('{0}: not defined in the workspace; {1}.', title, usedBy);
  }
  const facts = summary(kind, definitions);
  const where = definitions
    .slice(0, SHOWN_DEFINITIONS)
    .map(({ site: other, definition }) =>
      other.uri === site.uri
        ? l10n.t('line {0}', definition.line.line + 1)
        : l10n.t('{0}, line {1}', md(fileName(other.uri)), definition.line.line + 1),
    )
    .join('; ');
  const more =
    definitions.length > SHOWN_DEFINITIONS
      ? l10n.t(' and {0} more', definitions.length - SHOWN_DEFINITIONS)
      : '';
  const blocks = definitions
    .slice(0, SHOWN_DEFINITIONS)
    .map(({ site: other, definition }) =>
      definitionText(other, definition.line.line, definition.block?.last.line),
    );
  return [
    `${title}${facts ? `: ${md(facts)}` : ''}`,
    l10n.t('Defined at {0}{1}; {2}.', where, more, usedBy),
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
        address ?? l10n.t('no address'),
        ports.length > 0 ? l10n.t('ports {0}', ports.join(', ')) : l10n.t('no ports'),
      ].join('; ');
    }
    case 'service-group': {
      const groups = definitions.flatMap(({ site, definition }) =>
        site.model.serviceGroups.filter((g) => g.block === definition.block),
      );
      const protocol = groups.find((g) => g.protocol)?.protocol?.text ?? l10n.t('no protocol');
      const members = groups
        .flatMap((g) => g.members)
        .filter((m) => m.server && m.port)
        .map((m) => `${m.server!.text}:${m.port!.text}`);
      const listed = `${members.slice(0, 8).join(', ')}${members.length > 8 ? ', ...' : ''}`;
      return `${protocol}; ${
        members.length === 0
          ? l10n.t('no members')
          : members.length === 1
            ? l10n.t('member {0}', listed)
            : l10n.t('{0} members {1}', members.length, listed)
      }`;
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
      return `${address ?? summaryAddress ?? l10n.t('no address')}; ${vports.length === 0 ? l10n.t('no vports') : l10n.t('vports {0}', [...new Set(vports)].join(', '))}`;
    }
    case 'nat-pool': {
      const pool = definitions.flatMap(({ site, definition }) =>
        site.model.natPools.filter((p) => p.line === definition.line),
      )[0];
      return pool
        ? `${l10n.t('{0} to {1}', pool.start?.text ?? '?', pool.end?.text ?? '?')}${pool.netmask ? l10n.t(', netmask {0}', pool.netmask.text) : ''}${pool.gateway ? l10n.t(', gateway {0}', pool.gateway.text) : ''}`
        : l10n.t('a NAT pool group');
    }
    case 'access-list': {
      const rules = definitions.reduce(
        (count, { definition }) =>
          count + (definition.block ? definition.block.children.length : 1),
        0,
      );
      return rules === 1 ? l10n.t('1 rule') : l10n.t('{0} rules', rules);
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
