// LSP glue: declares the capabilities and hands each request to the language service.
// Each handler finds the document and calls the service; nothing here knows the languages, but
// the server reads the workspace's configuration files for the service (workspaceFiles.ts) and
// checks the open configurations again when another one changes.
import {
  CodeActionKind,
  type CodeActionParams,
  type Connection,
  ErrorCodes,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  LSPErrorCodes,
  type PrepareRenameParams,
  type RenameParams,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { binaryCaptureFormat, captureTextProblem, readCaptureFileText } from './captureFiles';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
  type LanguageSettings,
  MAX_ROWS_PER_REQUEST,
  semanticTokensLegend,
} from './service';
import { readDeviceGroups } from './deviceGroups';
import {
  CAPTURE_FILE_TEXT,
  type CaptureFileText,
  DEVICE,
  type DeviceInfo,
  type DiagramOutline,
  EXPLAIN_CAPTURE,
  type ExplainParams,
  FLOW_DIAGRAM,
  FLOW_DIAGRAM_ROWS,
  REDACT,
} from './protocol';
import { speak } from './locale';
import { redactForEditor } from './redactFiles';
import { versionedActions } from './versionedEdits';
import { TEXT_PACKET_LIMIT as CAPTURE_TEXT_PACKETS } from './service/capture/reading/pcap';
import { type FilesExclude, WorkspaceFiles } from './workspaceFiles';
import { AnalysisScheduler, MessageTraffic } from './analysisScheduler';
import { MemoryKeeper } from './memory';

/** A service answer, or the service's reason for refusing as the error the editor shows. */
function answerOrRefuse<T extends object>(
  answer: T | { readonly error: string },
): T | ResponseError<void>;
function answerOrRefuse<T extends object>(
  answer: T | { readonly error: string } | null,
): T | null | ResponseError<void>;
function answerOrRefuse<T extends object>(
  answer: T | { readonly error: string } | null,
): T | null | ResponseError<void> {
  return answer !== null && 'error' in answer
    ? new ResponseError(ErrorCodes.InvalidRequest, answer.error)
    : answer;
}

/** The `balancerLens` settings the server applies. */
interface UserSettings {
  readonly rules?: LanguageSettings['rules'];
  /** Devices split over several files: names and globs (deviceGroups.ts), checked when applied. */
  readonly devices?: unknown;
}

/** How many of the workspace's configuration files are read between two looks at the connection. */
const WORKSPACE_SLICE = 200;

