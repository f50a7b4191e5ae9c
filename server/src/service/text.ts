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
    lines.push({ line: lines.length, start, end: match.index, text: text.slice(start, match.index) });
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
    words.push({ text: match[0], start: lineStart + match.index, end: lineStart + match.index + match[0].length });
  }
  return words;
}
