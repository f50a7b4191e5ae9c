// LSP glue: declares the capabilities and hands each request to the language service.
// Each handler finds the document and calls the service; nothing here knows the languages, but
// the server reads the workspace's configuration files for the service (workspaceFiles.ts) and
// checks the open configurations again when another one changes.
import {
  CodeActionKind,
  type Connection,
  ErrorCodes,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
  type LanguageSettings,
  MAX_ROWS_PER_REQUEST,
  semanticTokensLegend,
} from './service';
import { readDeviceGroups } from './deviceGroups';
import { DEVICE, type DeviceInfo, EXPLAIN_CAPTURE, type ExplainParams, FLOW_DIAGRAM, FLOW_DIAGRAM_ROWS } from './protocol';
import { type FilesExclude, WorkspaceFiles } from './workspaceFiles';

/** A service answer, or the service's reason for refusing as the error the editor shows. */
function answerOrRefuse<T extends object>(answer: T | { readonly error: string } | null): T | null | ResponseError<void> {
  return answer !== null && 'error' in answer ? new ResponseError(ErrorCodes.InvalidRequest, answer.error) : answer;
}

/** The `balancerLens` settings the server applies. */
interface UserSettings {
  readonly rules?: LanguageSettings['rules'];
  /** Devices split over several files: names and globs (deviceGroups.ts), checked when applied. */
  readonly devices?: unknown;
}