/** How many characters two texts share at their start (compared a block at a time, then one by one). */
function commonPrefixLength(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  const block = 4096;
  let at = 0;
  while (at + block <= length && a.slice(at, at + block) === b.slice(at, at + block)) at += block;
  while (at < length && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** Serves the Balancer Lens language service over an LSP connection. */
export function startServer(connection: Connection, traffic = new MessageTraffic()): void {
  const documents = new TextDocuments(TextDocument);
  const workspaceFiles = new WorkspaceFiles(documents, (problem) =>
    connection.console.warn(problem),
  );
  const service = createLanguageService({ workspace: workspaceFiles });
  const scheduler = new AnalysisScheduler(traffic, validate);
  /** Gives back what a large document's analysis or diagram left behind (memory.ts). */
  const memory = new MemoryKeeper();
  /** Each document as it was last analysed: hovers are answered from it while a newer version waits for its analysis. */
  const analysed = new Map<string, TextDocument>();
  /** What was last published per uri, so checking a file again because another changed says nothing new twice. */
  const published = new Map<string, string>();
  /** How many lines at the top of each document are as they were at its last analysis (per version). */
  const unchangedAbove = new Map<string, { version: number; before: number; lines: number }>();
  let startup: InitializeParams | undefined;
  let othersTimer: NodeJS.Timeout | undefined;

  /** Runs a service call; a failure is logged and answered with the fallback, never a crash. */
  function guarded<T>(what: string, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (error) {
      connection.console.error(
        `Balancer Lens: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return fallback;
    }
  }

  /**
   * The handler of a request about one open document: the service's answer, guarded; `fallback`
   * for a document that is not open or an answer that failed (said in the output).
   */
  function aboutDocument<P extends { readonly textDocument: { readonly uri: string } }, T>(
    what: string,
    fallback: T,
    answer: (document: TextDocument, params: P) => T,
  ): (params: P) => T {
    return (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return fallback;
      firstFindingsFirst(document);
      return guarded(what, fallback, () => answer(document, params));
    };
  }

  /**
   * Analyses a document at its current version and publishes its findings (unless they are the
   * ones last published for that version). Called by the scheduler: a burst of edits is analysed
   * once, at its last version.
   */
  function validate(uri: string): void {
    uncheckedCaptures.delete(uri);
    const current = documents.get(uri);
    if (!current) return;
    const diagnostics = guarded(`checking ${current.uri}`, [], () =>
      service.doValidation(current, { forEditor: true }),
    );
    analysed.set(
      uri,
      TextDocument.create(uri, current.languageId, current.version, current.getText()),
    );
    const key = `${current.version}\n${JSON.stringify(diagnostics)}`;
    if (published.get(current.uri) !== key) {
      published.set(current.uri, key);
      void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
    }
    // Once the findings are out, not before them: what a large analysis left behind is given back (memory.ts).
    setImmediate(() => memory.settle());
  }

  /**
   * Reads the workspace's configuration files into the service a slice at a time, the messages
   * received meanwhile handled between slices: thousands of files read at start-up or changed at
   * once (a branch switched) do not hold up the requests. Resolves once every file is read.
   */
  function readWorkspace(): Promise<void> {
    return new Promise((resolve) => {
      const slice = (): void => {
        if (guarded('reading the workspace', 0, () => service.readWorkspace(WORKSPACE_SLICE)) > 0)
          traffic.whenQuiet(slice);
        else resolve();
      };
      traffic.whenQuiet(slice);
    });
  }

  /**
   * The document as last analysed, when a request about `line` can be answered from it: the
   * current version waits for its analysis (which a request would otherwise run in full, for a
   * capture), and no line up to `line` changed since. Answers how many lines are unchanged.
   */
  function lastAnalysisAbove(
    document: TextDocument,
    line: number,
  ): { document: TextDocument; unchangedLines: number } | undefined {
    const before = analysed.get(document.uri);
    if (!before || before.version === document.version || !scheduler.isWaiting(document.uri))
      return undefined;
    if (service.hasAnalysis(document) || !service.hasAnalysis(before)) return undefined;
    let unchanged = unchangedAbove.get(document.uri);
    if (unchanged?.version !== document.version || unchanged.before !== before.version) {
      unchanged = {
        version: document.version,
        before: before.version,
        lines: before.positionAt(commonPrefixLength(before.getText(), document.getText())).line,
      };
      unchangedAbove.set(document.uri, unchanged);
    }
    return line < unchanged.lines
      ? { document: before, unchangedLines: unchanged.lines }
      : undefined;
  }

  /**
   * A capture just opened whose first check waits for the messages already received: a request
   * about it (its outline, a hover) would analyse it first and answer before its findings are
   * published. Its findings are published first instead (firstFindingsFirst).
   */
  const uncheckedCaptures = new Set<string>();

  /**
   * Checks and publishes a just-opened capture now, when its first check is still waiting: the
   * analysis a request about it needs is the check's, and the findings then come before the
   * answer rather than after it (an outline of a large dump takes as long again).
   */
  function firstFindingsFirst(document: TextDocument): void {
    if (!uncheckedCaptures.has(document.uri) || !scheduler.isWaiting(document.uri)) return;
    scheduler.cancel(document.uri);
    validate(document.uri);
  }

  /** Asks for a document to be checked again; a configuration's change also affects the others. */
  function scheduleValidation(document: TextDocument, why: 'opened' | 'edited' | 'other'): void {
    if (why === 'opened' && document.languageId === CAPTURE_LANGUAGE)
      uncheckedCaptures.add(document.uri);
    else uncheckedCaptures.delete(document.uri);
    scheduler.schedule(document.uri, why);
    if (document.languageId === CONFIG_LANGUAGE && why !== 'other')
      scheduleOtherConfigs(document.uri);
  }

  /**
   * A configuration file changed: the other open ones may now use or miss what it defines, and
   * the open captures' findings may now be explained (or fixed) by it, so they are checked again
   * once the typing pauses.
   */
  function scheduleOtherConfigs(except?: string): void {
    clearTimeout(othersTimer);
    othersTimer = setTimeout(() => {
      for (const other of documents.all()) {
        if (
          other.uri !== except &&
          (other.languageId === CONFIG_LANGUAGE || other.languageId === CAPTURE_LANGUAGE)
        )
          scheduleValidation(other, 'other');
      }
    }, 300);
  }

  /** Applies the user's settings (`balancerLens.rules`, `balancerLens.devices`) and checks every open document again. */
  function configure(settings: UserSettings | null | undefined): void {
    service.configure({ rules: settings?.rules ?? {} });
    setDevices(settings?.devices);
    for (const document of documents.all()) scheduleValidation(document, 'other');
  }

  /** Applies `balancerLens.devices`; one that cannot be used is said in the log and leaves no device grouped. */
  function setDevices(devices: unknown): void {
    const read = readDeviceGroups(devices);
    if ('error' in read)
      connection.console.error(`Balancer Lens: the setting balancerLens.devices ${read.error}.`);
    workspaceFiles.setDeviceGroups('error' in read ? {} : read.groups);
  }

  connection.onInitialize((params) => {
    startup = params;
    // The editor's display language (LSP 3.16): Chinese for zh-cn, else English.
    speak(params.locale);
    const options = params.initializationOptions as
      { settings?: UserSettings; filesExclude?: FilesExclude } | undefined;
    service.configure({ rules: options?.settings?.rules ?? {} });
    setDevices(options?.settings?.devices);
    workspaceFiles.setExcludes(options?.filesExclude);
    return initializeResult;
  });
  const initializeResult: InitializeResult = {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: [' ', ':'] },
      renameProvider: { prepareProvider: true },
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'balancer-lens' },
  };

  let folders: string[] = [];
  connection.onInitialized(() => {
    folders =
      startup?.workspaceFolders?.map((f) => f.uri) ?? (startup?.rootUri ? [startup.rootUri] : []);
    void workspaceFiles
      .scan(folders)
      .then(readWorkspace)
      .then(() => scheduleOtherConfigs());
    // Folders added to or removed from the workspace: its configuration files are read again.
    if (startup?.capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        folders = [
          ...folders.filter((uri) => !removed.some((r) => r.uri === uri)),
          ...added.map((a) => a.uri),
        ];
        void workspaceFiles
          .scan(folders)
          .then(readWorkspace)
          .then(() => scheduleOtherConfigs());
      });
    }
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    const touched = await workspaceFiles.follow(
      changes.map((c) => ({ uri: c.uri, deleted: c.type === FileChangeType.Deleted })),
    );
    if (touched) await readWorkspace().then(() => scheduleOtherConfigs());
  });

  connection.onDidChangeConfiguration(async ({ settings }) => {
    const given = settings as
      { balancerLens?: UserSettings; files?: { exclude?: FilesExclude } } | null | undefined;
    // New `files.exclude` globs: the folders are read again with them.
    if (given?.files && workspaceFiles.setExcludes(given.files.exclude))
      void workspaceFiles
        .scan(folders)
        .then(readWorkspace)
        .then(() => scheduleOtherConfigs());
    const pushed = given?.balancerLens;
    if (pushed || !startup?.capabilities.workspace?.configuration) return configure(pushed);
    configure((await connection.workspace.getConfiguration('balancerLens')) as UserSettings | null);
  });

  // TextDocuments reports an opening as a change too. A document not analysed yet (just opened)
  // is checked as soon as the messages already received are handled; an edited one once the
  // edits pause.
  documents.onDidChangeContent((event) =>
    scheduleValidation(event.document, analysed.has(event.document.uri) ? 'edited' : 'opened'),
  );
  documents.onDidClose((event) => {
    scheduler.forget(event.document.uri);
    uncheckedCaptures.delete(event.document.uri);
    analysed.delete(event.document.uri);
    unchangedAbove.delete(event.document.uri);
    service.forget(event.document.uri);
    published.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    if (event.document.languageId === CONFIG_LANGUAGE) scheduleOtherConfigs();
  });

  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    firstFindingsFirst(document);
    return guarded('hover', null, () => {
      // Above the edits, the last analysis answers while the new version waits for its own.
      const before = lastAnalysisAbove(document, params.position.line);
      const hover = before && service.doHover(before.document, params.position);
      if (before && (!hover?.range || hover.range.end.line < before.unchangedLines)) return hover;
      return service.doHover(document, params.position);
    });
  });

  // Made for the documents as they are now; sent with their versions where the client checks them.
  const codeActions = aboutDocument('code actions', [], (document, params: CodeActionParams) =>
    service.doCodeActions(document, params.range, params.context.diagnostics),
  );
  connection.onCodeAction((params) => {
    const actions = codeActions(params);
    return startup?.capabilities.workspace?.workspaceEdit?.documentChanges
      ? versionedActions(actions, (uri) => documents.get(uri)?.version ?? null)
      : actions;
  });

  connection.onDocumentSymbol(
    aboutDocument('outline', [], (document) => service.findDocumentSymbols(document)),
  );
  connection.onDefinition(
    aboutDocument('definition', null, (document, params) =>
      service.findDefinition(document, params.position),
    ),
  );
  connection.onReferences(
    aboutDocument('references', [], (document, params) =>
      service.findReferences(document, params.position, params.context.includeDeclaration),
    ),
  );
  connection.onCodeLens(
    aboutDocument('code lenses', [], (document) => service.findCodeLenses(document)),
  );
  connection.onCompletion(
    aboutDocument('completion', null, (document, params) =>
      service.doComplete(document, params.position),
    ),
  );
  connection.onFoldingRanges(
    aboutDocument('folding', [], (document) => service.getFoldingRanges(document)),
  );
  connection.languages.semanticTokens.on(
    aboutDocument('semantic tokens', { data: [] }, (document) =>
      service.getSemanticTokens(document),
    ),
  );
  connection.languages.semanticTokens.onRange(
    aboutDocument('semantic tokens', { data: [] }, (document, params) =>
      service.getSemanticTokens(document, params.range),
    ),
  );
  // A rename the service refuses comes back as the error the editor shows.
  const prepareRename = aboutDocument('rename', null, (document, params: PrepareRenameParams) =>
    service.prepareRename(document, params.position),
  );
  const rename = aboutDocument('rename', null, (document, params: RenameParams) =>
    service.doRename(document, params.position, params.newName),
  );
  connection.onPrepareRename((params) => answerOrRefuse(prepareRename(params)));
  connection.onRenameRequest((params) => answerOrRefuse(rename(params)));

  connection.onRequest(EXPLAIN_CAPTURE, (params: ExplainParams) => {
    const document = documents.get(params.uri);
    const linksRelativeTo =
      typeof params.linksRelativeTo === 'string' ? params.linksRelativeTo : undefined;
    const linksFromRoot = params.linksFromRoot === true;
    if (document) firstFindingsFirst(document);
    return document
      ? guarded('capture report', null, () =>
          service.explainCapture(document, { linksRelativeTo, linksFromRoot }),
        )
      : null;
  });

  connection.onRequest(DEVICE, (params: { uri?: unknown } | null): DeviceInfo | null => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    const device = document && guarded('device', undefined, () => service.deviceOf(document));
    return device ? { name: device.name, grouped: device.grouped } : null;
  });

  // The flow diagram of a capture (client/src/diagram): the service's outline, or why there is none.
  const notOpen = new ResponseError(
    ErrorCodes.InvalidParams,
    'The flow diagram is drawn for an open capture dump: open the file first.',
  );
  const notDrawn = { error: 'The flow diagram could not be drawn (see the Balancer Lens output).' };
  connection.onRequest(FLOW_DIAGRAM, (params: { uri?: unknown } | null) => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    if (!document) return notOpen;
    firstFindingsFirst(document);
    const outline = guarded('flow diagram', notDrawn, () =>
      service.getFlowDiagramOutline(document),
    );
    // What drawing it left (each row made and dropped) goes before the answer is written; the
    // answer itself (its columns, then its JSON) once it is written out (memory.ts).
    memory.settle(true);
    traffic.whenWritten(() => memory.settle(true));
    // Its columns are typed arrays that the connection writes as the protocol's arrays (outline.ts OutlineAnswer).
    return answerOrRefuse(outline as DiagramOutline | { readonly error: string });
  });

  // Its rows' words, a screenful at a time, for the version the page drew.
  connection.onRequest(
    FLOW_DIAGRAM_ROWS,
    (params: { uri?: unknown; version?: unknown; rows?: unknown } | null) => {
      const rows = params?.rows;
      const isIndex = (value: unknown): value is number =>
        Number.isInteger(value) && (value as number) >= 0;
      if (
        typeof params?.uri !== 'string' ||
        !isIndex(params.version) ||
        !Array.isArray(rows) ||
        rows.length > MAX_ROWS_PER_REQUEST ||
        !rows.every(isIndex)
      )
        return new ResponseError(
          ErrorCodes.InvalidParams,
          `Rows of a flow diagram are asked for by { uri, version, rows }: a version and at most ${MAX_ROWS_PER_REQUEST} row indexes.`,
        );
      const document = documents.get(params.uri);
      if (!document) return notOpen;
      if (params.version !== document.version)
        return new ResponseError(
          LSPErrorCodes.ContentModified,
          `The dump has changed since version ${params.version} (it is at ${document.version}): ask for its flow diagram again.`,
        );
      const answer = guarded('flow diagram rows', notDrawn, () =>
        service.getFlowDiagramRows(document, rows),
      );
      return 'error' in answer ? new ResponseError(ErrorCodes.InvalidParams, answer.error) : answer;
    },
  );

  // Redacted copies for sharing (redactFiles.ts), as `balancer-lens redact` writes them.
  connection.onRequest(REDACT, async (params: unknown) => {
    const answer = await redactForEditor(params);
    if ('invalid' in answer) return new ResponseError(ErrorCodes.InvalidParams, answer.invalid);
    return 'refused' in answer
      ? new ResponseError(ErrorCodes.InvalidRequest, answer.refused)
      : answer;
  });

  // A binary capture's text form, for the editor to open it as a capture document (client/src/binaryCaptures.ts).
  connection.onRequest(
    CAPTURE_FILE_TEXT,
    async (params: { uri?: unknown } | null): Promise<CaptureFileText | ResponseError> => {
      if (typeof params?.uri !== 'string' || !params.uri.startsWith('file:'))
        return new ResponseError(
          ErrorCodes.InvalidParams,
          'A binary capture is read from a file: give its file: uri.',
        );
      const file = fileURLToPath(params.uri);
      const name = path.basename(file);
      const format = await binaryCaptureFormat(file);
      if (format === undefined)
        return new ResponseError(
          ErrorCodes.InvalidParams,
          `${name} is neither a pcap nor a pcapng capture (or cannot be read).`,
        );
      try {
        const form = await readCaptureFileText(file, name, CAPTURE_TEXT_PACKETS);
        const problem = captureTextProblem(form, name);
        return {
          text: form.text,
          format,
          packets: form.packets,
          ...(problem !== undefined ? { problem } : {}),
        };
      } catch (error) {
        return new ResponseError(
          ErrorCodes.InvalidParams,
          `${name} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  );

  documents.listen(connection);
  connection.listen();
}
