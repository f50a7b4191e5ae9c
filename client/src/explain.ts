// "Explain this capture": asks the server for the report of the dump in the active editor and
// opens it beside the dump, rendered, its links leading back to the dump's and the configuration's lines.
// The report is a read-only document of our own scheme, never an untitled one: nothing is left
// to save or discard when the preview closes, and no file watcher is asked to watch it.
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_CAPTURE, type ExplainParams } from '../../server/src/protocol';

const CAPTURE_LANGUAGE = 'balancer-capture';

/** The scheme of the reports: `balancer-lens-report:/capture.axdebug.txt.report.md?<dump uri>`. */
export const REPORT_SCHEME = 'balancer-lens-report';

/** Holds the last report of each dump, and tells VS Code when one is made again. */
class Reports implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Keeps a dump's report and answers the uri that shows it. */
  put(dump: vscode.Uri, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({
      scheme: REPORT_SCHEME,
      path: `/${path.posix.basename(dump.path)}.report.md`,
      query: dump.toString(),
    });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Registers the command. It takes the dump's uri (the editor's context menu and title pass it)
 * or uses the active editor; it resolves to the report document, for whoever runs it from code.
 */
export function registerExplainCommand(
  context: vscode.ExtensionContext,
  client: () => Promise<LanguageClient>,
): void {
  const reports = new Reports();
  context.subscriptions.push(
    reports,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.commands.registerCommand('balancerLens.explainCapture', async (uri?: vscode.Uri) => {
      const document = uri
        ? (vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
          (await vscode.workspace.openTextDocument(uri)))
        : vscode.window.activeTextEditor?.document;
      if (document?.languageId !== CAPTURE_LANGUAGE) {
        void vscode.window.showWarningMessage(
          'Balancer Lens: open a capture dump (axdebug or tcpdump text) to explain it.',
        );
        return undefined;
      }
      // VS Code's preview refuses `file:` links, and resolves a link that starts with `/` in a
      // document of our scheme against the first workspace folder: the report links from there.
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
      const params: ExplainParams = {
        uri: document.uri.toString(),
        linksRelativeTo: folder,
        linksFromRoot: true,
      };
      const markdown = await (await client()).sendRequest<string | null>(EXPLAIN_CAPTURE, params);
      if (markdown === null) {
        void vscode.window.showWarningMessage(
          `Balancer Lens could not read ${vscode.workspace.asRelativePath(document.uri)} as a capture.`,
        );
        return undefined;
      }
      const report = await vscode.workspace.openTextDocument(reports.put(document.uri, markdown));
      await vscode.commands.executeCommand('markdown.showPreviewToSide', report.uri);
      return report;
    }),
  );
}
