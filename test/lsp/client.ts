// A small LSP client for protocol tests: it starts the BUILT server (server/out/server.js) as
// a child process over stdio and speaks JSON-RPC to it, the way an editor does. Every wait is
// event-driven and bounded by a timeout; nothing here sleeps.
import * as assert from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  type CodeAction,
  CodeActionRequest,
  type Command,
  createProtocolConnection,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  type Hover,
  HoverRequest,
  InitializedNotification,
  type InitializeResult,
  InitializeRequest,
  type Position,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

/** The repository root: the nearest folder above this file whose package.json is the extension's. */
export { repoRoot, fixture } from '../paths';
import { repoRoot } from '../paths';

/** The bundled server the extension ships (`npm run build` writes it). */
export const serverPath = path.join(repoRoot, 'server', 'out', 'server.js');

/** How long any single wait on the server may take before the test fails. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/** A waiter for a diagnostics publication that has not arrived yet. */
interface DiagnosticsWaiter {
  readonly uri: string;
  readonly matches: (params: PublishDiagnosticsParams) => boolean;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
}

/** Rejects after `ms` unless `promise` settles first; the timer never outlives the race. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A message of a burst (LspClient.sendAtOnce): an opening, an edit of a document's text, or a hover. */
export type BurstMessage =
  | { readonly open: { readonly uri: string; readonly languageId: string; readonly text: string } }
  | { readonly change: { readonly uri: string; readonly range: Range; readonly text: string } }
  | { readonly hover: { readonly uri: string; readonly position: Position } };

