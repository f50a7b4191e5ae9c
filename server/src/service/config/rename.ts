// Renaming servers, service groups, NAT pools, health monitors and templates: every definition
// and every use the workspace holds, in every file, and nothing else.
import * as l10n from '@vscode/l10n';
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { rangeOf } from '../diagnostics';
import { kindName } from './facts';
import type { SymbolKind } from './model';
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
      error: l10n.t(
        'A {0} cannot be renamed here: only servers, service groups, NAT pools, health monitors and templates can.',
        kindName(symbol.kind),
      ),
    };
  if (index.definitions(symbol.key, site).length === 0)
    return {
      error: l10n.t(
        '`{0}` is not defined in the workspace, so it cannot be renamed.',
        symbol.name.text,
      ),
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
      error: l10n.t(
        'The new name must be text, not {0}.',
        newName === null ? 'null' : typeof newName,
      ),
    };
  // A control character or half of a surrogate pair would be written into the file as is.
  if (/[\p{Cc}\p{Cs}]/u.test(newName))
    return {
      error: l10n.t(
        '{0} holds a control character or a broken Unicode character: an ACOS name cannot.',
        JSON.stringify(newName),
      ),
    };
  // ACOS names are one word of at most 63 characters; `!` would start a comment.
  if (!/^[^\s!]{1,63}$/.test(newName))
    return {
      error: l10n.t(
        '`{0}` cannot be an ACOS name: one word of 1 to 63 characters, without `!`.',
        newName,
      ),
    };
  if (symbol.kind === 'server' && /:\d*$/.test(newName))
    return {
      error: l10n.t('`{0}` would read as SERVER:PORT in an ACOS 2 member line.', newName),
    };
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
    return {
      error: l10n.t('A {0} named `{1}` already exists.', kindName(symbol.kind), newName),
    };
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
