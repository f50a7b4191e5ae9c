// Numbers for tuples of integers, 0, 1, 2, ... in order of first sight. Flow keys are looked up
// once per packet copy, a million times in a large dump: an open-addressing hash table over typed
// arrays does it without building a string or an object per lookup, and keeps a table of a
// hundred thousand keys in a few compact arrays the garbage collector does not walk.

/** How many integers a tuple holds. */
export const TUPLE_WIDTH = 6;

/** How many tuples looked up lately are kept where a look-up finds them first (a power of two). */
const RECENT = 4096;

/** Tuples of six 32-bit integers, each given the next number when first seen. */
export class TupleIds {
  /** The tuples, TUPLE_WIDTH integers each, by number. */
  private tuples = new Int32Array(TUPLE_WIDTH * 1024);
  /** Per tuple: its hash, so that growing the slots hashes nothing again. */
  private hashes = new Int32Array(1024);
  /** Hash slots: a tuple's number plus one, 0 for an empty slot. Twice as many as tuples at least. */
  private slots = new Int32Array(2048);
  private count = 0;
  /**
   * The tuples looked up lately, by their hash, and their numbers (-1 for none): the copies of a
   * flow come close together, so most look-ups end here, in a table small enough to stay in the
   * processor's cache, rather than in the large one a hundred thousand flows make.
   */
  private readonly recentTuples = new Int32Array(RECENT * TUPLE_WIDTH);
  private readonly recentIds = new Int32Array(RECENT).fill(-1);

  /** How many tuples have a number. */
  get size(): number {
    return this.count;
  }

  /** The number of a tuple, giving it the next one when it is new. */
  id(a: number, b: number, c: number, d: number, e: number, f: number): number {
    const h = hashTuple(a, b, c, d, e, f);
    const recent = h & (RECENT - 1);
    const r = recent * TUPLE_WIDTH;
    const recentTuples = this.recentTuples;
    if (this.recentIds[recent] >= 0 && holds(recentTuples, r, a, b, c, d, e, f))
      return this.recentIds[recent];
    const id = this.lookUp(h, a, b, c, d, e, f);
    put(recentTuples, r, a, b, c, d, e, f);
    this.recentIds[recent] = id;
    return id;
  }

  /** The number of a tuple whose hash is `h`, from the large table. */
  private lookUp(
    h: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
  ): number {
    const mask = this.slots.length - 1;
    const tuples = this.tuples;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot] - 1;
      if (found < 0) return this.insert(slot, h, a, b, c, d, e, f);
      if (holds(tuples, found * TUPLE_WIDTH, a, b, c, d, e, f)) return found;
    }
  }

  private insert(
    slot: number,
    h: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
  ): number {
    const id = this.count++;
    if (this.tuples.length < this.count * TUPLE_WIDTH) {
      const grown = new Int32Array(this.tuples.length * 2);
      grown.set(this.tuples);
      this.tuples = grown;
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = h;
    put(this.tuples, id * TUPLE_WIDTH, a, b, c, d, e, f);
    this.slots[slot] = id + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** Doubles the slots, keeping them at most half full so that probes stay short. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const hashes = this.hashes;
    for (let id = 0; id < this.count; id++) {
      let slot = hashes[id] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

/** Whether the tuple at `at` of `tuples` is (a, b, c, d, e, f). */
function holds(
  tuples: Int32Array,
  at: number,
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
): boolean {
  return (
    tuples[at] === a &&
    tuples[at + 1] === b &&
    tuples[at + 2] === c &&
    tuples[at + 3] === d &&
    tuples[at + 4] === e &&
    tuples[at + 5] === f
  );
}

/** Writes the tuple (a, b, c, d, e, f) at `at` of `tuples`. */
function put(
  tuples: Int32Array,
  at: number,
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
): void {
  tuples[at] = a;
  tuples[at + 1] = b;
  tuples[at + 2] = c;
  tuples[at + 3] = d;
  tuples[at + 4] = e;
  tuples[at + 5] = f;
}

/** Mixes six integers into one (multiply-rotate, as in MurmurHash3's finaliser). */
export function hashTuple(
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
): number {
  let h = Math.imul(a, 0x9e3779b1);
  h = (Math.imul((h << 13) | (h >>> 19), 5) + b) | 0;
  h = (Math.imul(h ^ (h >>> 15), 0x85ebca6b) + c) | 0;
  h = (Math.imul(h ^ (h >>> 13), 0xc2b2ae35) + d) | 0;
  h = (Math.imul(h ^ (h >>> 16), 0x9e3779b1) + e) | 0;
  h = (Math.imul(h ^ (h >>> 15), 0x85ebca6b) + f) | 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
