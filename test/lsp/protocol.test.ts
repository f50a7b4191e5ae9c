// The built server's stdio taken at its word, byte for byte: a broken header never stops it from
// answering the next message, requests after `shutdown` and requests without params get the
// errors the specifications name, and a rename to something that is no name is refused.
import * as assert from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { serverPath } from './client';

/** What the server wrote back: JSON-RPC messages, each parsed from its frame. */
type Answer = {
  id?: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
  method?: string;
};

/** The LSP error codes these tests expect (JSON-RPC 2.0 and LSP's own). */
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

/** A message framed as the base protocol frames it. */
function frame(message: object): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/** The built server over stdio, written to as raw bytes; its answers read frame by frame. */
class RawServer {
  private readonly child: ChildProcess;
  private output = Buffer.alloc(0);
  private readonly answers: Answer[] = [];
  private waiting: (() => void)[] = [];
  /** What the server wrote to stderr. */
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor() {
    this.child = spawn(process.execPath, [serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      this.wake();
    });
  }

  /** Writes bytes as they are. */
  write(bytes: string): void {
    this.child.stdin!.write(bytes);
  }

  /** Writes one well-formed message. */
  send(message: object): void {
    this.write(frame({ jsonrpc: '2.0', ...message }));
  }

  /** Initializes the server, with documents open and workspace folders (file uris) to read. */
  async start(
    documents: { uri: string; languageId: string; text: string }[] = [],
    folders: string[] = [],
  ): Promise<void> {
    const workspaceFolders = folders.map((uri, i) => ({ uri, name: `folder ${i}` }));
    this.send({
      id: 'init',
      method: 'initialize',
      params: { processId: null, rootUri: null, capabilities: {}, workspaceFolders },
    });
    await this.answer('init');
    this.send({ method: 'initialized', params: {} });
    for (const textDocument of documents)
      this.send({
        method: 'textDocument/didOpen',
        params: { textDocument: { ...textDocument, version: 1 } },
      });
  }

  /** The messages the server logged to the editor (`window/logMessage`) so far. */
  get logged(): string[] {
    return this.answers
      .filter((a) => a.method === 'window/logMessage')
      .map((a) => (a as { params: { message: string } }).params.message);
  }

  /** The answer to a request id, once it arrives. */
  async answer(id: number | string): Promise<Answer> {
    return this.until(`the answer to ${id}`, () => this.answers.find((a) => a.id === id));
  }

