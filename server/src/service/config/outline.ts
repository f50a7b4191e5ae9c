// The outline: one entry per block, named as the user names the object (a server, a service
// group, a VIP), with its ports, members and vports under it. A block opened again is its own
// entry, as it is in the file.
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { rangeOf } from '../diagnostics';
import type { Word } from '../text';
import type { ConfigBlock, ConfigLine, ConfigNode } from './ast';
import type { ConfigModel } from './model';
import type { IndexedConfig } from './symbols';

/** The outline of a configuration document. */
export function configOutline(site: IndexedConfig): DocumentSymbol[] {
  const { model } = site;
  const symbols: { line: number; symbol: DocumentSymbol }[] = [];
  const make = (
    name: string,
    detail: string,
    kind: SymbolKind,
    first: ConfigLine,
    last: ConfigLine,
    selection: Word,
    children: DocumentSymbol[] = [],
  ): DocumentSymbol => ({
    name,
    detail,
    kind,
    range: rangeOf(site.document, first.start, Math.max(last.end, first.start)),
    selectionRange: rangeOf(site.document, selection.start, selection.end),
    children,
  });
  const lineSymbol = (node: ConfigNode, kind: SymbolKind, detail = ''): DocumentSymbol => {
    const words = node.line.words;
    return make(words.map((w) => w.text).join(' '), detail, kind, node.line, lastLineOf(node), {
      text: '',
      start: words[0].start,
      end: words.at(-1)!.end,
    });
  };

  let accessListRun: { name: Word; first: ConfigLine; last: ConfigLine; count: number } | undefined;
  const closeRun = (): void => {
    if (!accessListRun) return;
    const { name, first, last, count } = accessListRun;
    symbols.push({
      line: first.line,
      symbol: make(
        `access-list ${name.text}`,
        `${count} ${count === 1 ? 'rule' : 'rules'}`,
        SymbolKind.Key,
        first,
        last,
        name,
      ),
    });
    accessListRun = undefined;
  };

  for (const block of model.config.blocks) {
    const command = model.commandAt(block.head.line);
    const role = command?.match?.negated ? undefined : command?.match?.fact.role;
    const args = command?.match ? block.head.words.slice(command.match.argumentsAt) : [];
    if (role === 'access-list-entry' && args[0]) {
      if (
        accessListRun &&
        accessListRun.name.text === args[0].text &&
        accessListRun.last.line === block.head.line - 1
      ) {
        accessListRun.last = block.head;
        accessListRun.count++;
      } else {
        closeRun();
        accessListRun = { name: args[0], first: block.head, last: block.head, count: 1 };
      }
      continue;
    }
    closeRun();
    const symbol = blockSymbol(model, block, role, args, make, lineSymbol);
    if (symbol) symbols.push({ line: block.head.line, symbol });
  }
  closeRun();

  for (const vip of model.config.virtualServers) {
    if (vip.form !== 'summary') continue;
    const vports = vip.vports.map((v) => {
      const last = v.children.at(-1) ?? v.line;
      const member = v.children.find((c) => c.words[0]?.text.startsWith('member:'));
      return make(
        `port ${v.port.text} ${v.type?.text ?? ''}`.trim(),
        member?.words[0].text.slice('member:'.length) ?? '',
        SymbolKind.Method,
        v.line,
        last,
        v.port,
      );
    });
    const last = vip.vports.at(-1);
    const end = last ? (last.children.at(-1) ?? last.line) : vip.head;
    symbols.push({
      line: vip.head.line,
      symbol: make(
        vip.name.text,
        vip.address?.text ?? '',
        SymbolKind.Interface,
        vip.head,
        end,
        vip.name,
        vports,
      ),
    });
  }
  return symbols.sort((a, b) => a.line - b.line).map((s) => s.symbol);
}

type Make = (
  name: string,
  detail: string,
  kind: SymbolKind,
  first: ConfigLine,
  last: ConfigLine,
  selection: Word,
  children?: DocumentSymbol[],
) => DocumentSymbol;

function blockSymbol(
  model: ConfigModel,
  block: ConfigBlock,
  role: string | undefined,
  args: readonly Word[],
  make: Make,
  lineSymbol: (node: ConfigNode, kind: SymbolKind, detail?: string) => DocumentSymbol,
): DocumentSymbol | undefined {
  const [name, second] = args;
  const head = block.head;
  const childrenOf = (
    kind: SymbolKind,
    detail: (node: ConfigNode) => string = () => '',
  ): DocumentSymbol[] =>
    block.node.children
      .filter(
        (c) =>
          model.commandAt(c.line.line)?.match?.fact.role === 'port' ||
          model.commandAt(c.line.line)?.match?.fact.role === 'member',
      )
      .map((c) => lineSymbol(c, kind, detail(c)));
  if (!name)
    return block.node.children.length > 0
      ? lineSymbol(block.node, SymbolKind.Namespace)
      : undefined;
  switch (role) {
    case 'server':
      return make(
        name.text,
        second?.text ?? '',
        SymbolKind.Object,
        head,
        block.last,
        name,
        childrenOf(SymbolKind.Field),
      );
    case 'service-group':
      return make(
        name.text,
        second?.text ?? '',
        SymbolKind.Class,
        head,
        block.last,
        name,
        childrenOf(SymbolKind.EnumMember),
      );
    case 'virtual-server':
      return make(
        name.text,
        second?.text ?? '',
        SymbolKind.Interface,
        head,
        block.last,
        name,
        childrenOf(SymbolKind.Method, serviceGroupOf),
      );
    case 'nat-pool': {
      const pool = model.natPools.find((p) => p.line === head);
      return make(
        name.text,
        pool?.start && pool.end ? `${pool.start.text} - ${pool.end.text}` : '',
        SymbolKind.Constant,
        head,
        block.last,
        name,
      );
    }
    case 'nat-pool-group':
      return make(name.text, 'NAT pool group', SymbolKind.Constant, head, block.last, name);
    case 'health-monitor': {
      const method = block.node.children.find((c) => c.line.words[0]?.text === 'method');
      return make(
        name.text,
        method
          ? method.line.words
              .slice(1, 2)
              .map((w) => w.text)
              .join(' ')
          : 'health monitor',
        SymbolKind.Event,
        head,
        block.last,
        name,
      );
    }
    case 'template-definition':
      return make(
        args.at(-1)!.text,
        `template ${args
          .slice(0, -1)
          .map((w) => w.text)
          .join(' ')}`,
        SymbolKind.Struct,
        head,
        block.last,
        args.at(-1)!,
      );
    case 'named-access-list':
      return make(
        `access-list ${name.text}`,
        `${block.children.length} rules`,
        SymbolKind.Key,
        head,
        block.last,
        name,
      );
    case 'vrid-definition':
      return make(`vrid ${name.text}`, 'VRRP-A', SymbolKind.Number, head, block.last, name);
    default:
      // Other blocks with lines under them (interfaces, VLANs, routing) are outlined by their head.
      return block.node.children.length > 0
        ? lineSymbol(block.node, SymbolKind.Namespace)
        : undefined;
  }
}

/** A vport's service group, for its outline detail. */
function serviceGroupOf(node: ConfigNode): string {
  return (
    node.children.find((c) => c.line.words[0]?.text === 'service-group')?.line.words[1]?.text ?? ''
  );
}

function lastLineOf(node: ConfigNode): ConfigLine {
  const last = node.children.at(-1);
  return last ? lastLineOf(last) : node.line;
}
