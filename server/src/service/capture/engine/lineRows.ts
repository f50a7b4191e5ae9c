// The rows of the lines in the usual forms, written straight from the lines (textRows.ts) for a
// capture reader that needs no copies (the inspector's, inspect.ts CaptureRowReader): the
// reader (reading/parser.ts) asks it of each line before reading the line into a copy. A host
// that reads the dump as bytes has the line read from its bytes first (readBytes), and hands the
// reader READ_LINE in its stead: the line's text is never made.
import { ROW_INTS, Row } from './copyRows';
import { readAxdebugRow, readAxdebugRowAt, writeAxdebugRow } from './axdebugRows';
import { readTcpdumpRow, readTcpdumpRowAt, writeTcpdumpRow } from './tcpdumpRows';
import type { RowWords } from './textRows';
import type { Dialect } from '../reading/packet';
import type { LineRowWriter } from '../reading/parser';

/**
 * What the reader is handed for a line readBytes took, in its stead: not blank, and starting with
 * a time stamp, so that no tcpdump packet before it takes it for its own next line (carriesOn),
 * as none takes the line it stands for. The reader hands it to `read`, which says it is a packet
 * (the one readBytes read); nothing else in the reader looks at it.
 */
export const READ_LINE = '00:00:00.0 (a line read from its bytes)';

/** Writes the rows of lines in the usual forms, their words numbered by `words`, and hands each to `emit`. */
export class LineRows implements LineRowWriter {
  private readonly row = new Int32Array(ROW_INTS);
  private dialect: Dialect = 'axdebug';
  /** The dialect of the line readBytes took and the reader has not yet asked about, if any. */
  private taken: Dialect | undefined;

  constructor(
    private readonly words: RowWords,
    private readonly emit: (rows: Int32Array, at: number) => void,
  ) {}

  read(dialect: Dialect, text: string): boolean {
    this.dialect = dialect;
    if (this.taken !== undefined && text === READ_LINE) {
      const taken = this.taken === dialect;
      this.taken = undefined;
      return taken;
    }
    return dialect === 'axdebug' ? readAxdebugRow(text) : readTcpdumpRow(text);
  }

  /**
   * Takes a line in a form it writes in `dialect` from its bytes, from `from` to `to` of `b`: ASCII,
   * no line break, followed by a 0 (b[to]) until the reader has been handed READ_LINE. False for
   * any other line (the reader reads its text).
   */
  readBytes(dialect: Dialect, b: Uint8Array, from: number, to: number): boolean {
    const read =
      dialect === 'axdebug' ? readAxdebugRowAt(b, from, to) : readTcpdumpRowAt(b, from, to);
    this.taken = read ? dialect : undefined;
    return read;
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

/** True when the bytes from `from` to `to` are ASCII. */
export function isAsciiAt(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] > 127) return false;
  return true;
}
