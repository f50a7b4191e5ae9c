// The extension: starts the Balancer Lens language server and hands it the two languages.
// Everything the user is told comes from the server; this file only connects the two (and opens
// the flow diagram's panel, client/src/diagram/).
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { registerBinaryCaptures } from './binaryCaptures';
import { registerContentDetection } from './detectLanguage';
import { registerDeviceStatus } from './device';
import { registerExplainCommand } from './explain';
import { registerRedactCommand } from './redact';
import { FlowDiagrams } from './diagram/panel';
import { StartOnce } from './serverStart';

const LANGUAGES = ['balancer-config', 'balancer-capture'];

/**
 * Files that may hold a configuration: the manifest's file names, the extensions content
 * detection looks into, and files without an extension (a backup tool's device files); the
 * server decides by name and content (server/src/languageFiles.ts).
 */
const CONFIG_FILES_GLOB = '**/*';

let client: LanguageClient | undefined;

/**
 * Activates on the two languages, and on plain text so that content detection can run.
 * The server starts only once a balancer document is open.
 */
export function activate(context: vscode.ExtensionContext): void {
  registerContentDetection(context);
  // A command may run before any balancer document started the server: it starts it then. A
  // start that failed is said and forgotten: the next command or document starts it again.
  const server = new StartOnce(
    () => startClient(context),
    (error) =>
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Balancer Lens could not start its language server: {0}',
          error instanceof Error ? error.message : String(error),
        ),
      ),
  );
  const ready = (): Promise<LanguageClient> => server.get();
  registerExplainCommand(context, ready);
  registerDeviceStatus(context, ready);
  registerRedactCommand(context, ready);
  registerBinaryCaptures(context, ready);
  const startWhenNeeded = (document: vscode.TextDocument): void => {
    if (!server.asked && LANGUAGES.includes(document.languageId))
      void server.get().catch(() => undefined);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(startWhenNeeded));
  vscode.workspace.textDocuments.forEach(startWhenNeeded);
  const diagrams = new FlowDiagrams(context, ready);
  context.subscriptions.push(
    diagrams,
    // Resolves with the page's first drawing ({ flows, rows, lanes }), so that a test can wait for it.
    vscode.commands.registerCommand('balancerLens.showFlowDiagram', (uri?: unknown) =>
      diagrams.show(uri instanceof vscode.Uri ? uri : undefined),
    ),
  );
}

async function startClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6010'] },
    },
  };
  // The server reads the workspace's configuration files itself; the client tells it when one
  // changes on disk and passes the user's rule settings (`balancerLens.rules`).
  const configFiles = vscode.workspace.createFileSystemWatcher(CONFIG_FILES_GLOB);
  context.subscriptions.push(configFiles);
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ language })),
    // `files.exclude` leaves files out of the server's reading of the workspace, as out of the explorer.
    synchronize: {
      fileEvents: configFiles,
      configurationSection: ['balancerLens', 'files.exclude'],
    },
    // VS Code draws `$(name)` in a lens's title as an icon: a host or name from a dump that holds
    // one shows as written (`\$(` is VS Code's own escape; other editors show titles as text).
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        for (const lens of lenses ?? [])
          if (lens.command) lens.command.title = lens.command.title.replace(/\$\(/g, '\\$(');
        return lenses;
      },
    },
    initializationOptions: {
      settings: {
        rules: vscode.workspace
          .getConfiguration('balancerLens')
          .get<Record<string, string>>('rules', {}),
        devices: vscode.workspace
          .getConfiguration('balancerLens')
          .get<Record<string, string[]>>('devices', {}),
      },
      filesExclude: vscode.workspace
        .getConfiguration('files')
        .get<Record<string, unknown>>('exclude', {}),
    },
  };
  const created = new LanguageClient('balancerLens', 'Balancer Lens', serverOptions, clientOptions);
  try {
    await created.start();
  } catch (error) {
    // Nothing of the failed start stays behind: the next start makes its own client and watcher.
    configFiles.dispose();
    await created.dispose().catch(() => undefined);
    throw error;
  }
  client = created;
  context.subscriptions.push(created);
  return created;
}

/** Stops the language server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
