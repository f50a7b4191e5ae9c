// Reads a capture dump into packet copies, and notes the lines it does not understand. The
// dialect is recognised from the content: the first line that is a packet of one dialect decides
// it for the file. The reader takes one line at a time and never looks back, so the same code
// reads an open document and streams a file of any size (server/src/cli.ts). It never throws.
import { isSessionLine, parseAxdebugLine } from './dialects/axdebug';
import {
  carriesOn,
  continueTcpdumpPacket,
  isIndented,
  startTcpdumpPacket,
  type TcpdumpPacket,
} from './dialects/tcpdump';
import type { Dialect, PacketCopy } from './packet';

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
  /** The length of its last line (its end's column). */
  readonly lastLength: number;
}

/** A dump read line by line. */
export interface ParsedCapture {
  /** The dialect the dump is written in; undefined when no line is a packet of either. */
  readonly dialect: Dialect | undefined;
  /** Every packet copy, in line order. */
  readonly copies: readonly PacketCopy[];
  /** Runs of lines that are neither packets nor part of a capture session. */
  readonly unrecognised: readonly LineRun[];
  /** How many lines the dump has. */
  readonly lineCount: number;
}

/** Where a reader hands what it reads, in line order. */
export interface CaptureSink {
  /** A complete packet copy (a tcpdump -v packet once its last continuation line has been read). */
  copy(copy: PacketCopy): void;
  /** A line that is neither a packet nor part of the capture session. */
  unrecognised(line: number, start: number, end: number): void;
}

/**
 * What writes the packets of lines in the usual forms as rows straight from the lines, for a
 * reader that needs no copies (engine/lineRows.ts): the packets of other lines still go to the
 * sink as copies, and rows and copies come in line order. It keeps one packet's row at a time.
 */
export interface LineRowWriter {
  /** Takes a line that is a packet in a form it writes in `dialect`; false for any other line. */
  read(dialect: Dialect, text: string): boolean;
  /** Writes and keeps the row of the line `read` last took, on zero-based line `line` (its words numbered now). */
  write(line: number): void;
  /** The kept row's packet goes on to (zero-based) line `line`. */
  extend(line: number): void;
  /** Hands out the kept row. */
  hand(): void;
}

/** Reads a dump one line at a time and hands each copy and each line it does not understand to a sink. */
export class CaptureReader {
  private recognised: Dialect | undefined;
  private pending: TcpdumpPacket | undefined;
  /** The first line of the packet still being read when its row was written from its line (`rows`), else -1. */
  private pendingRow = -1;

  /**
   * A reader that reports to `sink`. The dialect is recognised from the lines, unless it is
   * given: a piece of a dump read on its own is read in the dialect of the lines before it.
   * With `rows`, the packets of lines in the usual forms are written as rows there instead.
   */
  constructor(
    private readonly sink: CaptureSink,
    dialect?: Dialect,
    private readonly rows?: LineRowWriter,
  ) {
    this.recognised = dialect;
  }

  /** The dialect recognised so far. */
  get dialect(): Dialect | undefined {
    return this.recognised;
  }

  /** The first line of a packet still being read (tcpdump -v continues packets on later lines), if any. */
  get pendingLine(): number | undefined {
    return this.pendingRow >= 0 ? this.pendingRow : this.pending?.copy.line;
  }

