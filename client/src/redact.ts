// "Redact for Sharing": redacted copies of the chosen files or folders (the explorer's
// selection, else the active file, else a picker), written by the server into a folder the user
// picks; the originals are never changed. The report goes to an output channel.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REDACT, type RedactParams, type RedactResult } from '../../server/src/protocol';

/** What a caller (a test, another extension) may pass instead of answering the pickers. */
interface RedactOptions {
  readonly outDir?: vscode.Uri;
  readonly names?: boolean;
}

/** Registers the command; it resolves to what the server did, or undefined when the user stepped back. */
export function registerRedactCommand(context: vscode.ExtensionContext, client: () => Promise<LanguageClient>): void {
  const channel = vscode.window.createOutputChannel('Balancer Lens: Redaction');
  context.subscriptions.push(
    channel,
    vscode.commands.registerCommand(
      'balancerLens.redactForSharing',
      async (clicked?: vscode.Uri, selected?: vscode.Uri[], options: RedactOptions = {}): Promise<RedactResult | undefined> => {
        const sources = await sourcesOf(clicked, selected);
        if (!sources) return undefined;
        const outDir = options.outDir ?? (await pickOutput());
        if (!outDir) return undefined;
        const names = options.names ?? (await pickNames());
        if (names === undefined) return undefined;
        const keyFile = vscode.workspace.getConfiguration('balancerLens').get<string>('redaction.keyFile', '');
        const params: RedactParams = {
          paths: sources.map((uri) => uri.fsPath),
          outDir: outDir.fsPath,
          names,
          keyFile: keyFile === '' ? undefined : keyFile,
        };
        let result: RedactResult;
        try {
          result = await (await client()).sendRequest<RedactResult>(REDACT, params);
        } catch (error) {
          void vscode.window.showErrorMessage(`Balancer Lens could not redact: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
        const secrets = result.written.reduce((sum, file) => sum + file.secrets, 0);
        channel.clear();
        if (result.key.created) channel.appendLine(`A new key was made in ${result.key.file}: keep it private, and use it again for files of the same site.`);
        channel.append(result.report);
        channel.show(true);
        void vscode.window.showInformationMessage(
          `Balancer Lens redacted ${result.written.length} file${result.written.length === 1 ? '' : 's'} into ${outDir.fsPath} (${secrets} secret${secrets === 1 ? '' : 's'} removed; the report is in the output).`,
        );
        return result;
      },
    ),
  );
}

/** The explorer's selection, the clicked file, the active file, or what the user picks. */
async function sourcesOf(clicked: vscode.Uri | undefined, selected: vscode.Uri[] | undefined): Promise<vscode.Uri[] | undefined> {
  if (selected && selected.length > 0) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') return [active];
  return vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Redact',
    title: 'Balancer Lens: files or folders to redact for sharing',
  });
}

async function pickOutput(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Write the redacted copies here',
    title: 'Balancer Lens: the folder for the redacted copies (not one that holds the originals)',
  });
  return picked?.[0];
}

async function pickNames(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Addresses and secrets', description: 'names stay as they are', names: false },
      { label: 'Addresses, secrets and names', description: 'host names, object names, descriptions and domain names too', names: true },
    ],
    { title: 'Balancer Lens: what to hide' },
  );
  return picked?.names;
}
