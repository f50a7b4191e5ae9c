// The server's messages over a stream are written as JSON a piece at a time (server/src/jsonBytes.ts),
// never as one whole text (a large answer, as an outline): the bytes must be JSON.stringify's, to the
// byte, for any value.
import * as assert from 'assert';
import fc from 'fast-check';
import { jsonBytes, writtenInPieces } from '../../server/src/jsonBytes';
import { outlineOf } from '../../server/src/service/diagram/outline';
import { CAPTURE_LANGUAGE, createLanguageService } from '../../server/src/service';
import { documentOf } from './documents';
import { fixture } from '../unit/support';

const same = (value: unknown): void =>
  assert.strictEqual(jsonBytes(value).toString('utf8'), JSON.stringify(value));

/** Values JSON cannot write and how JSON.stringify treats them: left out of objects, null in arrays. */
const noJson = fc.constantFrom(undefined, () => 1, Symbol('s'));

/** Any value a message may hold, with strings of any code point (lone surrogates too), toJSON and boxed values. */
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme', maxLength: 70_000 }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    noJson,
    fc.date({ noInvalidDate: false }),
    fc.constantFrom(new Number(4), new String('boxed ↔'), new Boolean(false)),
    tie('value').map((inner) => ({ toJSON: (key: string) => ({ key, inner }) })),
    fc.array(tie('value')),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('value')),
    fc.uint8Array(),
  ),
})).value;

describe('A message written a piece at a time (jsonBytes)', () => {
  it('is JSON.stringify of it, to the byte', () => {
    // As a message holds it: a field of an object and an item of an array.
    fc.assert(
      fc.property(anyValue, (value) => same({ jsonrpc: '2.0', result: value, items: [value] })),
      { numRuns: 500 },
    );
  });

  it('is so for a message with a diagram outline, whose typed columns write themselves as arrays', () => {
    const diagram = createLanguageService().getFlowDiagram(
      documentOf(CAPTURE_LANGUAGE, fixture('capture/f5-nat-vpn.tcpdump.txt')),
    );
    assert.ok(!('error' in diagram));
    same({ jsonrpc: '2.0', id: 7, result: outlineOf(diagram, 3) });
  });

  it('is chosen only for an answer whose result holds values that write themselves, as an outline does', () => {
    const diagram = createLanguageService().getFlowDiagram(
      documentOf(CAPTURE_LANGUAGE, fixture('capture/f5-nat-vpn.tcpdump.txt')),
    );
    assert.ok(!('error' in diagram));
    const chosen = [
      { jsonrpc: '2.0', id: 7, result: outlineOf(diagram, 3) },
      { jsonrpc: '2.0', id: 8, result: { contents: { kind: 'markdown', value: 'ESP' } } },
      { jsonrpc: '2.0', id: 9, result: [{ name: 'vip', kind: 5 }] },
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { diagnostics: [] } },
    ].map((message) => writtenInPieces(message));
    assert.deepStrictEqual(chosen, [true, false, false, false]);
  });

  it('throws where JSON.stringify throws', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    assert.throws(() => jsonBytes(cycle), TypeError);
    assert.throws(() => jsonBytes({ big: 1n }), TypeError);
  });
});
