// Words of the user's text cut to a readable length where the service shows them: a name or a
// line of megabytes (a damaged file, a binary pasted in) must not be echoed whole into a
// diagnostic's message, an outline entry or a code action's title, where it would fill the
// Problems panel, the outline and the command line's output and slow every one of them. The whole
// word stays where it is needed (the document, a fix's edit and its data); only what is shown is cut.
import type { CodeAction, Diagnostic, DocumentSymbol } from 'vscode-languageserver-types';

/** The most characters a word keeps where it is shown: longer ones are cut in the middle. */
export const LONGEST_WORD = 100;

/** The characters kept after the ellipsis: a name's end often tells it from its neighbours. */
const KEPT_AT_END = 20;

/** The ellipsis put where a word is cut. */
export const ELLIPSIS = '…';

/** Whether the UTF-16 code unit at `index` is the second half of a surrogate pair. */
function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * A word cut to `longest` characters with an ellipsis in the middle when it is longer (its start,
 * `…`, its last few characters), never inside a surrogate pair; shorter words as they are.
 */
export function cutWord(word: string, longest = LONGEST_WORD): string {
  if (word.length <= longest) return word;
  const tail = Math.min(KEPT_AT_END, Math.floor((longest - 1) / 2));
  let headEnd = longest - 1 - tail;
  let tailStart = word.length - tail;
  if (isLowSurrogate(word, headEnd)) headEnd--;
  if (isLowSurrogate(word, tailStart)) tailStart++;
  return `${word.slice(0, headEnd)}${ELLIPSIS}${word.slice(tailStart)}`;
}

/** A text with each word (a run without whitespace) longer than `longest` characters cut (cutWord). */
export function cutLongWords(text: string, longest = LONGEST_WORD): string {
  if (text.length <= longest) return text;
  return text.replace(new RegExp(`\\S{${longest + 1},}`, 'g'), (word) => cutWord(word, longest));
}

/** Diagnostics whose messages (and related messages) have their long words cut. */
export function withShortMessages(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const shown = diagnostic.message as Diagnostic['message'] | { kind: string; value: string };
    const message =
      typeof shown === 'string'
        ? cutLongWords(shown)
        : { ...shown, value: cutLongWords(shown.value) };
    const relatedInformation = diagnostic.relatedInformation?.map((info) => ({
      ...info,
      message: cutLongWords(info.message),
    }));
    return {
      ...diagnostic,
      message,
      ...(relatedInformation ? { relatedInformation } : {}),
    } as Diagnostic;
  });
}

/** Outline entries whose names and details have their long words cut, at every depth. */
export function withShortNames(symbols: DocumentSymbol[]): DocumentSymbol[] {
  return symbols.map((symbol) => ({
    ...symbol,
    name: cutLongWords(symbol.name),
    ...(symbol.detail !== undefined ? { detail: cutLongWords(symbol.detail) } : {}),
    ...(symbol.children !== undefined ? { children: withShortNames(symbol.children) } : {}),
  }));
}

/** Code actions whose titles have their long words cut (their edits are left whole). */
export function withShortTitles(actions: CodeAction[]): CodeAction[] {
  return actions.map((action) => ({ ...action, title: cutLongWords(action.title) }));
}
