// Silencing one finding: `! balancer-lens-disable-next-line lbconf/unused-definition` above a
// line. ACOS reads a line starting with `!` as a comment, so the file still pastes onto the box.
import type { TextEdit } from 'vscode-languageserver-types';
import type { ConfigDocument } from './ast';
import { blockAt } from './model';

/** The word after `!` that silences findings on the next line. */
export const DISABLE_NEXT_LINE = 'balancer-lens-disable-next-line';

const DIRECTIVE = new RegExp(`^\\s*!\\s*${DISABLE_NEXT_LINE}(?=\\s|$)(.*)$`);

/** The codes silenced on each line (by line number): a list, or `all` when the comment names none. */
export function suppressionsOf(config: ConfigDocument): Map<number, readonly string[] | 'all'> {
  const silenced = new Map<number, readonly string[] | 'all'>();
  for (const line of config.lines) {
    // Cheap tests first: most lines are commands, not comments.
    if (line.words.length > 0 || !line.text.includes(DISABLE_NEXT_LINE)) continue;
    const match = DIRECTIVE.exec(line.text);
    if (!match) continue;
    const codes = match[1].split(/[\s,]+/).filter((c) => c.length > 0);
    silenced.set(line.line + 1, codes.length === 0 ? 'all' : codes);
  }
  return silenced;
}

/**
 * The edit that silences `code` on a line: the code is added to a disable comment just above,
 * or a new comment is written above in the line's own indentation. Undefined for a line a
 * comment cannot precede without changing the document's meaning (a status-summary line at
 * column 0: a `!` there would end the VIP).
 */
export function suppressionEdit(
  config: ConfigDocument,
  lineNumber: number,
  code: string,
  lineEnd: string,
): TextEdit | undefined {
  const line = config.lines[lineNumber];
  if (!line) return undefined;
  // The block is found by halving (blocks are in line order): a scan per finding made a
  // configuration of thousands of findings quadratic.
  const isBlockHead = line.indentText === '' && blockAt(config, lineNumber)?.head === line;
  if (line.indentText === '' && !isBlockHead) return undefined;
  const above = config.lines[lineNumber - 1];
  if (above && DIRECTIVE.test(above.text)) {
    const at = { line: above.line, character: above.text.trimEnd().length };
    return { range: { start: at, end: at }, newText: ` ${code}` };
  }
  const at = { line: lineNumber, character: 0 };
  return {
    range: { start: at, end: at },
    newText: `${line.indentText}! ${DISABLE_NEXT_LINE} ${code}${lineEnd}`,
  };
}
