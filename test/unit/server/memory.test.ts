// The server's collection after large work (server/src/memory.ts), in process.
import * as assert from 'assert';
import * as v8 from 'v8';
import { MemoryKeeper } from '../../../server/src/memory';

describe('The server gives back what large work left behind (memory.ts)', () => {
  it('collects when the heap it holds is past the bound, and again only once that heap has grown', () => {
    const keeper = new MemoryKeeper(1); // every heap is large
    let garbage: { i: number }[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i }));
    assert.strictEqual(garbage.length, 300_000);
    garbage = undefined;
    const before = v8.getHeapStatistics().used_heap_size;
    assert.strictEqual(keeper.settle(), true);
    assert.ok(v8.getHeapStatistics().used_heap_size < before, 'the garbage was not collected');
    // Checked again with nothing new: not collected again.
    assert.strictEqual(keeper.settle(), false);
    // Much more kept alive: the heap V8 holds has grown, so it is collected again.
    const kept = Array.from({ length: 2_000_000 }, (_, i) => ({ i, text: `row ${i}` }));
    assert.strictEqual(keeper.settle(), true);
    assert.strictEqual(kept.length, 2_000_000);
  });

  it('collects an answer just written out also when the heap has not grown since the last collection', () => {
    const keeper = new MemoryKeeper(1);
    let answer: { i: number }[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i }));
    // Collected while the answer is alive (before it is written), as the outline's handler does.
    keeper.settle();
    assert.strictEqual(answer.length, 300_000);
    answer = undefined;
    const before = v8.getHeapStatistics().used_heap_size;
    assert.strictEqual(keeper.settle(), false);
    assert.strictEqual(keeper.settle(true), true);
    assert.ok(v8.getHeapStatistics().used_heap_size < before, 'the answer was not collected');
  });

  it('leaves a heap under the bound to V8', () => {
    assert.strictEqual(new MemoryKeeper(Number.MAX_SAFE_INTEGER).settle(), false);
  });
});
