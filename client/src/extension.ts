// The extension: starts the Balancer Lens language server and hands it the two languages.
// Everything the user is told comes from the server; this file only connects the two.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the language client when a balancer configuration or capture is opened. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'balancer-config' },
      { language: 'balancer-capture' },
    ],
  };
  client = new LanguageClient('balancerLens', 'Balancer Lens', serverOptions, clientOptions);
  await client.start();
}

/** Stops the language server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
