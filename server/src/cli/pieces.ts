// A large dump read in pieces, each on its own, so that `inspect` can read several on other
// threads while the main thread pairs and joins what they read (inspectThreads.ts). A piece starts
// on a line whose first character is a visible one: such a line ends whatever packet came before
// it (tcpdump continues a packet only on indented lines, and on the unindented line after a VXLAN
// header, where no piece starts), so a piece read on its own reads as it
// would in the whole dump, but for the dialect, which the lines before it may have settled (the
// main thread checks). Where a piece starts is worked out from the bytes alone, so the threads
// agree on it without talking. Each line end is a \n byte, never part of a longer UTF-8 sequence,
// so a piece decodes as it would within the whole.
import { isAscii } from 'buffer';
import * as fs from 'fs';
import { FileProblem, megabytes } from '../safeFiles';
import { CaptureRowReader } from '../service/capture/engine/inspect';
import type { FlowKeyTable } from '../service/capture/engine/flows';
import { isAsciiAt } from '../service/capture/engine/lineRows';
import type { Dialect } from '../service/capture/reading/packet';

/** How many bytes are looked at at a time for where a piece starts. */
const LOOK = 1 << 16;

/**
 * The longest line `inspect` reads, in bytes: a capture dump's lines are a few hundred bytes, and
 * a file with a line of many megabytes (a binary file, a device copied out) is refused before it
 * is held whole in memory.
 */
export const LONGEST_LINE = 16 << 20;

/** Why a file with a line longer than LONGEST_LINE is not read. */
export function longLine(): FileProblem {
  return new FileProblem(
    `it holds a line longer than ${megabytes(LONGEST_LINE)} MB, which no capture dump does`,
  );
}

/**
 * Where the first piece starting at or after `position` starts: 0, the file's size, or the
 * position after a \n followed by a visible ASCII character. Throws (longLine) when it meets a
 * line longer than LONGEST_LINE on the way.
 */
export function pieceStart(fd: number, position: number, size: number): number {
  if (position <= 0) return 0;
  const bytes = Buffer.allocUnsafe(LOOK);
  let lineStart = position - 1;
  // From the byte before `position`, in overlapping reads: a \n and the byte after it.
  for (let from = position - 1; from < size - 1; from += LOOK - 1) {
    const count = fs.readSync(fd, bytes, 0, Math.min(LOOK, size - from), from);
    if (count < 2) break;
    for (let i = 0; i + 1 < count; i++) {
      if (bytes[i] !== 10) continue;
      if (bytes[i + 1] > 32 && bytes[i + 1] < 127 && !afterVxlan(fd, from + i)) return from + i + 1;
      lineStart = from + i + 1;
    }
    if (from + count - lineStart > LONGEST_LINE) throw longLine();
  }
  return size;
}

/** Throws (longLine) when the bytes hold a line longer than LONGEST_LINE. */
function checkLineLengths(bytes: Buffer): void {
  if (bytes.length <= LONGEST_LINE) return;
  let start = 0;
  for (let end = bytes.indexOf(10); ; end = bytes.indexOf(10, start)) {
    if ((end < 0 ? bytes.length : end) - start > LONGEST_LINE) throw longLine();
    if (end < 0) return;
    start = end + 1;
  }
}

/** The end of a VXLAN header line (tcpdump): `VXLAN, flags [I] (0x08), vni 4097`. */
const VXLAN_HEADER_END = /VXLAN, flags \[[^\]]*\] \(0x[0-9a-fA-F]+\), vni [0-9]+\r?$/;

/**
 * True when the line that ends at the \n at `lineEnd` is a VXLAN header: tcpdump prints the frame
 * it carries on the next line, unindented, and that line continues the packet, so no piece starts there.
 */
function afterVxlan(fd: number, lineEnd: number): boolean {
  const from = Math.max(0, lineEnd - 96);
  const tail = Buffer.allocUnsafe(lineEnd - from);
  const count = fs.readSync(fd, tail, 0, tail.length, from);
  return VXLAN_HEADER_END.test(tail.toString('latin1', 0, count));
}

/** The bytes last read, in memory kept for the next read: a piece is megabytes long. */
let kept = Buffer.alloc(0);

/** The bytes of a file from `from` to `to`, valid until the next call (the memory is reused). */
export function bytesAt(fd: number, from: number, to: number): Buffer {
  if (kept.length < to - from) kept = Buffer.allocUnsafeSlow(to - from);
  for (let read = 0; read < to - from;) {
    const count = fs.readSync(fd, kept, read, to - from - read, from + read);
    if (count === 0) throw new Error('the file became shorter while it was read');
    read += count;
  }
  return kept.subarray(0, to - from);
}

/** What takes a dump's lines, one after another: from their bytes where it can, else their text. */
export interface ByteLineSink {
  /**
   * Takes the next line from its bytes, from `from` to `to` of `b` (ASCII, without its line end,
   * followed by a 0); false when it does not (the line is then handed to `line`).
   */
  lineAt(b: Uint8Array, from: number, to: number): boolean;
  /** Takes the next line's text. */
  line(text: string): void;
}

/**
 * Cuts bytes, handed chunk by chunk, into lines as the editor counts them (\n, \r\n and a lone \r
 * end a line; what follows the last line end is a line too, empty or not), and hands each to a
 * sink: from its bytes where the sink can read it so, else as its text (UTF-8, decoded line by
 * line as the whole would be: a line end is never part of a longer sequence). No string is made
 * of a line the sink reads from its bytes. Throws (longLine) at a line longer than LONGEST_LINE.
 */
