// Line splitting shared by both languages. Offsets are kept inside the service; line and
// column numbers appear only where results leave it (diagnostics, hovers, edits).

/** One line of a document: its number, where it starts and ends, and its text without the line end. */
export interface SourceLine {
  /** Zero-based line number. */
  readonly line: number;
  /** Offset of the line's first character in the document. */
  readonly start: number;
  /** Offset just after the line's last character (before any \r\n or \n). */
  readonly end: number;
  /** The line's text without its line end. */
  readonly text: string;
}

/** Splits a document into lines, accepting \n, \r\n and a lone \r as line ends. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const pattern = /\r\n|\n|\r/g;
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    lines.push({
      line: lines.length,
      start,
      end: match.index,
      text: text.slice(start, match.index),
    });
    start = match.index + match[0].length;
  }
  lines.push({ line: lines.length, start, end: text.length, text: text.slice(start) });
  return lines;
}

/** The line end the document uses most often at its start, for text the service inserts. */
export function lineEndOf(text: string): string {
  const first = /\r\n|\n|\r/.exec(text);
  return first ? first[0] : '\n';
}

/** A word of a line: its text and the offsets where it stands in the document. */
export interface Word {
  /** The word as written. */
  readonly text: string;
  /** Offset of its first character. */
  readonly start: number;
  /** Offset just after its last character. */
  readonly end: number;
}

/** Splits the text of a line into whitespace-separated words, with document offsets. */
export function wordsOf(text: string, lineStart: number): Word[] {
  const words: Word[] = [];
  const pattern = /\S+/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    words.push({
      text: match[0],
      start: lineStart + match.index,
      end: lineStart + match.index + match[0].length,
    });
  }
  return words;
}

/**
 * Edit distance (insertions, deletions, substitutions, swaps of neighbours) between two names when
 * it is at most `most`, else `most + 1`: only the cells within `most` of the diagonal are worked
 * out, so two names of megabytes cost time in proportion to their length, not its square.
 */
export function editDistance(a: string, b: string, most = 2): number {
  const beyond = most + 1;
  if (Math.abs(a.length - b.length) > most) return beyond;
  // Three rows in turn (the swap looks two rows back); cells outside the band stay `beyond`.
  let before = new Array<number>(b.length + 1).fill(beyond);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= most ? j : beyond));
  let row = new Array<number>(b.length + 1).fill(beyond);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - most);
    row[0] = i <= most ? i : beyond;
    if (from > 1) row[from - 1] = beyond; // left of the band: out of reach (the array held row i - 3)
    let best = row[0];
    for (let j = from; j <= Math.min(b.length, i + most); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1);
      row[j] = Math.min(d, beyond);
      best = Math.min(best, row[j]);
    }
    if (best > most) return beyond;
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length];
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
