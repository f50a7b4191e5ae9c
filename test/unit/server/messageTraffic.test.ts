// The server's count of the messages it has not yet written out (server/src/analysisScheduler.ts
// MessageTraffic.watch / whenWritten), over vscode-jsonrpc's own stream writer and a Node stream
// that takes its writes only when the test lets it (as a pipe whose reader is slow).
import * as assert from 'assert';
import { Writable } from 'stream';
import { type ResponseMessage, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { MessageTraffic } from '../../../server/src/analysisScheduler';

/** A stream that holds each write until `release` is called, then takes them all. */
function slowStream(): { stream: Writable; release: () => void; bytes: () => number } {
  const held: (() => void)[] = [];
  let released = false;
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (released) callback();
      else held.push(callback);
    },
  });
  return {
    stream,
    release: () => {
      released = true;
      for (const callback of held.splice(0)) callback();
    },
    bytes: () => bytes,
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A few turns of the event loop (a write's callback and the work after it take one each). */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await turn();
}

describe('The server knows when what it sent is written out (MessageTraffic)', () => {
  it('runs work once the answer handed to the writer after it was asked is written, not before', async () => {
    const traffic = new MessageTraffic();
    const { stream, release, bytes } = slowStream();
    const writer = traffic.watch(new StreamMessageWriter(stream));
    const done: string[] = [];
    // As a request's handler does: asks, then returns the answer, which is written after it.
    traffic.whenWritten(() => done.push('collected'));
    const answer: ResponseMessage = { jsonrpc: '2.0', id: 1, result: { rows: [1, 2, 3] } };
    void writer.write(answer);
    await turns(5);
    assert.ok(bytes() > 0, 'the answer was not handed to the stream');
    assert.deepStrictEqual(done, []);
    release();
    await turns(5);
    assert.deepStrictEqual(done, ['collected']);
    writer.dispose();
  });

  it('runs work on the next turn when nothing is being written', async () => {
    const traffic = new MessageTraffic();
    const done: string[] = [];
    traffic.whenWritten(() => done.push('collected'));
    assert.deepStrictEqual(done, []);
    await turns(2);
    assert.deepStrictEqual(done, ['collected']);
  });
});