/** Serves the Balancer Lens language service over an LSP connection. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspaceFiles = new WorkspaceFiles(documents);
  const service = createLanguageService({ workspace: workspaceFiles });
  const pending = new Map<string, NodeJS.Immediate>();
  /** What was last published per uri, so checking a file again because another changed says nothing new twice. */
  const published = new Map<string, string>();
  let startup: InitializeParams | undefined;
  let othersTimer: NodeJS.Timeout | undefined;

  /** Runs a service call; a failure is logged and answered with the fallback, never a crash. */
  function guarded<T>(what: string, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (error) {
      connection.console.error(`Balancer Lens: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  /** Validates on the next turn, so a burst of changes is validated once, at its last version. */
  function scheduleValidation(document: TextDocument, onlyIfChanged = false): void {
    clearImmediate(pending.get(document.uri));
    pending.set(
      document.uri,
      setImmediate(() => {
        pending.delete(document.uri);
        const current = documents.get(document.uri);
        if (!current) return;
        const diagnostics = guarded(`checking ${current.uri}`, [], () => service.doValidation(current));
        const key = `${current.version}\n${JSON.stringify(diagnostics)}`;
        if (onlyIfChanged && published.get(current.uri) === key) return;
        published.set(current.uri, key);
        void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
      }),
    );
    if (document.languageId === CONFIG_LANGUAGE && !onlyIfChanged) scheduleOtherConfigs(document.uri);
  }

  /**
   * A configuration file changed: the other open ones may now use or miss what it defines, and
   * the open captures' findings may now be explained (or fixed) by it, so they are checked again
   * once the typing pauses (the edited one is checked at once).
   */
  function scheduleOtherConfigs(except?: string): void {
    clearTimeout(othersTimer);
    othersTimer = setTimeout(() => {
      for (const other of documents.all()) {
        if (other.uri !== except && (other.languageId === CONFIG_LANGUAGE || other.languageId === CAPTURE_LANGUAGE)) scheduleValidation(other, true);
      }
    }, 300);
  }

  /** Applies the user's settings (`balancerLens.rules`, `balancerLens.devices`) and checks every open document again. */
  function configure(settings: UserSettings | null | undefined): void {
    service.configure({ rules: settings?.rules ?? {} });
    setDevices(settings?.devices);
    for (const document of documents.all()) scheduleValidation(document, true);
  }

  /** Applies `balancerLens.devices`; one that cannot be used is said in the log and leaves no device grouped. */
  function setDevices(devices: unknown): void {
    const read = readDeviceGroups(devices);
    if ('error' in read) connection.console.error(`Balancer Lens: the setting balancerLens.devices ${read.error}.`);
    workspaceFiles.setDeviceGroups('error' in read ? {} : read.groups);
  }

  connection.onInitialize((params) => {
    startup = params;
    const options = params.initializationOptions as { settings?: UserSettings; filesExclude?: FilesExclude } | undefined;
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
    folders = startup?.workspaceFolders?.map((f) => f.uri) ?? (startup?.rootUri ? [startup.rootUri] : []);
    void workspaceFiles.scan(folders).then(() => scheduleOtherConfigs());
    // Folders added to or removed from the workspace: its configuration files are read again.
    if (startup?.capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        folders = [...folders.filter((uri) => !removed.some((r) => r.uri === uri)), ...added.map((a) => a.uri)];
        void workspaceFiles.scan(folders).then(() => scheduleOtherConfigs());
      });
    }
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    const touched = await Promise.all(changes.map(async (c) => (c.type === FileChangeType.Deleted ? workspaceFiles.deleted(c.uri) : workspaceFiles.changed(c.uri))));
    if (touched.some((t) => t)) scheduleOtherConfigs();
  });

  connection.onDidChangeConfiguration(async ({ settings }) => {
    const given = settings as { balancerLens?: UserSettings; files?: { exclude?: FilesExclude } } | null | undefined;
    // New `files.exclude` globs: the folders are read again with them.
    if (given?.files && workspaceFiles.setExcludes(given.files.exclude)) void workspaceFiles.scan(folders).then(() => scheduleOtherConfigs());
    const pushed = given?.balancerLens;
    if (pushed || !startup?.capabilities.workspace?.configuration) return configure(pushed);
    configure((await connection.workspace.getConfiguration('balancerLens')) as UserSettings | null);
  });

  documents.onDidOpen((event) => scheduleValidation(event.document));
  documents.onDidChangeContent((event) => scheduleValidation(event.document));
  documents.onDidClose((event) => {
    clearImmediate(pending.get(event.document.uri));
    pending.delete(event.document.uri);
    service.forget(event.document.uri);
    published.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    if (event.document.languageId === CONFIG_LANGUAGE) scheduleOtherConfigs();
  });

  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('hover', null, () => service.doHover(document, params.position)) : null;
  });

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('code actions', [], () => service.doCodeActions(document, params.range, params.context.diagnostics)) : [];
  });

  connection.onDocumentSymbol((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('outline', [], () => service.findDocumentSymbols(document)) : [];
  });

  connection.onDefinition((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('definition', null, () => service.findDefinition(document, params.position)) : null;
  });

  connection.onReferences((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('references', [], () => service.findReferences(document, params.position, params.context.includeDeclaration)) : [];
  });

  connection.onCodeLens((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('code lenses', [], () => service.findCodeLenses(document)) : [];
  });

  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('completion', null, () => service.doComplete(document, params.position)) : null;
  });

  connection.onPrepareRename((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? answerOrRefuse(guarded('rename', null, () => service.prepareRename(document, params.position))) : null;
  });

  connection.onRenameRequest((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? answerOrRefuse(guarded('rename', null, () => service.doRename(document, params.position, params.newName))) : null;
  });

  connection.onFoldingRanges((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('folding', [], () => service.getFoldingRanges(document)) : [];
  });

  connection.languages.semanticTokens.on((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('semantic tokens', { data: [] }, () => service.getSemanticTokens(document)) : { data: [] };
  });

  connection.languages.semanticTokens.onRange((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('semantic tokens', { data: [] }, () => service.getSemanticTokens(document, params.range)) : { data: [] };
  });

  connection.onRequest(EXPLAIN_CAPTURE, (params: ExplainParams) => {
    const document = documents.get(params.uri);
    const linksRelativeTo = typeof params.linksRelativeTo === 'string' ? params.linksRelativeTo : undefined;
    return document ? guarded('capture report', null, () => service.explainCapture(document, { linksRelativeTo })) : null;
  });

  connection.onRequest(DEVICE, (params: { uri?: unknown } | null): DeviceInfo | null => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    const device = document && guarded('device', undefined, () => service.deviceOf(document));
    return device ? { name: device.name, grouped: device.grouped } : null;
  });

  // The flow diagram of a capture (client/src/diagram): the service's outline, or why there is none.
  const notOpen = new ResponseError(ErrorCodes.InvalidParams, 'The flow diagram is drawn for an open capture dump: open the file first.');
  const notDrawn = { error: 'The flow diagram could not be drawn (see the Balancer Lens output).' };
  connection.onRequest(FLOW_DIAGRAM, (params: { uri?: unknown } | null) => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    if (!document) return notOpen;
    return answerOrRefuse(guarded('flow diagram', notDrawn, () => service.getFlowDiagramOutline(document)));
  });

  // Its rows' words, a screenful at a time, for the version the page drew.
  connection.onRequest(FLOW_DIAGRAM_ROWS, (params: { uri?: unknown; version?: unknown; rows?: unknown } | null) => {
    const rows = params?.rows;
    const isIndex = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
    if (typeof params?.uri !== 'string' || !isIndex(params.version) || !Array.isArray(rows) || rows.length > MAX_ROWS_PER_REQUEST || !rows.every(isIndex))
      return new ResponseError(ErrorCodes.InvalidParams, `Rows of a flow diagram are asked for by { uri, version, rows }: a version and at most ${MAX_ROWS_PER_REQUEST} row indexes.`);
    const document = documents.get(params.uri);
    if (!document) return notOpen;
    if (params.version !== document.version)
      return new ResponseError(LSPErrorCodes.ContentModified, `The dump has changed since version ${params.version} (it is at ${document.version}): ask for its flow diagram again.`);
    const answer = guarded('flow diagram rows', notDrawn, () => service.getFlowDiagramRows(document, rows));
    return 'error' in answer ? new ResponseError(ErrorCodes.InvalidParams, answer.error) : answer;
  });

  documents.listen(connection);
  connection.listen();
}
