// The rows of the lines in the usual forms, written straight from the lines (textRows.ts) for a
// capture reader that needs no copies (the inspector's, inspect.ts CaptureRowReader): the
// reader (reading/parser.ts) asks it of each line before reading the line into a copy.
import { ROW_INTS, Row } from './copyRows';
import { readAxdebugRow, writeAxdebugRow } from './axdebugRows';
import { readTcpdumpRow, writeTcpdumpRow } from './tcpdumpRows';
import type { RowWords } from './textRows';
import type { Dialect } from '../reading/packet';
import type { LineRowWriter } from '../reading/parser';

/** Writes the rows of lines in the usual forms, their words numbered by `words`, and hands each to `emit`. */
export class LineRows implements LineRowWriter {
  private readonly row = new Int32Array(ROW_INTS);
  private dialect: Dialect = 'axdebug';

  constructor(
    private readonly words: RowWords,
    private readonly emit: (rows: Int32Array, at: number) => void,
  ) {}

  read(dialect: Dialect, text: string): boolean {
    this.dialect = dialect;
    return dialect === 'axdebug' ? readAxdebugRow(text) : readTcpdumpRow(text);
  }

  write(line: number): void {
    if (this.dialect === 'axdebug') writeAxdebugRow(this.words, line, this.row, 0);
    else writeTcpdumpRow(this.words, line, this.row, 0);
  }

  extend(line: number): void {
    this.row[Row.END_LINE] = line;
  }

  hand(): void {
    this.emit(this.row, 0);
  }
}
