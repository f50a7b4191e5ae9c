// The editor reads an open dump and analyses it in one pass (analysis.ts analyseCaptureText):
// each copy's row (copyRows.ts) is written as the copy is read, its words numbered in the table
// the analysis keys its flows with, and the copy is kept as a row of integers (compactCopies.ts)
// whose addresses are that table's words: a dump's addresses are numbered once, not once to keep
// the copies and again to pair them, and no copy is read back from its row to write its pairing row.
import { CopyRows } from '../reading/compactCopies';
import type { PacketCopy } from '../reading/packet';
import {
  CaptureReader,
  forEachLine,
  type ParsedCapture,
  UnrecognisedRuns,
} from '../reading/parser';
import { Row, writeRow } from './copyRows';
import type { FlowKeyTable } from './flows';

/**
 * Reads a dump of `lineCount` lines as parseCaptureCompact does, handing `step` each copy kept,
 * in line order, with its row in `row` (all but its KEY), its words numbered by `table`.
 */
export function readCompactly(
  text: string,
  lineCount: number,
  table: FlowKeyTable,
  row: Int32Array,
  step: (copy: PacketCopy) => void,
): ParsedCapture {
  // At most a copy per line: room for as many rows as lines (fitted at the end when far fewer).
  const rows = new CopyRows(text, lineCount, table.texts);
  const copies: PacketCopy[] = [];
  const unrecognised = new UnrecognisedRuns();
  const reader = new CaptureReader({
    copy: (copy) => {
      row.fill(0);
      writeRow(copy, table, row, 0);
      const kept = rows.keep(copy, row[Row.SRC], row[Row.DST]);
      copies.push(kept);
      step(kept);
    },
    unrecognised: (line, start, end) => unrecognised.add(line, start, end),
  });
  const lines = forEachLine(text, (lineText, line, start) => reader.line(lineText, line, start));
  reader.end();
  rows.fit();
  return { dialect: reader.dialect, copies, unrecognised: unrecognised.runs, lineCount: lines };
}
