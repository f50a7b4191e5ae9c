// "Explain this capture": asks the server for the report of the dump in the active editor and
// opens it beside the dump, rendered, its links leading back to the dump's and the configuration's lines.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_CAPTURE, type ExplainParams } from '../../server/src/protocol';

const CAPTURE_LANGUAGE = 'balancer-capture';

/**
 * Registers the command. It takes the dump's uri (the editor's context menu and title pass it)
 * or uses the active editor; it resolves to the report document, for whoever runs it from code.
 */
export function registerExplainCommand(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient>,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('balancerLens.explainCapture', async (uri?: vscode.Uri) => {
      const document = uri
        ? (vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
          (await vscode.workspace.openTextDocument(uri)))
        : vscode.window.activeTextEditor?.document;
      if (document?.languageId !== CAPTURE_LANGUAGE) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Balancer Lens: open a capture dump (axdebug or tcpdump text) to explain it.'),
        );
        return undefined;
      }
      // The preview of an untitled Markdown document resolves relative links against the first
      // workspace folder, and refuses `file:` links: the report links relative to that folder.
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
      const params: ExplainParams = { uri: document.uri.toString(), linksRelativeTo: folder };
      const markdown = await (await client()).sendRequest(EXPLAIN_CAPTURE, params);
      if (markdown === null) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Balancer Lens could not read {0} as a capture.', vscode.workspace.asRelativePath(document.uri)),
        );
        return undefined;
      }
      const report = await vscode.workspace.openTextDocument({
        language: 'markdown',
        content: markdown,
      });
      await vscode.commands.executeCommand('markdown.showPreviewToSide', report.uri);
      return report;
    }),
  );
}
