// Renaming servers, service groups, NAT pools, health monitors and templates: every definition
// and every use the workspace holds, in every file, and nothing else.
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { rangeOf } from '../diagnostics';
import { KIND_NAMES, type SymbolKind } from './model';
import { type IndexedConfig, symbolAt, type SymbolIndex } from './symbols';

/** The kinds of object a rename may change: the ones the user names freely. */
const RENAMABLE: ReadonlySet<SymbolKind> = new Set([
  'server',
  'service-group',
  'nat-pool',
  'health-monitor',
  'template',
]);

/** What may be renamed at an offset: the name's range and text, or why not. */
export type RenameTarget =
  { readonly range: Range; readonly placeholder: string } | { readonly error: string };

/** The name a rename at an offset would change; undefined where there is no name at all. */
export function configPrepareRename(
  site: IndexedConfig,
  index: SymbolIndex,
  offset: number,
): RenameTarget | undefined {
  const symbol = symbolAt(site.model, offset);
  if (!symbol) return undefined;
  if (!RENAMABLE.has(symbol.kind))
    return {
      error: `A ${KIND_NAMES[symbol.kind]} cannot be renamed here: only servers, service groups, NAT pools, health monitors and templates can.`,
    };
  if (index.definitions(symbol.key, site).length === 0)
    return {
      error: `\`${symbol.name.text}\` is not defined in the workspace, so it cannot be renamed.`,
    };
  return {
    range: rangeOf(site.document, symbol.name.start, symbol.name.end),
    placeholder: symbol.name.text,
  };
}

/** The edits that rename the object at an offset, or why they cannot be made. */
export function configRename(
  site: IndexedConfig,
  index: SymbolIndex,
  offset: number,
  newName: unknown,
): WorkspaceEdit | { error: string } | undefined {
  const target = configPrepareRename(site, index, offset);
  if (!target || 'error' in target) return target;
  const symbol = symbolAt(site.model, offset)!;
  // An editor sends text; anything else (null, a number) is no name, not the name `null`.
  if (typeof newName !== 'string')
    return {
      error: `The new name must be text, not ${newName === null ? 'null' : typeof newName}.`,
    };
  // A control character or half of a surrogate pair would be written into the file as is.
  if (/[\p{Cc}\p{Cs}]/u.test(newName))
    return {
      error: `${JSON.stringify(newName)} holds a control character or a broken Unicode character: an ACOS name cannot.`,
    };
  // ACOS names are one word of at most 63 characters; `!` would start a comment.
  if (!/^[^\s!]{1,63}$/.test(newName))
    return {
      error: `\`${newName}\` cannot be an ACOS name: one word of 1 to 63 characters, without \`!\`.`,
    };
  if (symbol.kind === 'server' && /:\d*$/.test(newName))
    return { error: `\`${newName}\` would read as SERVER:PORT in an ACOS 2 member line.` };
  if (
    newName !== symbol.name.text &&
    index
      .objectsOf(
        symbol.kind,
        site,
        symbol.templateType,
        symbol.definition?.partition ?? symbol.reference?.partition ?? '',
      )
      .has(newName)
  ) {
    return { error: `A ${KIND_NAMES[symbol.kind]} named \`${newName}\` already exists.` };
  }
  const changes: Record<string, TextEdit[]> = {};
  const edit = (where: IndexedConfig, start: number, end: number): void => {
    (changes[where.uri] ??= []).push({
      range: rangeOf(where.document, start, end),
      newText: newName,
    });
  };
  for (const { site: where, definition } of index.definitions(symbol.key, site))
    edit(where, definition.name.start, definition.name.end);
  for (const { site: where, reference } of index.references(symbol.key, site))
    edit(where, reference.name.start, reference.name.end);
  return { changes };
}
