// The words of a FlowKeyTable (flows.ts) at random: whatever way a word is asked for (its text,
// an IPv4 address's or an SPI's value, or adopted from another table), one text is one word; and
// a table that takes another's words in its order (appendWords, as the command line's main thread
// takes those a worker read a binary capture with) numbers every word after them as a table that
// adopted them one by one does.
import * as assert from 'assert';
import fc from 'fast-check';
import { FlowKeyTable } from '../../server/src/service/capture/engine/flows';

/** A way to ask a table for a word. */
type Ask =
  | { readonly by: 'text'; readonly text: string }
  | { readonly by: 'ipv4'; readonly value: number }
  | { readonly by: 'spi'; readonly value: number };

const small = fc.integer({ min: 0, max: 6 });
const ask: fc.Arbitrary<Ask> = fc.oneof(
  fc
    .oneof(
      // An SPI as the text form writes it (found by its value), and as it may be written otherwise.
      small.map((v) => `0x${v.toString(16).padStart(8, '0')}`),
      small.map((v) => `0x${(0xabcdef00 + v).toString(16).toUpperCase().padStart(8, '0')}`),
      small.map((v) => `0x${v.toString(16)}`),
      fc.constantFrom('tcp', 'esp', '10.0.0.1', 'vs_web', '0xabcdef0g', '0x1234567'),
    )
    .map((text) => ({ by: 'text' as const, text })),
  small.map((v) => ({ by: 'ipv4' as const, value: (10 << 24) + v })),
  fc
    .oneof(
      small,
      small.map((v) => 0xabcdef00 + v),
    )
    .map((value) => ({ by: 'spi' as const, value })),
);

function askOf(table: FlowKeyTable, a: Ask): number {
  return a.by === 'text'
    ? table.word(a.text)
    : a.by === 'ipv4'
      ? table.ipv4Word(a.value)
      : table.spiWord(a.value);
}

describe('flow key words, at random', () => {
  it('gives one text one word however it is asked for, and takes appended words as adopted ones', () => {
    fc.assert(
      fc.property(
        fc.array(ask, { maxLength: 40 }),
        fc.array(ask, { maxLength: 40 }),
        (first, then) => {
          // One text, one word; a word's text is what it was asked by, in the form spiWord writes.
          const worker = new FlowKeyTable();
          const byText = new Map<string, number>();
          for (const a of first) {
            const word = askOf(worker, a);
            const text = worker.texts[word];
            if (a.by === 'text') assert.strictEqual(text, a.text);
            if (a.by === 'spi')
              assert.strictEqual(text, `0x${a.value.toString(16).padStart(8, '0')}`);
            if (a.by === 'ipv4') assert.strictEqual(worker.ipv4s[word], a.value);
            else assert.strictEqual(byText.get(text) ?? word, word, `${text} is one word`);
            if (a.by !== 'ipv4') byText.set(text, word);
          }
          // Appended, or adopted one by one: the same words, and the same numbers for what comes after.
          const appended = new FlowKeyTable();
          appended.appendWords(worker.texts, worker.ipv4s);
          const adopted = new FlowKeyTable();
          worker.texts.forEach((text, word) =>
            assert.strictEqual(adopted.adopt(text, worker.ipv4s[word]), word),
          );
          for (const a of then) assert.strictEqual(askOf(appended, a), askOf(adopted, a));
          assert.deepStrictEqual(appended.texts, adopted.texts);
          assert.deepStrictEqual(appended.ipv4s, adopted.ipv4s);
        },
      ),
      { numRuns: 400 },
    );
  });
});
