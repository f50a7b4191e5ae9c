// The flow diagram over the protocol: the client's custom request balancerLens/flowDiagram { uri }
// answers with the outline of the open dump's diagram as it is now (its rows without their words),
// balancerLens/flowDiagramRows { uri, version, rows } with the rows the page draws; both refuse
// plainly what they cannot answer.
import * as assert from 'assert';
import type { DiagramOutline, DiagramRow } from '../../server/src/service';
import { fixture, LspClient } from './client';

describe('The flow diagram request over the protocol', () => {
  let client: LspClient;
  before(async () => {
    client = LspClient.start();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    client.dispose();
  });

  it('answers with the outline of the open dump (its rows in columns), and again after an edit', async () => {
    const uri = 'file:///diagram/before.axdebug.txt';
    const text = fixture('seed/capture-before-fix.axdebug.txt');
    await client.didOpen(uri, 'balancer-capture', text);
    const outline = await client.send<DiagramOutline>('balancerLens/flowDiagram', { uri });
    assert.deepStrictEqual(
      [
        outline.version,
        outline.lanes.length,
        outline.rowCount,
        outline.flows.name.length,
        outline.peers.length,
      ],
      [1, 4, 8, 4, 1],
    );
    assert.deepStrictEqual(
      outline.rows.lineStep,
      [0, 2, 2, 2, 2, 2, 1, 2],
      "each row's first line, less the one before",
    );
    await client.didChange(uri, text.split('\n').slice(4).join('\n'));
    const edited = await client.send<DiagramOutline>('balancerLens/flowDiagram', { uri });
    assert.deepStrictEqual([edited.version, edited.rowCount, edited.flows.name.length], [2, 6, 3]);
  });

  it("answers the rows asked for at the dump's version, whole, and refuses a changed dump or a malformed request plainly", async () => {
    const uri = 'file:///diagram/rows.axdebug.txt';
    const text = fixture('seed/capture-before-fix.axdebug.txt');
    await client.didOpen(uri, 'balancer-capture', text);
    const rows = await client.send<DiagramRow[]>('balancerLens/flowDiagramRows', {
      uri,
      version: 1,
      rows: [2, 0],
    });
    assert.deepStrictEqual(
      rows.map(
        (r) =>
          `${r.index} line ${r.line + 1}: ${r.label}${r.translation ? ` {${r.translation}}` : ''}`,
      ),
      [
        '2 line 5: TCP SYN {source 10.1.1.254:22518 → 183.62.*.*:2614 (source NAT with port translation)}',
        '0 line 1: ESP spi 0x7eb7fb45 seq 0x1a',
      ],
    );
    await client.didChange(uri, text.split('\n').slice(4).join('\n'));
    await assert.rejects(
      client.send('balancerLens/flowDiagramRows', { uri, version: 1, rows: [0] }),
      /The dump has changed since version 1 \(it is at 2\): ask for its flow diagram again/,
    );
    await assert.rejects(
      client.send('balancerLens/flowDiagramRows', { uri, version: 2, rows: [6] }),
      /There is no row 6: the diagram has 6 rows/,
    );
    for (const params of [
      { uri, rows: [0] },
      { uri, version: 2, rows: ['0'] },
      { uri, version: 2, rows: [-1] },
      { uri, version: 2, rows: Array(5001).fill(0) },
      { uri, version: 2 },
      null,
    ] as unknown as object[])
      await assert.rejects(
        client.send('balancerLens/flowDiagramRows', params),
        /asked for by \{ uri, version, rows \}: a version and at most 5000 row indexes/,
        JSON.stringify(params),
      );
    await assert.rejects(
      client.send('balancerLens/flowDiagramRows', {
        uri: 'file:///diagram/closed.axdebug.txt',
        version: 1,
        rows: [0],
      }),
      /open the file first/,
    );
    // The server is still there.
    assert.strictEqual(
      (
        await client.send<DiagramRow[]>('balancerLens/flowDiagramRows', {
          uri,
          version: 2,
          rows: [0],
        })
      )[0].index,
      0,
    );
  });

  it('refuses a document that is not open, or is no capture, with the reason', async () => {
    await assert.rejects(
      client.send('balancerLens/flowDiagram', { uri: 'file:///diagram/closed.axdebug.txt' }),
      /open the file first/,
    );
    const uri = 'file:///diagram/vip.summary.txt';
    await client.didOpen(uri, 'balancer-config', fixture('seed/vip-before-fix.summary.txt'));
    await assert.rejects(client.send('balancerLens/flowDiagram', { uri }), /is not a capture dump/);
  });
});
