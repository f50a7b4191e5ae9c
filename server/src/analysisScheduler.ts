// When the server analyses a document. A burst of edits is analysed once, at its last version:
// an analysis waits until the document has been left alone for about as long as its last
// analysis took, and until the connection has no message left to dispatch, so the edits (and
// the requests) already received go first. Work for a version that was replaced before it
// started is never done. A running analysis cannot be interrupted (JavaScript runs one thing at a
// time), so a request waits for at most one analysis, never for one per edit.
import type { MessageStrategy, MessageWriter } from 'vscode-languageserver';

/** The longest a document is left unanalysed after its last edit, however slow its analysis. */
const MAX_DELAY_MS = 1_000;
/**
 * An analysis shorter than this is not delayed: it runs between two keystrokes (typing is some
 * 100 ms a key), and a pause would only double the time to the diagnostics of the last one.
 */
const MIN_DELAYED_MS = 50;

/**
 * Counts the messages the connection dispatches to their handlers (pass `strategy` as the
 * connection's message strategy). Knowing that, work can wait for a turn on which none is queued.
 */
export class MessageTraffic {
  private dispatched = 0;
  /** Messages handed to the writer (`watch`) and not yet written out. */
  private unwritten = 0;
  private readonly whenAllWritten: (() => void)[] = [];

  /** The connection's message strategy: it counts each message, then handles it as usual. */
  readonly strategy: MessageStrategy = {
    handleMessage: (message, next) => {
      this.dispatched++;
      return next(message);
    },
  };

  /**
   * Runs `work` once the connection's queue is empty. The connection dispatches one queued
   * message per turn of the event loop, on an immediate it queues after handling the one before:
   * when a turn passes with no message dispatched, none was waiting. The first turn only gets
   * behind the connection's next immediate (called from a handler, ours would run before it).
   */
  whenQuiet(work: () => void): { cancel(): void } {
    let handle: NodeJS.Immediate;
    const check = (seen: number): void => {
      handle = setImmediate(() => (this.dispatched === seen ? work() : check(this.dispatched)));
    };
    handle = setImmediate(() => check(this.dispatched));
    return { cancel: () => clearImmediate(handle) };
  }

  /** The connection's writer (pass it to the connection instead of `writer`): it counts the messages not yet written out. */
  watch(writer: MessageWriter): MessageWriter {
    // On the next turn: the connection's frames that awaited the write (holding the message) end first.
    const written = (): void => {
      if (--this.unwritten > 0 || this.whenAllWritten.length === 0) return;
      setImmediate(() => {
        if (this.unwritten === 0) for (const work of this.whenAllWritten.splice(0)) work();
      });
    };
    return {
      onError: writer.onError,
      onClose: writer.onClose,
      write: (message) => {
        this.unwritten++;
        return writer.write(message).finally(written);
      },
      end: () => writer.end(),
      dispose: () => writer.dispose(),
    };
  }

  /**
   * Runs `work` once the messages handed to the writer so far, and the answer of the request
   * being handled (written after its handler returns), are written out: what they held can then
   * be given back. Without a watched writer, on the next turn.
   */
  whenWritten(work: () => void): void {
    setImmediate(() => {
      if (this.unwritten === 0) work();
      else this.whenAllWritten.push(work);
    });
  }
}

/** Schedules one analysis per document, coalescing the edits that come while it waits. */
export class AnalysisScheduler {
  private readonly waiting = new Map<
    string,
    { timer?: NodeJS.Timeout; quiet?: { cancel(): void } }
  >();
  /** How long each document's last analysis after an edit took. */
  private readonly lastDuration = new Map<string, number>();

  constructor(
    private readonly traffic: MessageTraffic,
    /** Analyses (and publishes) a document at its current version. */
    private readonly analyse: (uri: string) => void,
  ) {}

  /**
   * Asks for an analysis of a document: `edited`, after a pause as long as its last analysis after
   * an edit took (none when that was quick), so edits that come faster than it can be analysed are analysed together;
   * `opened` (or `other`: another file changed, whose own pause has passed), as soon as the queued
   * messages are handled. Asking again before it runs replaces the request.
   */
  schedule(uri: string, why: 'opened' | 'edited' | 'other' = 'edited'): void {
    this.cancel(uri);
    const entry: { timer?: NodeJS.Timeout; quiet?: { cancel(): void } } = {};
    this.waiting.set(uri, entry);
    const run = (): void => {
      entry.timer = undefined;
      entry.quiet = this.traffic.whenQuiet(() => {
        this.waiting.delete(uri);
        const started = performance.now();
        try {
          this.analyse(uri);
        } finally {
          // A first analysis runs cold, and one for another file's change reads that file: only an edit's
          // tells how fast the document itself is analysed.
          if (why === 'edited') this.lastDuration.set(uri, performance.now() - started);
        }
      });
    };
    const last = why === 'edited' ? (this.lastDuration.get(uri) ?? 0) : 0;
    const delay = last < MIN_DELAYED_MS ? 0 : Math.min(MAX_DELAY_MS, last);
    if (delay === 0) run();
    else entry.timer = setTimeout(run, delay);
  }

  /** True while an analysis of the document is asked for and has not run. */
  isWaiting(uri: string): boolean {
    return this.waiting.has(uri);
  }

  /** Drops the waiting analysis of a document (closed, or analysed by other means). */
  cancel(uri: string): void {
    const entry = this.waiting.get(uri);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.quiet?.cancel();
    this.waiting.delete(uri);
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.cancel(uri);
    this.lastDuration.delete(uri);
  }
}
