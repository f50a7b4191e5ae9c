// `inspect` on a large dump: worker threads (inspectWorker.ts) read pieces of it into rows while
// the main thread takes the rows in line order and pairs, joins and drafts them (the inspector's
// work, which depends on every line before). The records are the same as when one thread reads
// the dump line by line: each piece is read as it would be within the whole (pieces.ts), its
// words renumbered into the main thread's table and its lines moved by the lines before it; a
// piece whose first packet is in another dialect than the one already settled (a dump that holds
// both) is read again on the main thread in the settled one. At most a few pieces wait to be
// taken, so memory does not grow with the dump.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { Worker } from 'worker_threads';
import { renumberRow, ROW_INTS } from '../service/capture/engine/copyRows';
import { DRAFT_INTS } from '../service/capture/engine/drafts';
import type { CaptureInspector, InspectTables } from '../service/capture/engine/inspect';
import type { Dialect } from '../service/capture/reading/packet';
import { readPiece } from './pieces';

/** What a worker is asked: to read a piece of a dump, to take the tables drafts are finished with, to finish drafts. */
export type WorkerTask =
  | {
      readonly kind: 'read';
      readonly index: number;
      readonly file: string;
      readonly size: number;
      /** The piece: from the first piece start at or after `from` to the first at or after `to`. */
      readonly from: number;
      readonly to: number;
      /** Rows of a piece taken before, handed back to be written over. */
      readonly spare?: Int32Array;
    }
  | {
      /** The next piece, bytes [from, to), of a binary capture one worker reads from its start, in order. */
      readonly kind: 'binary';
      readonly index: number;
      readonly file: string;
      readonly size: number;
      readonly from: number;
      readonly to: number;
      /** True for the last piece: the worker ends the file (and says why it stopped early, if it did). */
      readonly last: boolean;
      readonly spare?: Int32Array;
    }
  | { readonly kind: 'tables'; readonly tables: InspectTables }
  | {
      readonly kind: 'finish';
      readonly index: number;
      /** The drafts file (open in this process, nameless), and the drafts to finish in it (whole drafts). */
      readonly fd: number;
      readonly from: number;
      readonly to: number;
      /** Memory of JSON written out before, handed back to be written over. */
      readonly spare?: Uint8Array;
    };

/** A piece read into rows. */
export interface PieceRows {
  readonly index: number;
  /** Where it starts and ends in the file. */
  readonly start: number;
  readonly end: number;
  /** Its lines, counted from its first. */
  readonly lines: number;
  /** The dialect of its first packet, if any. */
  readonly dialect: Dialect | undefined;
  /** `count` rows, their words the worker's, their lines the piece's. */
  readonly rows: Int32Array;
  readonly count: number;
  /** The worker's words numbered since its last piece, in order, and their IPv4 values (-1 for none). */
  readonly words: readonly string[];
  readonly ipv4s: readonly number[];
  /** A binary capture's last piece: why the file could not be read to its end, if it could not. */
  readonly fault?: string;
}

/** Drafts finished into JSON Lines (UTF-8). */
export interface FinishedDrafts {
  readonly index: number;
  readonly json: Uint8Array;
}

/** A task that failed. */
export interface TaskError {
  readonly index: number;
  readonly error: string;
  readonly code?: string;
}

/** Pieces of a few megabytes: enough lines to be worth a message, few enough that reading starts at once. */
export const PIECE_BYTES = 4 << 20;

/** Records finished per task: some thirty thousand. */
export const DRAFTS_PER_BLOCK = 32_768;

/** The workers' script: beside this one (server/out/ once bundled). */
const WORKER_SCRIPT = path.join(__dirname, 'inspectWorker.js');

/** How many worker threads inspect a dump of `size` bytes with: none (the main thread reads it line by line) for a small one or a single core. */
export function readingThreads(size: number): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  if (size < 4 * PIECE_BYTES || cores < 2) return 0;
  // A command line copied without the worker's script beside it still works, on one thread.
  return fs.existsSync(WORKER_SCRIPT) ? Math.min(cores, 4) : 0;
}

/** How many tasks may be done but not yet taken, beyond two per worker. */
const AHEAD = 3;

/** Where a worker's words are in the main thread's table. */
class WordMap {
  words = new Int32Array(1024);
  count = 0;
  /** True while every word has the same number here as there (the main thread's table took no other word first). */
  same = true;

