// The extension: starts the Balancer Lens language server and hands it the two languages.
// Everything the user is told comes from the server; this file only connects the two (and opens
// the flow diagram's panel, client/src/diagram/).
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerContentDetection } from './detectLanguage';
import { FlowDiagrams } from './diagram/panel';

const LANGUAGES = ['balancer-config', 'balancer-capture'];

/** Files that may hold a configuration: the manifest's file names, and the extensions content detection looks into. */
const CONFIG_FILES_GLOB = '**/*.{acos,a10,txt,cfg,conf,log}';

let client: LanguageClient | undefined;
/** Settles once the server runs (or fails to start). */
let started: Promise<void> | undefined;

/**
 * Activates on the two languages, and on plain text so that content detection can run.
 * The server starts only once a balancer document is open.
 */
export function activate(context: vscode.ExtensionContext): void {
  registerContentDetection(context);
  const startWhenNeeded = (document: vscode.TextDocument): void => {
    if (!client && LANGUAGES.includes(document.languageId)) startClient(context);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(startWhenNeeded));
  vscode.workspace.textDocuments.forEach(startWhenNeeded);
  const diagrams = new FlowDiagrams(context, async () => {
    if (!client) startClient(context);
    await started;
    return client!;
  });
  context.subscriptions.push(
    diagrams,
    // Resolves with the page's first drawing ({ flows, rows, lanes }), so that a test can wait for it.
    vscode.commands.registerCommand('balancerLens.showFlowDiagram', (uri?: unknown) => diagrams.show(uri instanceof vscode.Uri ? uri : undefined)),
  );
}

function startClient(context: vscode.ExtensionContext): void {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  // The server reads the workspace's configuration files itself; the client tells it when one
  // changes on disk and passes the user's rule settings (`balancerLens.rules`).
  const configFiles = vscode.workspace.createFileSystemWatcher(CONFIG_FILES_GLOB);
  context.subscriptions.push(configFiles);
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ language })),
    synchronize: { fileEvents: configFiles, configurationSection: 'balancerLens' },
    initializationOptions: { settings: { rules: vscode.workspace.getConfiguration('balancerLens').get<Record<string, string>>('rules', {}) } },
  };
  client = new LanguageClient('balancerLens', 'Balancer Lens', serverOptions, clientOptions);
  context.subscriptions.push(client);
  started = client.start().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Balancer Lens could not start its language server: ${String(error)}`);
  });
}

/** Stops the language server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
