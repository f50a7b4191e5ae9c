// Reads a capture dump into packet copies, and notes the lines it does not understand.
// It never throws; it looks at each line once.
import { splitLines } from '../text';
import { isAxdebugSessionLine, parseAxdebugLine } from './dialects/axdebug';
import type { PacketCopy } from './packet';

/** Consecutive lines that were not understood, reported together. */
export interface LineRun {
  /** First line of the run (zero-based). */
  readonly firstLine: number;
  /** Last line of the run (zero-based, inclusive). */
  readonly lastLine: number;
  /** Offset of the run's start. */
  readonly start: number;
  /** Offset of the end of its last line. */
  readonly end: number;
}

/** A dump read line by line. */
export interface ParsedCapture {
  /** The dialect the dump is written in. */
  readonly dialect: 'axdebug';
  /** Every packet copy, in line order. */
  readonly copies: readonly PacketCopy[];
  /** Runs of lines that are neither packets nor part of a capture session. */
  readonly unrecognised: readonly LineRun[];
  /** How many lines the dump has. */
  readonly lineCount: number;
}

/** Parses a capture dump. */
export function parseCapture(text: string): ParsedCapture {
  const copies: PacketCopy[] = [];
  const unrecognised: LineRun[] = [];
  let run: { firstLine: number; lastLine: number; start: number; end: number } | undefined;
  const lines = splitLines(text);
  for (const { line, start, end, text: lineText } of lines) {
    const copy = parseAxdebugLine(lineText, line, start);
    if (copy) {
      copies.push(copy);
    } else if (lineText.trim() !== '' && !isAxdebugSessionLine(lineText)) {
      if (run && run.lastLine === line - 1) {
        run.lastLine = line;
        run.end = end;
      } else {
        run = { firstLine: line, lastLine: line, start, end };
        unrecognised.push(run);
      }
      continue;
    }
  }
  return { dialect: 'axdebug', copies, unrecognised, lineCount: lines.length };
}
