// The extension: starts the Balancer Lens language server and hands it the two languages.
// Everything the user is told comes from the server; this file only connects the two (and opens
// the flow diagram's panel, client/src/diagram/).
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerContentDetection } from './detectLanguage';
import { registerDeviceStatus } from './device';
import { registerExplainCommand } from './explain';
import { FlowDiagrams } from './diagram/panel';

const LANGUAGES = ['balancer-config', 'balancer-capture'];

/**
 * Files that may hold a configuration: the manifest's file names, the extensions content
 * detection looks into, and files without an extension (a backup tool's device files); the
 * server decides by name and content (server/src/languageFiles.ts).
 */
const CONFIG_FILES_GLOB = '**/*';

let client: LanguageClient | undefined;
/** Resolves once the client has started (commands wait for it). */
let started: Promise<LanguageClient> | undefined;

/**
 * Activates on the two languages, and on plain text so that content detection can run.
 * The server starts only once a balancer document is open.
 */
export function activate(context: vscode.ExtensionContext): void {
  registerContentDetection(context);
  // A command may run before any balancer document started the server: it starts it then.
  const ready = (): Promise<LanguageClient> => started ?? startClient(context);
  registerExplainCommand(context, ready);
  registerDeviceStatus(context, ready);
  const startWhenNeeded = (document: vscode.TextDocument): void => {
    if (!client && LANGUAGES.includes(document.languageId)) void startClient(context).catch(() => undefined);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(startWhenNeeded));
  vscode.workspace.textDocuments.forEach(startWhenNeeded);
  const diagrams = new FlowDiagrams(context, ready);
  context.subscriptions.push(
    diagrams,
    // Resolves with the page's first drawing ({ flows, rows, lanes }), so that a test can wait for it.
    vscode.commands.registerCommand('balancerLens.showFlowDiagram', (uri?: unknown) => diagrams.show(uri instanceof vscode.Uri ? uri : undefined)),
  );
}

function startClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
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
    // `files.exclude` leaves files out of the server's reading of the workspace, as out of the explorer.
    synchronize: { fileEvents: configFiles, configurationSection: ['balancerLens', 'files.exclude'] },
    initializationOptions: {
      settings: {
        rules: vscode.workspace.getConfiguration('balancerLens').get<Record<string, string>>('rules', {}),
        devices: vscode.workspace.getConfiguration('balancerLens').get<Record<string, string[]>>('devices', {}),
      },
      filesExclude: vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude', {}),
    },
  };
  const created = new LanguageClient('balancerLens', 'Balancer Lens', serverOptions, clientOptions);
  client = created;
  context.subscriptions.push(created);
  started = created.start().then(
    () => created,
    (error: unknown) => {
      void vscode.window.showErrorMessage(`Balancer Lens could not start its language server: ${String(error)}`);
      throw error;
    },
  );
  return started;
}

/** Stops the language server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
