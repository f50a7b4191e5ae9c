// The extension's start of the language server (client/src/serverStart.ts), with the built server
// started for real over stdio: a start that fails is told and forgotten, and the next command
// starts the server again instead of failing for good. (The extension itself runs this with
// vscode-languageclient's LanguageClient, which only a real VS Code can load.)
import * as assert from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createProtocolConnection,
  type InitializeResult,
  InitializeRequest,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { StartOnce } from '../../client/src/serverStart';
import { serverPath } from './client';

interface Started {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly result: InitializeResult;
}

/** Starts a server program and initializes it; rejects when the program ends first, with its stderr. */
async function startServer(program: string, all: Started[]): Promise<Started> {
  const child = spawn(process.execPath, [program, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.listen();
  const ended = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`the server ended with ${code}: ${stderr.split('\n')[0]}`)),
    ),
  );
  try {
    const result = await Promise.race([
      connection.sendRequest(InitializeRequest.type, {
        processId: null,
        rootUri: null,
        capabilities: {},
      }),
      ended,
    ]);
    const started = { child, connection, result };
    all.push(started);
    return started;
  } catch (error) {
    connection.dispose();
    throw error;
  }
}

describe("The extension's start of the language server", function () {
  this.timeout(20_000);
  const all: Started[] = [];
  let folder: string;

  before(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-start-'))));

  after(() => {
    for (const { child, connection } of all) {
      connection.dispose();
      child.kill();
    }
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('says when the server fails to start, and starts it again on the next command', async () => {
    // The server's program is missing at first (an update half unpacked), then there.
    let program = path.join(folder, 'server.js');
    const said: string[] = [];
    const server = new StartOnce(
      () => startServer(program, all),
      (error) => said.push(error instanceof Error ? error.message : String(error)),
    );

    await assert.rejects(server.get(), /the server ended with 1/);
    assert.strictEqual(said.length, 1);
    assert.match(said[0], /the server ended with 1/);
    assert.strictEqual(server.asked, false);

    program = serverPath;
    const [first, second] = await Promise.all([server.get(), server.get()]);

    assert.strictEqual(first, second, 'two commands during one start share it');
    assert.strictEqual(first.result.serverInfo?.name, 'balancer-lens');
    assert.strictEqual(await server.get(), first, 'a started server is not started again');
    assert.strictEqual(all.length, 1);
    assert.strictEqual(said.length, 1);
  });
});