  adopt(piece: PieceRows, inspector: CaptureInspector): void {
    const needed = this.count + piece.words.length;
    if (needed > this.words.length) {
      const grown = new Int32Array(Math.max(needed, 2 * this.words.length));
      grown.set(this.words);
      this.words = grown;
    }
    if (this.same && inspector.table.wordCount === this.count) {
      // The main thread's words are this worker's so far: its new words are the next ones here too.
      inspector.table.appendWords(piece.words, piece.ipv4s);
      for (let i = 0; i < piece.words.length; i++, this.count++)
        this.words[this.count] = this.count;
      return;
    }
    for (let i = 0; i < piece.words.length; i++) {
      const word = inspector.table.adopt(piece.words[i], piece.ipv4s[i]);
      if (word !== this.count) this.same = false;
      this.words[this.count++] = word;
    }
  }
}

/**
 * Worker threads that read a dump's pieces (read) and finish its drafts (finish), each in as many
 * tasks as it takes, their results taken in order. Closed with close().
 */
export class InspectThreads {
  private readonly workers: Worker[];
  private onMessage: (worker: number, message: { index: number }) => void = () => {};
  private onError: (error: unknown) => void = () => {};

  constructor(count: number) {
    // The threads keep every core busy, so V8's background compiler threads would only compete
    // with them while hot code waits for its optimized version: compiling on the thread that runs
    // the code is faster here (bench/capture.ts: 1.57 s to 1.49 s, and 2.05 s to 1.90 s, on two
    // cores). A V8 flag is the process's, and each isolate reads it when it starts: the workers'.
    v8.setFlagsFromString('--no-concurrent-recompilation');
    this.workers = Array.from({ length: count }, (_, w) => {
      const worker = new Worker(WORKER_SCRIPT);
      worker.on('message', (message: { index: number }) => this.onMessage(w, message));
      worker.on('error', (error) => this.onError(error));
      return worker;
    });
  }

  /** Reads a dump of `size` bytes into `inspector`, in pieces of `pieceBytes`, in line order. */
  async read(
    file: string,
    size: number,
    inspector: CaptureInspector,
    pieceBytes: number,
  ): Promise<void> {
    const maps = this.workers.map(() => new WordMap());
    const spares = this.workers.map((): Int32Array[] => []);
    let lineBase = 0;
    let dialect: Dialect | undefined;
    await this.farm<PieceRows>(
      Math.max(1, Math.ceil(size / pieceBytes)),
      (index, w) => {
        const spare = spares[w].pop();
        const from = index * pieceBytes;
        const task: WorkerTask = {
          kind: 'read',
          index,
          file,
          size,
          from,
          to: from + pieceBytes,
          spare,
        };
        this.workers[w].postMessage(task, spare ? [spare.buffer as ArrayBuffer] : []);
      },
      (piece, w) => {
        maps[w].adopt(piece, inspector);
        const base = lineBase;
        if (dialect !== undefined && piece.dialect !== undefined && piece.dialect !== dialect) {
          // Its first packet is in another dialect than the one settled: read in the settled one, here.
          const fd = fs.openSync(file, 'r');
          try {
            readPiece(fd, piece.start, piece.end, size, inspector.table, dialect, (rows, at) => {
              renumberRow(rows, at, undefined, base);
              inspector.row(rows, at);
            });
          } finally {
            fs.closeSync(fd);
          }
        } else {
          for (let at = 0; at < piece.count * ROW_INTS; at += ROW_INTS) {
            renumberRow(piece.rows, at, maps[w].words, base);
            inspector.row(piece.rows, at);
          }
          dialect ??= piece.dialect;
        }
        lineBase += piece.lines;
        inspector.readTo(lineBase);
        spares[w].push(piece.rows);
      },
    );
  }

