// A burst of edits over the protocol, against the built server: it is analysed once, at its last
// version, and a hover sent with it is answered from the last analysis instead of waiting for a
// new one. The edits reach the server in one write, as an editor's messages wait for a busy
// server; what the server did is read from what it publishes, never from how long it took.
import * as assert from 'assert';
import type { MarkupContent } from 'vscode-languageserver-protocol/node';
import { type BurstMessage, fixture, LspClient } from './client';

const EDITS = 30;

/** The line the dump's `i`-th appended ESP packet of the seed's SA adds at the end. */
function espLine(i: number): string {
  return `@2304900${i % 10} i( 1, 100, ${(0x20000 + i).toString(16)})> ip 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x${(0x40 + i).toString(16)}\n`;
}

/** The hover's sentence about the ESP flow of the first packet: how many packets it has. */
function flowSentence(hover: unknown): string {
  const value = ((hover as { contents: MarkupContent } | null)?.contents.value ?? '').split('\n\n');
  return value.find((part) => part.startsWith('**Flow 1:**')) ?? '(no flow sentence)';
}

describe('A burst of edits over the protocol', () => {
  let client: LspClient;

  before(async () => {
    client = LspClient.start();
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
    client.dispose();
  });

  it('is analysed once, at its last version, and a hover sent with it is answered from the last analysis', async () => {
    const uri = 'file:///burst/capture-before-fix.axdebug.txt';
    const dump = fixture('seed/capture-before-fix.axdebug.txt');
    await client.didOpen(uri, 'balancer-capture', dump);
    await client.waitForDiagnostics(uri);
    const lines = dump.split('\n').length - 1;

    // Thirty packets of the first flow appended one by one, then a hover on its first packet.
    const burst: BurstMessage[] = [];
    for (let i = 0; i < EDITS; i++) {
      const end = { line: lines + i, character: 0 };
      burst.push({ change: { uri, range: { start: end, end }, text: espLine(i) } });
    }
    burst.push({ hover: { uri, position: { line: 0, character: 3 } } });
    const [hoverDuringBurst] = await client.sendAtOnce(burst);
    await client.waitForDiagnostics(uri);

    assert.deepStrictEqual(
      client.publicationsOf(uri).map((p) => p.version),
      [1, EDITS + 1],
      'one publication for the opening, one for the whole burst: none for the versions it replaced',
    );
    assert.strictEqual(
      flowSentence(hoverDuringBurst),
      '**Flow 1:** ESP spi 0x7eb7fb45 10.1.1.254 → \\*.\\*.\\*.\\*: 2 packets (2 forward, 0 back), lines 1–4.',
      'the hover sent with the burst is answered from the analysis of version 1',
    );
    assert.strictEqual(
      flowSentence(await client.hover(uri, { line: 0, character: 3 })),
      `**Flow 1:** ESP spi 0x7eb7fb45 10.1.1.254 → \\*.\\*.\\*.\\*: ${EDITS + 2} packets (${EDITS + 2} forward, 0 back), lines 1–${lines + EDITS}.`,
      'once the burst is analysed, the hover tells of its packets',
    );
  });

  it('publishes the findings of a capture just opened before it answers a request about it', async () => {
    // The opening and a hover in one write: the hover needs the analysis the first check makes,
    // and the findings are published before the hover is answered, not after it.
    const uri = 'file:///burst/opened-and-hovered.axdebug.txt';
    const before = client.written.length;
    const [hover] = await client.sendAtOnce([
      {
        open: {
          uri,
          languageId: 'balancer-capture',
          text: fixture('seed/capture-before-fix.axdebug.txt'),
        },
      },
      { hover: { uri, position: { line: 0, character: 3 } } },
    ]);
    const diagnostics = await client.waitForDiagnostics(uri);

    assert.deepStrictEqual(
      client.written.slice(before).map((w) => w.replace(/^answer .*/, 'the hover answered')),
      [`publish ${uri}`, 'the hover answered'],
      'the publication comes first, then the answer to the hover',
    );
    assert.deepStrictEqual(
      client.publicationsOf(uri).map((p) => p.version),
      [1],
      'one publication: the first check is not made again',
    );
    assert.ok(diagnostics.length > 0, 'the dump before the fix has findings');
    assert.strictEqual(
      flowSentence(hover),
      '**Flow 1:** ESP spi 0x7eb7fb45 10.1.1.254 → \\*.\\*.\\*.\\*: 2 packets (2 forward, 0 back), lines 1–4.',
      'the hover is answered as ever',
    );
  });
});
