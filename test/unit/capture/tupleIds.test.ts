// Flow keys are numbered by TupleIds: 0, 1, 2, ... in order of first sight, whatever the look-ups
// in between, however many tuples share a slot of its small table of recent look-ups.
import * as assert from 'assert';
import fc from 'fast-check';
import { TupleIds } from '../../../server/src/service/capture/engine/tupleIds';

describe('TupleIds', () => {
  it('numbers tuples in order of first sight, the same number each time a tuple comes back', () => {
    fc.assert(
      fc.property(
        // Few distinct values, so that tuples repeat; many tuples, so that the tables grow.
        fc.array(fc.array(fc.integer({ min: -3, max: 40 }), { minLength: 6, maxLength: 6 }), {
          minLength: 1,
          maxLength: 3000,
        }),
        (tuples) => {
          const ids = new TupleIds();
          const expected = new Map<string, number>();
          for (const t of tuples) {
            const key = t.join(',');
            if (!expected.has(key)) expected.set(key, expected.size);
            const [a, b, c, d, e, f] = t;
            assert.strictEqual(ids.id(a, b, c, d, e, f), expected.get(key), key);
          }
          assert.strictEqual(ids.size, expected.size);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps the numbers of a hundred thousand tuples through growth and the recent look-ups', () => {
    const ids = new TupleIds();
    for (let n = 0; n < 100_000; n++) assert.strictEqual(ids.id(6, n & 7, n, 443, n >> 3, -1), n);
    for (let n = 99_999; n >= 0; n -= 7)
      assert.strictEqual(ids.id(6, n & 7, n, 443, n >> 3, -1), n);
    assert.strictEqual(ids.size, 100_000);
  });

  it('tells apart tuples that differ in one place only, whichever it is, though their recent slots are shared', () => {
    // Ten thousand tuples per place: more than the recent look-ups have slots, so some share one.
    for (let place = 0; place < 6; place++) {
      const ids = new TupleIds();
      const tuple = (n: number): number[] =>
        [1, 2, 3, 4, 5, 6].map((v, i) => (i === place ? n : v));
      for (let round = 0; round < 2; round++)
        for (let n = 0; n < 10_000; n++) {
          const [a, b, c, d, e, f] = tuple(n);
          assert.strictEqual(ids.id(a, b, c, d, e, f), n, `place ${place}, ${n}`);
        }
    }
  });
});