/** One running server and the connection to it. */
export class LspClient {
  private readonly published: PublishDiagnosticsParams[] = [];
  /** Every publication received, in order (waitForDiagnostics takes from `published`, not from this). */
  private readonly allPublished: PublishDiagnosticsParams[] = [];
  /** The answers awaited to the requests of bursts, by id. */
  private readonly burstAnswers = new Map<string, (result: unknown) => void>();
  private bursts = 0;
  /**
   * What the server wrote, in the order it wrote it: `publish <uri>` for each diagnostics
   * publication, `answer <id>` for each answer to a request of a burst.
   */
  readonly written: string[] = [];
  /** How long a request may take before it fails (benchmarks of huge documents wait longer). */
  requestTimeoutMs = DEFAULT_TIMEOUT_MS;
  private readonly waiters: DiagnosticsWaiter[] = [];
  private readonly versions = new Map<string, number>();
  private readonly exited: Promise<number | null>;
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) =>
      this.receive(params),
    );
    // The answers to the requests of a burst, which the connection did not send itself.
    if (child.stdout)
      new StreamMessageReader(child.stdout).listen((message) => {
        const { id, result, method, params } = message as {
          id?: unknown;
          result?: unknown;
          method?: unknown;
          params?: { uri?: unknown };
        };
        if (method === PublishDiagnosticsNotification.method)
          this.written.push(`publish ${String(params?.uri)}`);
        else if (typeof id === 'string' && id.startsWith('burst-'))
          this.written.push(`answer ${id}`);
        const answer = typeof id === 'string' ? this.burstAnswers.get(id) : undefined;
        if (answer) {
          this.burstAnswers.delete(id as string);
          answer(result);
        }
      });
  }

  /** Starts `node server/out/server.js --stdio` (or another build's `server`) and listens to it (not yet initialized). */
  static start(server = serverPath): LspClient {
    assert.ok(fs.existsSync(server), `${server} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [server, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    connection.listen();
    return new LspClient(child, connection);
  }

  /** Whatever the server wrote to stderr so far (its crash traces end up here). */
  get errorOutput(): string {
    return this.stderr;
  }

  /** The server's process id (benchmarks read its memory). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True while the server process runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The initialize handshake, in the editor's display language if given; answers the server's capabilities. */
  async initialize(locale?: string): Promise<InitializeResult> {
    const result = await this.request(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        ...(locale === undefined ? {} : { locale }),
        rootUri: null,
        capabilities: {
          textDocument: {
            publishDiagnostics: { relatedInformation: true, versionSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
              dataSupport: true,
            },
          },
        },
        workspaceFolders: null,
      }),
      'initialize',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /**
   * The initialize handshake for a workspace: its folders (the server reads their configuration
   * files) and initialization options; answers the server's capabilities.
   */
  async initializeWorkspace(
    workspaceFolders: { uri: string; name: string }[],
    initializationOptions?: unknown,
  ): Promise<InitializeResult> {
    const result = await this.request(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: workspaceFolders[0]?.uri ?? null,
        capabilities: {
          textDocument: {
            publishDiagnostics: { relatedInformation: true, versionSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
              dataSupport: true,
            },
            rename: { prepareSupport: true },
          },
          workspace: {
            workspaceFolders: true,
            didChangeWatchedFiles: { dynamicRegistration: false },
          },
        },
        workspaceFolders,
        initializationOptions,
      }),
      'initialize',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Any request, by method name (for the requests this client has no method for). */
  async send<R>(method: string, params: object): Promise<R> {
    return this.request(this.connection.sendRequest<R>(method, params), method);
  }

  /** Any notification, by method name. */
  async notify(method: string, params: object): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  /** Opens a document at version 1. */
  async didOpen(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Replaces a document's whole text; answers the new version. */
  async didChange(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Replaces one range of a document (an incremental change); answers the new version. */
  async didChangeRange(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  /**
   * Sends edits and hovers in one write, as a busy server finds them waiting when it next reads:
   * it reads them all at once. Versions follow the document's; answers the hovers' results in order.
   */
  async sendAtOnce(messages: readonly BurstMessage[]): Promise<unknown[]> {
    const answers: Promise<unknown>[] = [];
    const frames = messages.map((message) => {
      let body: object;
      if ('open' in message) {
        const { uri, languageId, text } = message.open;
        this.versions.set(uri, 1);
        body = {
          jsonrpc: '2.0',
          method: DidOpenTextDocumentNotification.method,
          params: { textDocument: { uri, languageId, version: 1, text } },
        };
      } else if ('change' in message) {
        const { uri, range, text } = message.change;
        const version = (this.versions.get(uri) ?? 0) + 1;
        this.versions.set(uri, version);
        body = {
          jsonrpc: '2.0',
          method: DidChangeTextDocumentNotification.method,
          params: { textDocument: { uri, version }, contentChanges: [{ range, text }] },
        };
      } else {
        const id = `burst-${++this.bursts}`;
        answers.push(
          withTimeout(
            new Promise((resolve) => this.burstAnswers.set(id, resolve)),
            this.requestTimeoutMs,
            `the answer to ${id}`,
          ),
        );
        body = {
          jsonrpc: '2.0',
          id,
          method: HoverRequest.method,
          params: { textDocument: { uri: message.hover.uri }, position: message.hover.position },
        };
      }
      const json = Buffer.from(JSON.stringify(body), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${json.length}\r\n\r\n`, 'ascii'), json]);
    });
    await new Promise<void>((resolve, reject) =>
      this.child.stdin!.write(Buffer.concat(frames), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    return Promise.all(answers);
  }

  /** Every diagnostics publication for `uri` received so far, in order (taken or not). */
  publicationsOf(uri: string): readonly PublishDiagnosticsParams[] {
    return this.allPublished.filter((p) => p.uri === uri);
  }

  /** Closes a document. */
  async didClose(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  /**
   * The first diagnostics publication for `uri` not yet taken that `matches` accepts (by
   * default: the one for the document's current version). It may already have arrived; taking
   * it also drops the older publications for that uri, so each wait sees only newer ones.
   */
  async waitForDiagnostics(
    uri: string,
    matches: (params: PublishDiagnosticsParams) => boolean = (params) =>
      params.version === this.versions.get(uri),
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<Diagnostic[]> {
    const index = this.published.findIndex((p) => p.uri === uri && matches(p));
    if (index >= 0) {
      const [params] = this.published.splice(index, 1);
      this.dropOlder(uri, index);
      return params.diagnostics;
    }
    const arrived = new Promise<PublishDiagnosticsParams>((resolve) =>
      this.waiters.push({ uri, matches, resolve }),
    );
    const params = await withTimeout(arrived, timeoutMs, `diagnostics of ${uri}`);
    return params.diagnostics;
  }

  /** The hover at a position. */
  async hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request(
      this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      'hover',
    );
  }

  /** The code actions for a range and the diagnostics the editor shows there. */
  async codeAction(
    uri: string,
    range: Range,
    diagnostics: Diagnostic[],
  ): Promise<(Command | CodeAction)[] | null> {
    return this.request(
      this.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics, only: ['quickfix'] },
      }),
      'code actions',
    );
  }

  /** The polite end: shutdown, exit, and the process's exit code. */
  async shutdown(): Promise<number | null> {
    await this.request(this.connection.sendRequest(ShutdownRequest.type), 'shutdown');
    await this.connection.sendNotification(ExitNotification.type);
    return withTimeout(this.exited, DEFAULT_TIMEOUT_MS, 'the server to exit');
  }

  /** Teardown: closes the connection and kills the process if it still runs. */
  dispose(): void {
    this.connection.dispose();
    if (this.running) this.child.kill();
  }

  private async request<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.requestTimeoutMs, `the answer to ${what}`);
  }

  private receive(params: PublishDiagnosticsParams): void {
    this.allPublished.push(params);
    const index = this.waiters.findIndex((w) => w.uri === params.uri && w.matches(params));
    if (index < 0) {
      this.published.push(params);
      return;
    }
    const [waiter] = this.waiters.splice(index, 1);
    this.dropOlder(params.uri, this.published.length);
    waiter.resolve(params);
  }

  /** Forgets the publications for `uri` among the first `count` kept ones. */
  private dropOlder(uri: string, count: number): void {
    for (let i = count - 1; i >= 0; i--) {
      if (this.published[i]?.uri === uri) this.published.splice(i, 1);
    }
  }
}
