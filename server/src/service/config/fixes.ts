// The payload a configuration diagnostic carries for its quick fixes, written when the document
// is checked, and the style (indentation, ACOS 2 or 4 member form, `!` separators, line end) in
// which a fix writes new lines.
import type { TextEdit } from 'vscode-languageserver-types';
import { lineEndOf } from '../text';
import type { ConfigDocument } from './ast';

/** One quick fix: a title and its edits, by document uri. */
export interface ConfigFix {
  /** What the fix does, as the editor lists it. */
  readonly title: string;
  /** True for the fix the editor may apply with one key. */
  readonly preferred?: boolean;
  /** The edits, by document uri (a fix may edit the file that defines an object). */
  readonly changes: Readonly<Record<string, readonly TextEdit[]>>;
}

/** The data of a configuration diagnostic (other than the missing-others one, which has its own). */
export interface ConfigFixData {
  /** The fixes, best first. */
  readonly fixes: readonly ConfigFix[];
  /** The edit that writes a suppression comment above the line, when one can go there. */
  readonly suppress?: TextEdit;
}

/** Data comes back from the editor: check its shape before trusting it. */
export function isConfigFixData(data: unknown): data is ConfigFixData {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as { fixes?: unknown; suppress?: unknown };
  if (!Array.isArray(candidate.fixes)) return false;
  if (candidate.suppress !== undefined && !isTextEdit(candidate.suppress)) return false;
  return candidate.fixes.every((fix: unknown) => {
    if (typeof fix !== 'object' || fix === null) return false;
    const { title, changes } = fix as { title?: unknown; changes?: unknown };
    if (typeof title !== 'string' || typeof changes !== 'object' || changes === null) return false;
    return Object.values(changes).every(
      (edits: unknown) => Array.isArray(edits) && edits.every(isTextEdit),
    );
  });
}

/** True for a value of a TextEdit's shape (diagnostic data comes back from the client as any JSON). */
export function isTextEdit(value: unknown): value is TextEdit {
  const edit = value as Partial<TextEdit> | undefined;
  const position = (p: unknown): boolean => {
    const candidate = p as { line?: unknown; character?: unknown } | undefined;
    return Number.isInteger(candidate?.line) && Number.isInteger(candidate?.character);
  };
  return (
    typeof edit === 'object' &&
    edit !== null &&
    typeof edit.newText === 'string' &&
    position(edit.range?.start) &&
    position(edit.range?.end)
  );
}

/** How a configuration file is written, so new lines look like their neighbours. */
export interface FileStyle {
  /** The indentation of a block's first-level lines (ACOS 2: 3 spaces; ACOS 4: 2). */
  readonly indent: string;
  /** `member SERVER:PORT` (ACOS 2) or `member SERVER PORT` (ACOS 4). */
  readonly acos2Members: boolean;
  /** True when blocks are closed by `!` lines. */
  readonly bangSeparators: boolean;
  /** The line end. */
  readonly lineEnd: string;
}

/** Reads a document's style from its own lines (ACOS 4 style when it has nothing to go by). */
export function fileStyleOf(config: ConfigDocument, text: string): FileStyle {
  const firstLevel = config.blocks.find((b) => b.node.children.length > 0)?.node.children[0].line
    .indentText;
  const member = config.lines.find((l) => l.words[0]?.text === 'member' && l.words.length >= 2);
  // `member GW:0` or `member GW:0 priority 8` (ACOS 2), not `member GW 0` (ACOS 4).
  const acos2Members = member
    ? member.words[1].text.includes(':') && !/^\d+$/.test(member.words[2]?.text ?? '')
    : false;
  return {
    indent: firstLevel ?? (acos2Members ? '   ' : '  '),
    acos2Members,
    bangSeparators: config.lines.some((l) => l.text === '!'),
    lineEnd: lineEndOf(text),
  };
}
