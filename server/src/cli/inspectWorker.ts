// A thread of `inspect` (inspectThreads.ts). While the dump is read, it reads pieces of it into
// rows (pieces.ts) and hands them to the main thread with the words it numbered since its last
// piece: its FlowKeyTable is its own, kept from piece to piece, and the main thread renumbers the
// rows into its own. Once the flows are known, it finishes drafts into JSON Lines. Bundled as
// server/out/inspectWorker.js, beside the command line.
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
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

function read(task: Extract<WorkerTask, { kind: 'read' }>): PieceRows {
  if (task.spare) spares.push(task.spare);
  const fd = fs.openSync(task.file, 'r');
  try {
    const start = pieceStart(fd, task.from, task.size);
    const end = pieceStart(fd, task.to, task.size);
    const wanted = Math.max(1024, ((end - start) >> 6) * ROW_INTS);
    const spare = spares.pop();
    let rows = spare && spare.length >= wanted ? spare : new Int32Array(wanted);
    let count = 0;
    const { lines, dialect } = readPiece(fd, start, end, task.size, table, undefined, (row, at) => {
      if ((count + 1) * ROW_INTS > rows.length) {
        const grown = new Int32Array(2 * rows.length);
        grown.set(rows);
        rows = grown;
      }
      const to = count++ * ROW_INTS;
      for (let i = 0; i < ROW_INTS; i++) rows[to + i] = row[at + i];
    });
    const words: string[] = [];
    const ipv4s: number[] = [];
    for (; sent < table.wordCount; sent++) {
      words.push(table.texts[sent]);
      ipv4s.push(table.ipv4s[sent]);
    }
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
    result = task.kind === 'read' ? read(task) : finish(task);
  } catch (error) {
    const { message, code } = error as NodeJS.ErrnoException;
    result = { index: task.index, error: message ?? String(error), code };
  }
  const buffer =
    'rows' in result ? result.rows.buffer : 'json' in result ? result.json.buffer : undefined;
  parentPort!.postMessage(result, buffer ? [buffer as ArrayBuffer] : []);
});