  /**
   * Reads a binary capture of `size` bytes into `inspector`: the first worker decodes its packets
   * into rows, in pieces of `pieceBytes`, while this thread pairs and drafts them. Answers why the
   * file could not be read to its end, if it could not.
   */
  async readBinary(
    file: string,
    size: number,
    inspector: CaptureInspector,
    pieceBytes: number,
  ): Promise<string | undefined> {
    const map = new WordMap();
    const spares: Int32Array[] = [];
    const count = Math.max(1, Math.ceil(size / pieceBytes));
    let fault: string | undefined;
    await this.farm<PieceRows>(
      count,
      (index) => {
        const spare = spares.pop();
        const from = index * pieceBytes;
        const task: WorkerTask = {
          kind: 'binary',
          index,
          file,
          size,
          from,
          to: from + pieceBytes,
          last: index === count - 1,
          spare,
        };
        this.workers[0].postMessage(task, spare ? [spare.buffer as ArrayBuffer] : []);
      },
      (piece) => {
        map.adopt(piece, inspector);
        // One worker numbers every word, in the order this thread's table then takes them: the
        // same numbers, as a rule, and the rows need no renumbering (their lines are the packets').
        const words = map.same ? undefined : map.words;
        for (let at = 0; at < piece.count * ROW_INTS; at += ROW_INTS) {
          if (words) renumberRow(piece.rows, at, words, 0);
          inspector.row(piece.rows, at);
        }
        fault ??= piece.fault;
        spares.push(piece.rows);
      },
      1,
    );
    return fault;
  }

  /**
   * Finishes the `size` bytes of drafts in a file (open as `fd`) with `tables`, `draftsPerBlock` a
   * task, handing their JSON Lines to `write` in order.
   */
  async finish(
    fd: number,
    size: number,
    tables: InspectTables,
    write: (json: Uint8Array, written: () => void) => Promise<void> | undefined,
    draftsPerBlock = DRAFTS_PER_BLOCK,
  ): Promise<void> {
    const blockBytes = DRAFT_INTS * 4 * draftsPerBlock;
    const task: WorkerTask = { kind: 'tables', tables };
    for (const worker of this.workers) worker.postMessage(task);
    // The memory of JSON written out goes back to its worker, to be written over.
    const spares = this.workers.map((): Uint8Array[] => []);
    await this.farm<FinishedDrafts>(
      Math.ceil(size / blockBytes),
      (index, w) => {
        const from = index * blockBytes;
        const to = Math.min(size, from + blockBytes);
        const spare = spares[w].pop();
        const finish: WorkerTask = { kind: 'finish', index, fd, from, to, spare };
        this.workers[w].postMessage(finish, spare ? [spare.buffer as ArrayBuffer] : []);
      },
      (finished, w) =>
        write(finished.json, () => spares[w].push(new Uint8Array(finished.json.buffer))),
    );
  }

  /** Stops the threads. */
  close(): void {
    // Not waited for (some 20 ms): nothing is asked of them any more.
    for (const worker of this.workers) {
      worker.unref();
      void worker.terminate();
    }
  }

  /**
   * Runs `count` tasks on the first `workers` workers (all unless said), `send` giving task `index` to worker `w`, and hands their
   * results to `take` in order of index, waiting for what it answers. A worker has two tasks at
   * most, so that it never waits for the next; at most a few results wait to be taken.
   */
  private async farm<R extends { index: number }>(
    count: number,
    send: (index: number, worker: number) => void,
    take: (result: R, worker: number) => Promise<void> | void,
    workers = this.workers.length,
  ): Promise<void> {
    const given = this.workers.map(() => 0);
    const done = new Map<number, { result: R; worker: number }>();
    let assigned = 0;
    let taken = 0;
    let failure: { error: unknown } | undefined;
    let wake = (): void => {};
    const assign = (): void => {
      for (let round = 0; round < 2; round++)
        for (let w = 0; w < workers; w++) {
          if (given[w] >= 2 || assigned >= count) continue;
          if (assigned - taken >= AHEAD + 2 * workers) continue;
          given[w]++;
          send(assigned++, w);
        }
    };
    this.onMessage = (w, message) => {
      given[w]--;
      if ('error' in message) {
        const { error, code } = message as TaskError;
        failure ??= { error: Object.assign(new Error(error), { code }) };
      } else {
        done.set(message.index, { result: message as R, worker: w });
        assign(); // first, so that the worker reads on while this thread takes what is done
      }
      wake();
    };
    this.onError = (error) => {
      failure ??= { error };
      wake();
    };
    assign();
    while (taken < count) {
      let next = done.get(taken);
      while (!next && !failure) {
        await new Promise<void>((resolve) => (wake = resolve));
        next = done.get(taken);
      }
      if (failure) throw failure.error;
      done.delete(taken++);
      await take(next!.result, next!.worker);
      assign();
    }
  }
}
