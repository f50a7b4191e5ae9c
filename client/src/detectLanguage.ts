// VS Code applies a language's `firstLine` pattern only to the first line of files whose
// extension no language claims, so a capture saved as `.txt`, a running-config saved as `.cfg`,
// a device's file in a backup repository (named after the device, without an extension) or a
// configuration under a comment header would open as plain text. This decides such files by
// their content as the server and `check` do (server/src/service/recognition.ts).
import * as vscode from 'vscode';
import { HEAD_CHARACTERS, languageOfText } from '../../server/src/service/recognition';

/** Languages whose documents may really be a balancer file when their content says so. */
const GENERIC_LANGUAGES = new Set(['plaintext', 'log', 'ini', 'properties', 'conf']);

/** Re-opens plain documents as a balancer language when their content says they are one. */
export function registerContentDetection(context: vscode.ExtensionContext): void {
  const detect = (document: vscode.TextDocument): void => {
    if (!GENERIC_LANGUAGES.has(document.languageId)) return;
    if (
      !vscode.workspace
        .getConfiguration('balancerLens', document)
        .get<boolean>('detectByContent', true)
    )
      return;
    const head = document.getText(
      new vscode.Range(0, 0, document.positionAt(HEAD_CHARACTERS + 1).line + 1, 0),
    );
    const language = head.includes('\u0000') ? undefined : languageOfText(head);
    if (language) void vscode.languages.setTextDocumentLanguage(document, language);
  };

  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(detect));
  vscode.workspace.textDocuments.forEach(detect);
}