export class LineSplitter {
  /** The start of a line the chunks so far have not ended, and how long it is. */
  private carry: Buffer[] = [];
  private carried = 0;
  /** True when the last chunk ended with a \r: a \n starting the next one ends no other line. */
  private pendingCr = false;

  constructor(private readonly sink: ByteLineSink) {}

  /** Takes the next chunk (the splitter reads it and writes in it while it does, restoring it). */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (chunk[0] === 10) start = 1; // the \n of a \r\n split between chunks
    }
    if (start >= chunk.length) return;
    const ascii = isAscii(chunk);
    const cr = chunk.indexOf(13, start) >= 0;
    const bytes = plain(chunk);
    if (this.carried > 0) {
      // The line the last chunk began, ended in this one.
      const end = cr ? lineEndAt(chunk, start) : chunk.indexOf(10, start);
      const to = end < 0 ? chunk.length : end;
      this.keep(chunk, start, to);
      if (end < 0) return;
      this.emitCarried();
      start = this.after(chunk, end);
      if (start < 0) return;
    }
    if (!cr) {
      // The common case, \n only: the native search finds the line ends.
      for (let end = chunk.indexOf(10, start); end >= 0; end = chunk.indexOf(10, start)) {
        this.emit(chunk, bytes, start, end, ascii);
        start = end + 1;
      }
    } else {
      for (let end = lineEndAt(chunk, start); end >= 0; end = lineEndAt(chunk, start)) {
        this.emit(chunk, bytes, start, end, ascii);
        start = this.after(chunk, end);
        if (start < 0) return;
      }
    }
    this.keep(chunk, start, chunk.length);
  }

  /** Ends the bytes: hands out the line after the last line end (empty when they end with one) when `last`, else drops it (it is empty). */
  end(last = true): void {
    if (last) this.emitCarried();
  }

  /** Hands out the line kept so far, joined in memory of its own with room for the 0 after it. */
  private emitCarried(): void {
    const line = Buffer.allocUnsafe(this.carried + 1);
    let at = 0;
    for (const part of this.carry) at += part.copy(line, at);
    this.carry = [];
    this.carried = 0;
    this.emit(line, plain(line), 0, at, isAscii(line.subarray(0, at)));
  }

  /** Where the next line starts after the line end at `end`; -1 when that is past the chunk (a \r at its end may be half a \r\n). */
  private after(chunk: Buffer, end: number): number {
    if (chunk[end] === 13) {
      if (end + 1 === chunk.length) {
        this.pendingCr = true;
        return -1;
      }
      if (chunk[end + 1] === 10) return end + 2;
    }
    return end + 1;
  }

  /** Keeps the bytes from `from` to `to` of a chunk as (more of) the line not yet ended. */
  private keep(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.carry.push(Buffer.from(chunk.subarray(from, to))); // a copy: the chunk is not kept
    this.carried += to - from;
    if (this.carried > LONGEST_LINE) throw longLine();
  }

  /**
   * Hands a line to the sink: from its bytes (`b`, the same memory as `buffer`) when they are
   * ASCII and a 0 can follow them in place, else as its text.
   */
  private emit(buffer: Buffer, b: Uint8Array, from: number, to: number, ascii: boolean): void {
    if (to < b.length && (ascii || isAsciiAt(b, from, to))) {
      const after = b[to];
      b[to] = 0;
      let taken: boolean;
      try {
        taken = this.sink.lineAt(b, from, to);
      } finally {
        b[to] = after;
      }
      if (taken) return;
    }
    this.sink.line(buffer.toString('utf8', from, to));
  }
}

/**
 * The bytes of a Buffer as a plain Uint8Array, the same memory: the row writers then read one kind
 * of array only, as they do the lines they write into bytes of their own (textRows.ts lineBytes).
 */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** Where the first \n or \r from `from` on is; -1 for none. */
function lineEndAt(b: Buffer, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === 10 || b[i] === 13) return i;
  return -1;
}

/** What reading a piece found. */
export interface PieceRead {
  /** How many lines it has. */
  readonly lines: number;
  /** The dialect its first packet is written in, if it has one. */
  readonly dialect: Dialect | undefined;
}

/**
 * Reads the piece of a file of `size` bytes between two starts (pieceStart) into rows, its words
 * numbered by `table` and its lines counted from the piece's first: the last piece (ending at the
 * end of the file) ends with a line even when it is empty, as the editor counts lines; any other
 * ends with its last line end. `dialect` is the dialect the lines before it settled, if known.
 * Throws (longLine) for a piece with a line longer than LONGEST_LINE.
 */
export function readPiece(
  fd: number,
  start: number,
  end: number,
  size: number,
  table: FlowKeyTable,
  dialect: Dialect | undefined,
  emit: (rows: Int32Array, at: number) => void,
): PieceRead {
  // An empty file is one empty line; any other empty piece (past the last start) has no line.
  const last = end === size && (start < end || size === 0);
  if (end <= start && !last) return { lines: 0, dialect: undefined };
  const bytes = bytesAt(fd, start, end);
  checkLineLengths(bytes); // only a piece longer than a line may be is looked through
  const reader = new CaptureRowReader(table, emit, dialect);
  let lines = 0;
  let offset = 0;
  const splitter = new LineSplitter({
    lineAt: (b, from, to) => {
      if (!reader.lineAt(b, from, to, lines, offset)) return false;
      lines++;
      offset += to - from + 1;
      return true;
    },
    line: (text) => {
      reader.line(text, lines++, offset);
      offset += text.length + 1;
    },
  });
  splitter.push(bytes);
  // A piece other than the last ends with its last line end: no line follows it.
  splitter.end(last);
  reader.end();
  return { lines, dialect: reader.dialect };
}
