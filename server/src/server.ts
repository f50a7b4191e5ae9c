// LSP glue: declares the capabilities and hands each request to the language service.
// Each handler finds the document and calls the service; nothing here knows the languages.
import {
  CodeActionKind,
  type Connection,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from './service';

/** Serves the Balancer Lens language service over an LSP connection. */
export function startServer(connection: Connection): void {
  const service = createLanguageService();
  const documents = new TextDocuments(TextDocument);
  const pending = new Map<string, NodeJS.Immediate>();

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
  function scheduleValidation(document: TextDocument): void {
    clearImmediate(pending.get(document.uri));
    pending.set(
      document.uri,
      setImmediate(() => {
        pending.delete(document.uri);
        const current = documents.get(document.uri);
        if (!current) return;
        const diagnostics = guarded(`checking ${current.uri}`, [], () => service.doValidation(current));
        void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
      }),
    );
  }

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'balancer-lens' },
  }));

  documents.onDidOpen((event) => scheduleValidation(event.document));
  documents.onDidChangeContent((event) => scheduleValidation(event.document));
  documents.onDidClose((event) => {
    clearImmediate(pending.get(event.document.uri));
    pending.delete(event.document.uri);
    service.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('hover', null, () => service.doHover(document, params.position)) : null;
  });

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guarded('code actions', [], () => service.doCodeActions(document, params.range, params.context.diagnostics)) : [];
  });

  documents.listen(connection);
  connection.listen();
}