  /** Reads the next line: its text without the line end, its zero-based number and its offset. */
  line(text: string, line: number, start: number): void {
    if (isBlank(text)) {
      // tcpdump prints the empty line of a payload it shows (HTTP, WHOIS with -v) as a lone tab:
      // a line of white space continues the packet being read, an empty line ends it.
      if (text.length > 0 && this.continues(text, line, start)) return;
      this.flush();
      return;
    }
    const rows = this.rows;
    if (this.recognised !== 'tcpdump') {
      if (rows?.read('axdebug', text)) {
        this.flush();
        this.recognised = 'axdebug';
        rows.write(line);
        rows.hand();
        return;
      }
      const copy = parseAxdebugLine(text, line, start);
      if (copy) {
        this.flush();
        this.recognised = 'axdebug';
        this.sink.copy(copy);
        return;
      }
    }
    if (this.recognised !== 'axdebug') {
      if (this.pending && carriesOn(this.pending, text)) {
        continueTcpdumpPacket(this.pending, text, line, start);
        return;
      }
      if (rows?.read('tcpdump', text)) {
        // Its words are numbered after the packet before it is handed out, as a copy's would be.
        this.flush();
        this.recognised = 'tcpdump';
        rows.write(line);
        this.pendingRow = line;
        return;
      }
      const packet = startTcpdumpPacket(text, line, start);
      if (packet) {
        this.flush();
        this.recognised = 'tcpdump';
        this.pending = packet;
        return;
      }
      if (this.continues(text, line, start)) return;
    }
    this.flush();
    if (!isSessionLine(text)) this.sink.unrecognised(line, start, start + text.length);
  }

  /** True when an indented line continues the tcpdump packet being read (it is then read as part of it). */
  private continues(text: string, line: number, start: number): boolean {
    if (!isIndented(text)) return false;
    if (this.pending) {
      continueTcpdumpPacket(this.pending, text, line, start);
      return true;
    }
    if (this.pendingRow >= 0) {
      // A packet read whole from its first line: what continues it only moves its end.
      this.rows!.extend(line);
      return true;
    }
    return false;
  }

  /** Ends the dump: hands out the packet still waiting for continuation lines. */
  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.pendingRow >= 0) {
      this.pendingRow = -1;
      this.rows!.hand();
      return;
    }
    if (!this.pending) return;
    const copy = this.pending.copy;
    this.pending = undefined;
    this.sink.copy(copy);
  }
}

function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  // Most lines start with a visible ASCII character: no need to trim them.
  if (first > 32 && first < 127) return false;
  return text.length === 0 || text.trim() === '';
}

/**
 * Parses a whole capture dump held in memory. `keep` turns each copy into what the result
 * holds of it (compactCopies.ts keeps a row of integers instead): the copy itself unless told.
 */
export function parseCapture(
  text: string,
  keep: (copy: PacketCopy) => PacketCopy = (copy) => copy,
): ParsedCapture {
  const copies: PacketCopy[] = [];
  const unrecognised = new UnrecognisedRuns();
  const reader = new CaptureReader({
    copy: (copy) => copies.push(keep(copy)),
    unrecognised: (line, start, end) => unrecognised.add(line, start, end),
  });
  const lineCount = forEachLine(text, (lineText, line, start) =>
    reader.line(lineText, line, start),
  );
  reader.end();
  return { dialect: reader.dialect, copies, unrecognised: unrecognised.runs, lineCount };
}

/** The lines not understood, in line order, gathered into runs of consecutive lines (ParsedCapture.unrecognised). */
export class UnrecognisedRuns {
  readonly runs: LineRun[] = [];
  private last:
    | { firstLine: number; lastLine: number; start: number; end: number; lastLength: number }
    | undefined;

  /** The next line not understood: its zero-based number, its start and its end. */
  add(line: number, start: number, end: number): void {
    const run = this.last;
    if (run && run.lastLine === line - 1) {
      run.lastLine = line;
      run.end = end;
      run.lastLength = end - start;
    } else {
      this.last = { firstLine: line, lastLine: line, start, end, lastLength: end - start };
      this.runs.push(this.last);
    }
  }
}

/**
 * Calls `onLine` for each line of a text (\n, \r\n and a lone \r end lines, as the editor counts
 * them; the text after the last line end is a line too, empty or not); answers the number of
 * lines. Searches line ends natively when there is no \r at all.
 */
export function forEachLine(
  text: string,
  onLine: (text: string, line: number, start: number) => void,
): number {
  let line = 0;
  let start = 0;
  if (text.indexOf('\r') < 0) {
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      onLine(text.slice(start, end), line++, start);
      start = end + 1;
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      onLine(text.slice(start, i), line++, start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  onLine(text.slice(start), line++, start);
  return line;
}
