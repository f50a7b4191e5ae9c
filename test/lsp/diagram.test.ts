// The flow diagram over the protocol: the client's custom request balancerLens/flowDiagram { uri }
// answers with the service's diagram of the open dump as it is now, and refuses plainly what has none.
import * as assert from 'assert';
import type { FlowDiagram } from '../../server/src/service';
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

  it('answers with the diagram of the open dump, and again after an edit', async () => {
    const uri = 'file:///diagram/before.axdebug.txt';
    const text = fixture('seed/capture-before-fix.axdebug.txt');
    await client.didOpen(uri, 'balancer-capture', text);
    const diagram = await client.send<FlowDiagram>('balancerLens/flowDiagram', { uri });
    assert.deepStrictEqual([diagram.lanes.length, diagram.rows.length, diagram.flows.length, diagram.peers.length], [4, 8, 4, 1]);
    await client.didChange(uri, text.split('\n').slice(4).join('\n'));
    const edited = await client.send<FlowDiagram>('balancerLens/flowDiagram', { uri });
    assert.deepStrictEqual([edited.rows.length, edited.flows.length], [6, 3]);
  });

  it('refuses a document that is not open, or is no capture, with the reason', async () => {
    await assert.rejects(client.send('balancerLens/flowDiagram', { uri: 'file:///diagram/closed.axdebug.txt' }), /open the file first/);
    const uri = 'file:///diagram/vip.summary.txt';
    await client.didOpen(uri, 'balancer-config', fixture('seed/vip-before-fix.summary.txt'));
    await assert.rejects(client.send('balancerLens/flowDiagram', { uri }), /is not a capture dump/);
  });
});