  /** Waits until `found` answers something; fails after five seconds. */
  async until<T>(what: string, found: () => T | undefined): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<T>((resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Timed out waiting for ${what}; stderr: ${this.stderr}`)),
          5_000,
        );
        const check = (): void => {
          const value = found();
          if (value !== undefined) resolve(value);
          else this.waiting.push(check);
        };
        check();
      });
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  private receive(chunk: Buffer): void {
    this.output = Buffer.concat([this.output, chunk]);
    for (;;) {
      const end = this.output.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(
        /Content-Length: (\d+)/.exec(this.output.subarray(0, end).toString('latin1'))![1],
      );
      if (this.output.length < end + 4 + length) break;
      this.answers.push(
        JSON.parse(this.output.subarray(end + 4, end + 4 + length).toString('utf8')) as Answer,
      );
      this.output = this.output.subarray(end + 4 + length);
    }
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const check of waiting) check();
  }
}

/** A request any server answers with a result: the hover on a document it does not have. */
function hoverRequest(id: number): object {
  return {
    id,
    method: 'textDocument/hover',
    params: {
      textDocument: { uri: 'file:///nowhere.a10.cfg' },
      position: { line: 0, character: 0 },
    },
  };
}

describe('The language server on a hostile wire (raw stdio)', function () {
  this.timeout(20_000);
  let server: RawServer;

  beforeEach(async () => {
    server = new RawServer();
    await server.start();
  });

  afterEach(() => server.dispose());

  const brokenHeaders: [string, string, RegExp][] = [
    [
      'a negative Content-Length',
      'Content-Length: -5\r\n\r\n',
      /Content-Length "-5" is not a number of bytes/,
    ],
    [
      'a Content-Length that is no number',
      'Content-Length: abc\r\n\r\n{}',
      /Content-Length "abc" is not a number of bytes/,
    ],
    [
      'an absurd Content-Length',
      'Content-Length: 99999999999999999999\r\n\r\n{"jsonrpc":"2.0"',
      /Content-Length 99999999999999999999 is more than the \d+ bytes a message may have/,
    ],
    [
      'a Content-Length longer than what comes before the next message',
      'Content-Length: 4000\r\n\r\n{"jsonrpc":',
      /Content-Length 4000 is more than the 11 bytes sent before the next message/,
    ],
    [
      'a header without Content-Length',
      'Content-Type: application/json\r\n\r\n{}',
      /a header without Content-Length/,
    ],
    ['a body that is not JSON', 'Content-Length: 3\r\n\r\n{x}', /a message of 3 bytes is not JSON/],
  ];
  for (const [what, bytes, said] of brokenHeaders) {
    it(`answers the next well-formed message after ${what}, and says what was wrong on stderr`, async () => {
      server.write(bytes);
      server.send(hoverRequest(7));

      assert.deepStrictEqual(await server.answer(7), { jsonrpc: '2.0', id: 7, result: null });
      await server.until(`stderr to match ${String(said)}`, () =>
        said.test(server.stderr) ? true : undefined,
      );
    });
  }

  it('reads a message written one byte at a time', async () => {
    for (const byte of frame({ jsonrpc: '2.0', ...hoverRequest(8) })) server.write(byte);
    assert.deepStrictEqual(await server.answer(8), { jsonrpc: '2.0', id: 8, result: null });
  });

  it('refuses requests after shutdown with InvalidRequest, and exits with 0 on exit', async () => {
    server.send({ id: 1, method: 'shutdown' });
    assert.deepStrictEqual(await server.answer(1), { jsonrpc: '2.0', id: 1, result: null });

    server.send(hoverRequest(2));
    const refused = await server.answer(2);
    assert.strictEqual(refused.error?.code, INVALID_REQUEST);
    assert.match(
      refused.error.message,
      /shutting down: it takes no 'textDocument\/hover' request after 'shutdown'/,
    );

    server.send({ method: 'exit' });
    assert.strictEqual(await server.exited, 0);
  });

  it('answers a request whose params are null, a number or missing with InvalidParams', async () => {
    server.send({ id: 1, method: 'textDocument/hover', params: null });
    server.send({ id: 2, method: 'textDocument/definition', params: 42 });
    server.send({ id: 3, method: 'textDocument/documentSymbol' });

    for (const [id, given] of [
      [1, 'null'],
      [2, '42'],
      [3, 'none'],
    ] as const) {
      const answer = await server.answer(id);
      assert.strictEqual(answer.error?.code, INVALID_PARAMS, JSON.stringify(answer));
      assert.match(
        answer.error.message,
        new RegExp(`needs its params as an object, not ${given}\\.`),
      );
    }
    server.send(hoverRequest(4));
    assert.deepStrictEqual(await server.answer(4), { jsonrpc: '2.0', id: 4, result: null });
  });
});

describe('Rename to something that is no ACOS name (raw stdio)', function () {
  this.timeout(20_000);
  const uri = 'file:///ws/box.a10.cfg';
  const text =
    'slb server web1 10.0.0.1\n   port 80 tcp\nslb service-group g tcp\n    member web1:80\n';
  let server: RawServer;

  before(async () => {
    server = new RawServer();
    await server.start([{ uri, languageId: 'balancer-config', text }]);
  });

  after(() => server.dispose());

  const names: [string, string, RegExp][] = [
    ['null', 'null', /The new name must be text, not null\./],
    ['a number', '42', /The new name must be text, not number\./],
    [
      'a name holding NUL',
      '"web\\u0000x"',
      /"web\\u0000x" holds a control character or a broken Unicode character/,
    ],
    [
      'a name holding a lone surrogate',
      '"web\\ud800"',
      /"web\\ud800" holds a control character or a broken Unicode character/,
    ],
  ];
  let id = 0;
  for (const [what, json, said] of names) {
    it(`refuses a rename to ${what} with an error, and changes nothing`, async () => {
      id += 1;
      // Written by hand: the JSON carries exactly these characters.
      const body = `{"jsonrpc":"2.0","id":${id},"method":"textDocument/rename","params":{"textDocument":{"uri":"${uri}"},"position":{"line":0,"character":12},"newName":${json}}}`;
      server.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);

      const answer = await server.answer(id);

      assert.strictEqual(answer.result, undefined, JSON.stringify(answer));
      assert.match(answer.error?.message ?? '', said);
    });
  }
});

describe('What the server could not read of the workspace (raw stdio)', function () {
  this.timeout(20_000);
  let folder: string;
  let server: RawServer;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-unread-'));
    fs.writeFileSync(path.join(folder, 'box.a10.cfg'), 'slb server web1 10.0.0.1\n');
    // A configuration of 6 MiB: more than the server reads from disk.
    fs.writeFileSync(
      path.join(folder, 'huge.a10.cfg'),
      `slb server web2 10.0.0.2\n${'! padding\n'.repeat(630_000)}`,
    );
    fs.writeFileSync(path.join(folder, 'not-a-folder.txt'), 'a file given as a workspace folder\n');
  });

  after(() => {
    server.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('tells the editor which folders and files it left out, and why', async () => {
    server = new RawServer();
    const missing = path.join(folder, 'unmounted');
    const file = path.join(folder, 'not-a-folder.txt');
    await server.start(
      [],
      [folder, missing, file].map((f) => pathToFileURL(f).toString()),
    );

    const logged = await server.until('three messages about the workspace', () =>
      server.logged.length >= 3 ? server.logged : undefined,
    );

    assert.deepStrictEqual([...logged].sort(), [
      `Balancer Lens could not read the folder ${file} (ENOTDIR: not a directory): its configuration files are left out.`,
      `Balancer Lens could not read the folder ${missing} (ENOENT: no such file or directory): its configuration files are left out.`,
      `Balancer Lens left out ${path.join(folder, 'huge.a10.cfg')}: it is larger than 5 MiB (open it to check it).`,
    ]);
  });
});
