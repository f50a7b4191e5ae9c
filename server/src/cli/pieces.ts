// A large dump read in pieces, each on its own, so that `inspect` can read several on other
// threads while the main thread pairs and joins what they read (inspectThreads.ts). A piece starts
// on a line whose first character is a visible one: such a line ends whatever packet came before
// it (tcpdump continues a packet only on indented lines, and on the unindented line after a VXLAN
// header, where no piece starts), so a piece read on its own reads as it
// would in the whole dump, but for the dialect, which the lines before it may have settled (the
// main thread checks). Where a piece starts is worked out from the bytes alone, so the threads
// agree on it without talking. Each line end is a \n byte, never part of a longer UTF-8 sequence,
// so a piece decodes as it would within the whole.
import * as fs from 'fs';
import { FileProblem, megabytes } from '../safeFiles';
import { CaptureRowReader } from '../service/capture/engine/inspect';
import type { FlowKeyTable } from '../service/capture/engine/flows';
import type { Dialect } from '../service/capture/reading/packet';
import { forEachLine } from '../service/capture/reading/parser';

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
  let text = bytes.toString('utf8');
  if (!last) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1); // its last line end
  const reader = new CaptureRowReader(table, emit, dialect);
  const lines = forEachLine(text, (line, number, offset) => reader.line(line, number, offset));
  reader.end();
  return { lines, dialect: reader.dialect };
}
