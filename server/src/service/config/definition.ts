// Go to definition and find references: the name under the cursor resolved through the
// workspace's symbol table, so a member in one file leads to the server in another.
import type { Location } from 'vscode-languageserver-types';
import { rangeOf } from '../diagnostics';
import type { Word } from '../text';
import { type IndexedConfig, symbolAt, type SymbolIndex } from './symbols';

/** Where the object named at an offset is defined (every block that defines it, this document's first). */
export function configDefinition(
  site: IndexedConfig,
  index: SymbolIndex,
  offset: number,
): Location[] {
  const symbol = symbolAt(site.model, offset);
  if (!symbol) return [];
  return index
    .definitions(symbol.key, site)
    .map(({ site: where, definition }) => locationOf(where, definition.name));
}

/** Every use of the object named at an offset, and its definitions when asked. */
export function configReferences(
  site: IndexedConfig,
  index: SymbolIndex,
  offset: number,
  includeDeclaration: boolean,
): Location[] {
  const symbol = symbolAt(site.model, offset);
  if (!symbol) return [];
  const uses = index
    .references(symbol.key, site)
    .map(({ site: where, reference }) => ({ where, word: reference.name }));
  const definitions = includeDeclaration
    ? index
        .definitions(symbol.key, site)
        .map(({ site: where, definition }) => ({ where, word: definition.name }))
    : [];
  return [...definitions, ...uses]
    .sort((a, b) =>
      a.where.uri === b.where.uri
        ? a.word.start - b.word.start
        : a.where.uri === site.uri
          ? -1
          : b.where.uri === site.uri
            ? 1
            : a.where.uri < b.where.uri
              ? -1
              : 1,
    )
    .map(({ where, word }) => locationOf(where, word));
}

/** The location of a word of a document. */
export function locationOf(site: IndexedConfig, word: Word): Location {
  return { uri: site.uri, range: rangeOf(site.document, word.start, word.end) };
}
