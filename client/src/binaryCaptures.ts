// Binary captures (pcap, pcapng, .cap) open as capture documents: a read-only document under a
// scheme of its own holds the text form the language server reads from the file (tcpdump -# -nn
// -v), named `FILE.tcpdump.txt` so that it is a `balancer-capture` document with every capture
// feature. Opening the file itself goes through a custom editor that only puts that document in
// its place. A command saves the text form.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CAPTURE_FILE_TEXT } from '../../server/src/protocol';

/** The scheme of the text forms. */
export const TEXT_FORM_SCHEME = 'balancer-lens-capture';

/** The custom editor of binary capture files (package.json `customEditors`). */
const VIEW_TYPE = 'balancerLens.binaryCapture';

/** The text form's uri of a binary capture file: its path and `.tcpdump.txt`, the file's uri in the query. */
export function textFormUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({
    scheme: TEXT_FORM_SCHEME,
    path: `${file.path}.tcpdump.txt`,
    query: file.toString(),
  });
}

/** The binary capture file a text form was read from. */
function fileOf(textForm: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(textForm.query, true);
}

/** Opens a binary capture file's text form in an editor. */
async function openTextForm(
  file: vscode.Uri,
  viewColumn?: vscode.ViewColumn,
): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(textFormUri(file));
  return vscode.window.showTextDocument(document, { viewColumn, preview: false });
}

/** Registers the text forms' provider, the custom editor that opens them, and the commands. */
export function registerBinaryCaptures(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient>,
): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const file = fileOf(uri);
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      try {
        const answer = await (
          await client()
        ).sendRequest(CAPTURE_FILE_TEXT, { uri: file.toString() });
        if (answer.problem !== undefined) void vscode.window.showWarningMessage(answer.problem);
        return answer.text;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Balancer Lens could not read {0}: {1}', name, message),
        );
        return `reading from file ${name} stopped: ${message}\n`;
      }
    },
  };
  const editors: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
    async resolveCustomEditor(document, panel) {
      // The capture is shown as its text form, in the custom editor's place.
      await openTextForm(document.uri, panel.viewColumn);
      panel.dispose();
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(TEXT_FORM_SCHEME, provider),
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, editors, {
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('balancerLens.openBinaryCapture', async (uri?: vscode.Uri) => {
      const file =
        uri ??
        (
          await vscode.window.showOpenDialog({
            filters: { [vscode.l10n.t('Captures')]: ['pcap', 'pcapng', 'cap'] },
          })
        )?.[0];
      return file ? openTextForm(file) : undefined;
    }),
    // Resolves to where it saved the text, for whoever runs it from code.
    vscode.commands.registerCommand(
      'balancerLens.saveCaptureText',
      async (uri?: vscode.Uri, target?: vscode.Uri) => {
        const textForm = uri ?? vscode.window.activeTextEditor?.document.uri;
        if (textForm?.scheme !== TEXT_FORM_SCHEME) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Open a pcap or pcapng file first: its text form is what this saves.'),
          );
          return undefined;
        }
        const document = await vscode.workspace.openTextDocument(textForm);
        const file = fileOf(textForm);
        const where =
          target ??
          (await vscode.window.showSaveDialog({
            defaultUri: file.with({ path: `${file.path}.txt` }),
            filters: { [vscode.l10n.t('tcpdump text')]: ['txt'] },
          }));
        if (!where) return undefined;
        await vscode.workspace.fs.writeFile(where, new TextEncoder().encode(document.getText()));
        return where;
      },
    ),
  );
}
