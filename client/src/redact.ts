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
export function registerRedactCommand(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient>,
): void {
  const channel = vscode.window.createOutputChannel(vscode.l10n.t('Balancer Lens: Redaction'));
  context.subscriptions.push(
    channel,
    vscode.commands.registerCommand(
      'balancerLens.redactForSharing',
      async (
        clicked?: vscode.Uri,
        selected?: vscode.Uri[],
        options: RedactOptions = {},
      ): Promise<RedactResult | undefined> => {
        const sources = await sourcesOf(clicked, selected);
        if (!sources) return undefined;
        const outDir = options.outDir ?? (await pickOutput());
        if (!outDir) return undefined;
        const names = options.names ?? (await pickNames());
        if (names === undefined) return undefined;
        const keyFile = vscode.workspace
          .getConfiguration('balancerLens')
          .get<string>('redaction.keyFile', '');
        const params: RedactParams = {
          paths: sources.map((uri) => uri.fsPath),
          outDir: outDir.fsPath,
          names,
          keyFile: keyFile === '' ? undefined : keyFile,
        };
        let result: RedactResult;
        try {
          result = await (await client()).sendRequest(REDACT, params);
        } catch (error) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t(
              'Balancer Lens could not redact: {0}',
              error instanceof Error ? error.message : String(error),
            ),
          );
          return undefined;
        }
        const secrets = result.written.reduce((sum, file) => sum + file.secrets, 0);
        channel.clear();
        if (result.key.created)
          channel.appendLine(
            vscode.l10n.t(
              'A new key was made in {0}: keep it private, and use it again for files of the same site.',
              result.key.file,
            ),
          );
        channel.append(result.report);
        channel.show(true);
        void vscode.window.showInformationMessage(
          redactedMessage(result.written.length, outDir.fsPath, secrets),
        );
        return result;
      },
    ),
  );
}

/** The explorer's selection, the clicked file, the active file, or what the user picks. */
async function sourcesOf(
  clicked: vscode.Uri | undefined,
  selected: vscode.Uri[] | undefined,
): Promise<vscode.Uri[] | undefined> {
  if (selected && selected.length > 0) return selected;
  if (clicked instanceof vscode.Uri) return [clicked];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') return [active];
  return vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: vscode.l10n.t('Redact'),
    title: vscode.l10n.t('Balancer Lens: files or folders to redact for sharing'),
  });
}

async function pickOutput(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Write the redacted copies here'),
    title: vscode.l10n.t(
      'Balancer Lens: the folder for the redacted copies (not one that holds the originals)',
    ),
  });
  return picked?.[0];
}

async function pickNames(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('Addresses and secrets'),
        description: vscode.l10n.t('names stay as they are'),
        names: false,
      },
      {
        label: vscode.l10n.t('Addresses, secrets and names'),
        description: vscode.l10n.t('host names, object names, descriptions and domain names too'),
        names: true,
      },
    ],
    { title: vscode.l10n.t('Balancer Lens: what to hide') },
  );
  return picked?.names;
}

/** What the redaction says it did, in whole sentences (singular and plural), so each language words them its own way. */
function redactedMessage(files: number, outDir: string, secrets: number): string {
  if (files === 1) {
    return secrets === 1
      ? vscode.l10n.t(
          'Balancer Lens redacted 1 file into {0} (1 secret removed; the report is in the output).',
          outDir,
        )
      : vscode.l10n.t(
          'Balancer Lens redacted 1 file into {0} ({1} secrets removed; the report is in the output).',
          outDir,
          secrets,
        );
  }
  return secrets === 1
    ? vscode.l10n.t(
        'Balancer Lens redacted {0} files into {1} (1 secret removed; the report is in the output).',
        files,
        outDir,
      )
    : vscode.l10n.t(
        'Balancer Lens redacted {0} files into {1} ({2} secrets removed; the report is in the output).',
        files,
        outDir,
        secrets,
      );
}
