// A thread of `inspect` (inspectThreads.ts). While the dump is read, it reads pieces of it into
// rows (pieces.ts) and hands them to the main thread with the words it numbered since its last
// piece: its FlowKeyTable is its own, kept from piece to piece, and the main thread renumbers the
// rows into its own. A binary capture is read by one worker alone, piece after piece, in order.
// Once the flows are known, it finishes drafts into JSON Lines. Bundled as
// server/out/inspectWorker.js, beside the command line.
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
import { CaptureRowFeed, type RowPlace } from '../service/capture/engine/binaryFeed';
import { ROW_INTS } from '../service/capture/engine/copyRows';
import { DraftFinisher } from '../service/capture/engine/drafts';
import { FlowKeyTable } from '../service/capture/engine/flows';
import { bytesAt, pieceStart, readPiece } from './pieces';
import type { FinishedDrafts, PieceRows, TaskError, WorkerTask } from './inspectThreads';

const table = new FlowKeyTable();
/** How many of the table's words the main thread has been sent. */
let sent = 0;
/** Rows the main thread has taken and handed back, to be written over rather than allocated anew. */
const spares: Int32Array[] = [];
let finisher: DraftFinisher | undefined;

/** The words the table numbered since the last piece, and their IPv4 values, to send with a piece. */
function newWords(): { words: string[]; ipv4s: number[] } {
  const words: string[] = [];
  const ipv4s: number[] = [];
  for (; sent < table.wordCount; sent++) {
    words.push(table.texts[sent]);
    ipv4s.push(table.ipv4s[sent]);
  }
  return { words, ipv4s };
}

/** Rows written one after another into memory that grows, or that the main thread handed back. */
class RowBuffer {
  rows: Int32Array;
  count = 0;

  constructor(wanted: number) {
    const spare = wanted > 0 ? spares.pop() : undefined;
    this.rows = spare && spare.length >= wanted ? spare : new Int32Array(wanted);
  }

  add(row: Int32Array, at: number): void {
    const to = this.reserve();
    for (let i = 0; i < ROW_INTS; i++) this.rows[to + i] = row[at + i];
    this.count++;
  }

  /** Makes room for the next row; answers where it starts (a RowPlace: a row written in place). */
  reserve(): number {
    if ((this.count + 1) * ROW_INTS > this.rows.length) {
      const grown = new Int32Array(Math.max(1024 * ROW_INTS, 2 * this.rows.length));
      grown.set(this.rows);
      this.rows = grown;
    }
    return this.count * ROW_INTS;
  }

  /** Keeps the row written at reserve()'s place. */
  commit(): void {
    this.count++;
  }
}

/**
 * A binary capture being read, one task (a piece of its bytes) after another, on this thread alone:
 * its packets are decoded in order (the decoder keeps each IKEv1 initiator's cookie for the frames
 * after it), its rows handed to the main thread piece by piece.
 */
class BinaryRead implements RowPlace {
  readonly fd: number;
  /** The rows of the piece being read. */
  buffer = new RowBuffer(0);
  /** True once the reader stopped at a fault: the pieces after it have no rows. */
  stopped = false;
  /** The rows are written straight into the piece's buffer (this is their RowPlace). */
  private readonly feed = new CaptureRowFeed(table, this);

  constructor(file: string) {
    this.fd = fs.openSync(file, 'r');
  }

  get rows(): Int32Array {
    return this.buffer.rows;
  }

  reserve(): number {
    return this.buffer.reserve();
  }

  commit(): void {
    this.buffer.commit();
  }

  /** Reads the bytes [from, to) of the file; the last piece ends the file: why it could not be read to its end, if it could not. */
  piece(from: number, to: number, last: boolean): string | undefined {
    if (!this.stopped && to > from) {
      // Memory of its own: the reader may keep the end of a chunk for a packet the next one ends.
      const chunk = Buffer.allocUnsafe(to - from);
      for (let read = 0; read < chunk.length;) {
        const count = fs.readSync(this.fd, chunk, read, chunk.length - read, from + read);
        if (count === 0) throw new Error('the file became shorter while it was read');
        read += count;
      }
      this.stopped = !this.feed.push(chunk);
    }
    return last ? this.feed.end() : undefined;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

let binary: BinaryRead | undefined;

function readBinary(task: Extract<WorkerTask, { kind: 'binary' }>): PieceRows {
  if (task.spare) spares.push(task.spare);
  binary ??= new BinaryRead(task.file);
  const reading = binary;
  const from = Math.min(task.from, task.size);
  const to = Math.min(task.to, task.size);
  reading.buffer = new RowBuffer(Math.max(1024, ((to - from) >> 6) * ROW_INTS));
  let fault: string | undefined;
  try {
    fault = reading.piece(from, to, task.last);
  } catch (error) {
    reading.close();
    binary = undefined;
    throw error;
  }
  if (task.last) {
    reading.close();
    binary = undefined;
  }
  const { rows, count } = reading.buffer;
  const { words, ipv4s } = newWords();
  return {
    index: task.index,
    start: from,
    end: to,
    lines: 0,
    dialect: undefined,
    rows,
    count,
    words,
    ipv4s,
    ...(fault !== undefined ? { fault } : {}),
  };
}

function read(task: Extract<WorkerTask, { kind: 'read' }>): PieceRows {
  if (task.spare) spares.push(task.spare);
  const fd = fs.openSync(task.file, 'r');
  try {
    const start = pieceStart(fd, task.from, task.size);
    const end = pieceStart(fd, task.to, task.size);
    const buffer = new RowBuffer(Math.max(1024, ((end - start) >> 6) * ROW_INTS));
    const { lines, dialect } = readPiece(fd, start, end, task.size, table, undefined, (row, at) =>
      buffer.add(row, at),
    );
    const { rows, count } = buffer;
    const { words, ipv4s } = newWords();
    return { index: task.index, start, end, lines, dialect, rows, count, words, ipv4s };
  } finally {
    fs.closeSync(fd);
  }
}

function finish(task: Extract<WorkerTask, { kind: 'finish' }>): FinishedDrafts {
  if (!finisher) throw new Error('drafts to finish before the tables to finish them with');
  // The file is the main thread's, open in this process: read where asked, left open.
  const finished = finisher.add(bytesAt(task.fd, task.from, task.to));
  // Into memory the main thread can take (and hands back once it is written out).
  const json =
    task.spare && task.spare.length >= finished.length
      ? task.spare
      : new Uint8Array(finished.length + (finished.length >> 3)); // room for a longer block next time
  json.set(finished);
  return { index: task.index, json: json.subarray(0, finished.length) };
}

parentPort?.on('message', (task: WorkerTask) => {
  if (task.kind === 'tables') {
    finisher = new DraftFinisher(task.tables);
    return;
  }
  let result: PieceRows | FinishedDrafts | TaskError;
  try {
    result =
      task.kind === 'read' ? read(task) : task.kind === 'binary' ? readBinary(task) : finish(task);
  } catch (error) {
    const { message, code } = error as NodeJS.ErrnoException;
    result = { index: task.index, error: message ?? String(error), code };
  }
  const buffer =
    'rows' in result ? result.rows.buffer : 'json' in result ? result.json.buffer : undefined;
  parentPort!.postMessage(result, buffer ? [buffer as ArrayBuffer] : []);
});
