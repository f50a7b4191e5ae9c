// The server's memory once a large document's work is done. V8 collects its old generation only
// when that has grown to a few times what was alive at the last collection, and gives pages back
// to the system only then; an editor then leaves the server idle, so nothing collects. After the
// diagnostics of a 500,000-line dump, the heap held about 300 MB of which some 120 MB was the
// analysis's garbage, kept for as long as the dump stayed open; drawing its flow diagram added as
// much again. So once a piece of work has left a large heap, one full collection gives the garbage
// back before the answer goes out; an answer that is large itself (a diagram's outline: its
// columns, then its JSON) is collected again once written out. Node offers the collector only
// behind a flag (`--expose-gc`); it is set here, and a context made after it carries the
// collector (as test runners do).
import * as v8 from 'v8';
import * as vm from 'vm';

/** A heap (the memory V8 holds for it, garbage and all) smaller than this is left to V8. */
const LARGE_HEAP = 256 * 1024 * 1024;
/** Collected again only once the heap V8 holds has grown to this factor of what it held after the last collection. */
const GROWTH = 1.25;

/** V8's full collection, or undefined where it cannot be had. */
function fullCollector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const collect: unknown = vm.runInNewContext('gc');
    return typeof collect === 'function' ? (collect as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Gives garbage back to the system after work that leaves a large heap (a large dump analysed, its diagram drawn). */
export class MemoryKeeper {
  private readonly collect = fullCollector();
  /** The heap V8 held after the last collection this keeper made. */
  private held = 0;

  constructor(private readonly largeHeap = LARGE_HEAP) {}

  /**
   * Collects when the heap V8 holds is large and has grown well past what it held after the last
   * collection (what V8 holds, not what it uses: after a collection of its own it keeps the pages a
   * while; and a document checked again with nothing new is not collected again); true when it did.
   * `always`: whether or not it has grown, for an answer that was alive at the last collection and
   * has just been written out.
   */
  settle(force = false): boolean {
    if (!this.collect) return false;
    const committed = v8.getHeapStatistics().total_heap_size;
    if (committed < this.largeHeap || (!force && committed < this.held * GROWTH)) return false;
    // V8 sweeps and gives back the freed pages on other threads, which a busy machine runs late
    // (the pages stayed for seconds): this one collection sweeps before it returns.
    v8.setFlagsFromString('--no-concurrent-sweeping');
    try {
      this.collect();
    } finally {
      v8.setFlagsFromString('--concurrent-sweeping');
    }
    this.held = v8.getHeapStatistics().total_heap_size;
    return true;
  }
}
