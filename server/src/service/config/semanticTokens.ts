// Semantic tokens add what the grammar cannot know: whether a name is defined. A name gets the
// token type of what it names (server, service group, ...) at its definition and at every use
// that resolves; a use that resolves to nothing gets `variable` with the `unresolved` modifier,
// so a typo does not look like the object it was meant to be.
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { Word } from '../text';
import type { SymbolKind } from './model';
import { type IndexedConfig, type SymbolIndex } from './symbols';

const TOKEN_TYPES = [
  'class',
  'enum',
  'interface',
  'variable',
  'event',
  'struct',
  'function',
  'type',
  'enumMember',
] as const;
const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary', 'unresolved'] as const;

/** The token types and modifiers the tokens use (the server declares them). */
export const configSemanticTokensLegend: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

const TYPE_OF: Readonly<Record<SymbolKind, (typeof TOKEN_TYPES)[number]>> = {
  server: 'class',
  'service-group': 'enum',
  'virtual-server': 'interface',
  'nat-pool': 'variable',
  'health-monitor': 'event',
  template: 'struct',
  aflex: 'function',
  'access-list': 'type',
  vrid: 'enumMember',
  'ha-group': 'enumMember',
};

const modifier = (name: (typeof TOKEN_MODIFIERS)[number]): number =>
  1 << TOKEN_MODIFIERS.indexOf(name);

/** The semantic tokens of a configuration document (or of the lines from `fromLine` to `toLine`). */
export function configSemanticTokens(
  site: IndexedConfig,
  index: SymbolIndex,
  fromLine = 0,
  toLine = Number.MAX_SAFE_INTEGER,
): SemanticTokens {
  const tokens: { word: Word; type: number; modifiers: number }[] = [];
  const inRange = (word: Word): boolean => {
    const line = site.document.positionAt(word.start).line;
    return line >= fromLine && line <= toLine;
  };
  for (const definition of site.model.definitions) {
    if (!inRange(definition.name)) continue;
    tokens.push({
      word: definition.name,
      type: TOKEN_TYPES.indexOf(TYPE_OF[definition.kind]),
      modifiers: modifier('declaration'),
    });
  }
  const resolved = new Map<string, boolean>();
  for (const reference of site.model.references) {
    if (!inRange(reference.name)) continue;
    let defined = resolved.get(reference.key);
    if (defined === undefined) {
      defined = index.definitions(reference.key, site).length > 0;
      resolved.set(reference.key, defined);
    }
    const builtIn =
      (reference.kind === 'template' && reference.name.text === 'default') ||
      (reference.kind === 'vrid' && reference.name.text === '0');
    if (defined || builtIn || reference.kind === 'aflex') {
      tokens.push({
        word: reference.name,
        type: TOKEN_TYPES.indexOf(TYPE_OF[reference.kind]),
        modifiers: builtIn ? modifier('defaultLibrary') : 0,
      });
    } else {
      tokens.push({
        word: reference.name,
        type: TOKEN_TYPES.indexOf('variable'),
        modifiers: modifier('unresolved'),
      });
    }
  }
  tokens.sort((a, b) => a.word.start - b.word.start);
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  let previousEnd = -1;
  for (const { word, type, modifiers } of tokens) {
    if (word.start < previousEnd) continue; // Never two tokens over one character.
    const { line, character } = site.document.positionAt(word.start);
    data.push(
      line - previousLine,
      line === previousLine ? character - previousCharacter : character,
      word.end - word.start,
      type,
      modifiers,
    );
    previousLine = line;
    previousCharacter = character;
    previousEnd = word.end;
  }
  return { data };
}
