// `inspect --json`'s records finished from drafts (drafts.ts) at random: random words (addresses
// written from their value, SPIs, names with quotes, backslashes, control characters and
// characters beyond ASCII), fields drawn from a few so that copies repeat each other's fields as a
// flow's packets do (the finisher copies the fields it wrote last for them), flows, other copies
// and lines not understood, handed to the finisher in pieces cut anywhere: every line is the
// record JSON.stringify writes field by field.
import * as assert from 'assert';
import fc from 'fast-check';
import {
  Draft,
  DRAFT_DIALECTS,
  DRAFT_INTS,
  DraftFinisher,
  type InspectTables,
} from '../../server/src/service/capture/engine/drafts';

/** A word of the table: an IPv4 address (its text is its dotted value) or any text. */
const word = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }).map((value) => ({
    text: `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`,
    ipv4: value,
  })),
  fc
    .oneof(
      fc.integer({ min: 0, max: 0xffffffff }).map((v) => `0x${v.toString(16).padStart(8, '0')}`),
      fc.constantFrom('tcp', 'udp', 'esp', 'icmp', '2001:db8::1', '10.1.1.x', 'vs_"a"\\b'),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ maxLength: 12 }),
    )
    .map((text) => ({ text, ipv4: -1 })),
);

/** What a draft says, its words and ports by index into the pools. */
const fields = fc.record({
  dialect: fc.integer({ min: 0, max: DRAFT_DIALECTS.length - 1 }),
  src: fc.integer({ min: -1, max: 7 }),
  dst: fc.integer({ min: -1, max: 7 }),
  protocol: fc.integer({ min: -1, max: 7 }),
  srcPort: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 0x7fffffff }), fc.constant(-2)),
  dstPort: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 65535 }), fc.constant(-3)),
  spi: fc.integer({ min: -1, max: 7 }),
  virtualServer: fc.integer({ min: -1, max: 7 }),
  reference: fc.integer({ min: -4, max: 5 }),
});

const draft = fc.record({
  unrecognised: fc.boolean(),
  /** Which of the few field sets it has: copies of a flow repeat theirs. */
  fields: fc.integer({ min: 0, max: 5 }),
  endLines: fc.integer({ min: 0, max: 3 }),
  pairedWith: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000_000 })),
  /** A dialect and a flow reference of its own, else its field set's. */
  dialect: fc.option(fc.integer({ min: 0, max: DRAFT_DIALECTS.length - 1 })),
  reference: fc.option(fc.integer({ min: -4, max: 5 })),
});

describe('inspect records finished from drafts, at random', () => {
  it('writes every record as JSON.stringify writes it, whatever the words, the repeats and the pieces', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 8, maxLength: 8 }),
        fc.array(fields, { minLength: 6, maxLength: 6 }),
        fc.array(draft, { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }),
        (words, sets, drafts, flowOfKey, flowOfQuote, cuts) => {
          // Ports too large for a draft are words: -2 - word.
          const texts = [...words.map((w) => w.text), '4294967296', '99999999999'];
          const tables: InspectTables = {
            flowOfKey: Int32Array.from(flowOfKey),
            flowOfQuote: Int32Array.from(flowOfQuote),
            words: texts,
            ipv4s: [...words.map((w) => w.ipv4), -1, -1],
          };
          const port = (p: number): number => (p === -2 ? -10 : p === -3 ? -11 : p);
          const ints = new Int32Array(drafts.length * DRAFT_INTS);
          let expected = '';
          let line = 0;
          drafts.forEach((d, n) => {
            const f = {
              ...sets[d.fields],
              ...(d.dialect !== null ? { dialect: d.dialect } : {}),
              ...(d.reference !== null ? { reference: d.reference } : {}),
            };
            const at = n * DRAFT_INTS;
            line += 1 + d.endLines;
            const flow =
              f.reference >= 0
                ? flowOfKey[f.reference]
                : f.reference <= -2
                  ? flowOfQuote[-2 - f.reference]
                  : 0;
            ints[at + Draft.LINE] = line;
            ints[at + Draft.PAIRED_WITH] = d.pairedWith;
            ints[at + Draft.REFERENCE] = f.reference;
            const record: Record<string, unknown> = { line: line + 1 };
            if (d.unrecognised) {
              ints[at + Draft.END_LINE] = -1;
              record.unrecognised = true;
            } else {
              ints[at + Draft.END_LINE] = line + d.endLines;
              ints[at + Draft.DIALECT] = f.dialect;
              ints[at + Draft.SRC] = f.src;
              ints[at + Draft.DST] = f.dst;
              ints[at + Draft.PROTOCOL] = f.protocol;
              ints[at + Draft.SRC_PORT] = port(f.srcPort);
              ints[at + Draft.DST_PORT] = port(f.dstPort);
              ints[at + Draft.SPI] = f.spi;
              ints[at + Draft.VIRTUAL_SERVER] = f.virtualServer;
              record.endLine = line + d.endLines + 1;
              record.dialect = DRAFT_DIALECTS[f.dialect];
              if (f.src >= 0) record.src = texts[f.src];
              if (f.dst >= 0) record.dst = texts[f.dst];
              if (f.protocol >= 0) record.protocol = texts[f.protocol];
              if (f.srcPort !== -1) record.srcPort = f.srcPort === -2 ? 4294967296 : f.srcPort;
              if (f.dstPort !== -1) record.dstPort = f.dstPort === -3 ? 99999999999 : f.dstPort;
              if (f.spi >= 0) record.spi = texts[f.spi];
              if (f.virtualServer >= 0) record.virtualServer = texts[f.virtualServer];
            }
            if (flow > 0) record.flow = flow;
            if (d.pairedWith > 0) record.pairedWith = d.pairedWith;
            expected += JSON.stringify(record) + '\n';
          });
          // The drafts' bytes in pieces cut anywhere, as a host hands them back.
          const bytes = new Uint8Array(ints.buffer);
          const finisher = new DraftFinisher(tables);
          const decoder = new TextDecoder();
          let json = '';
          let from = 0;
          for (let c = 0; from < bytes.length; c++) {
            const to = Math.min(bytes.length, from + cuts[c % cuts.length]);
            json += decoder.decode(finisher.add(bytes.slice(from, to)));
            from = to;
          }
          assert.ok(finisher.complete);
          assert.strictEqual(json, expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
