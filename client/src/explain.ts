// "Explain this capture": asks the server for the report of the dump in the active editor and
// opens it beside the dump, rendered, its links leading back to the dump's and the configuration's lines.
// The report is a read-only document of our own scheme, never an untitled one: nothing is left
// to save or discard when the preview closes, and watching it is answered.
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_CAPTURE, type ExplainParams } from '../../server/src/protocol';

const CAPTURE_LANGUAGE = 'balancer-capture';

/** The scheme of the reports: `balancer-lens-report:/capture.axdebug.txt.report.md?<dump uri>`. */
export const REPORT_SCHEME = 'balancer-lens-report';

/**
 * Holds the last report of each dump, as a read-only file system of our scheme: VS Code and the
 * Markdown preview watch what they show, and a file system answers that (a content provider
 * makes the workbench log an error with a stack for each watch); a report made again is a change.
 */
class Reports implements vscode.FileSystemProvider {
  private readonly texts = new Map<string, Uint8Array>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly made = Date.now();
  readonly onDidChangeFile = this.changed.event;

  /** Keeps a dump's report and answers the uri that shows it. */
  put(dump: vscode.Uri, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({
      scheme: REPORT_SCHEME,
      path: `/${path.posix.basename(dump.path)}.report.md`,
      query: dump.toString(),
    });
    const known = this.texts.has(uri.toString());
    this.texts.set(uri.toString(), new TextEncoder().encode(markdown));
    this.changed.fire([
      { type: known ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri },
    ]);
    return uri;
  }

  private text(uri: vscode.Uri): Uint8Array {
    const text = this.texts.get(uri.toString());
    if (!text) throw vscode.FileSystemError.FileNotFound(uri);
    return text;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/')
      return { type: vscode.FileType.Directory, ctime: this.made, mtime: this.made, size: 0 };
    return {
      type: vscode.FileType.File,
      ctime: this.made,
      mtime: Date.now(),
      size: this.text(uri).length,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.text(uri);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined); // every change is announced anyway
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
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
    vscode.workspace.registerFileSystemProvider(REPORT_SCHEME, reports, {
      isReadonly: true,
      isCaseSensitive: true,
    }),
    vscode.commands.registerCommand('balancerLens.explainCapture', async (uri?: vscode.Uri) => {
      const document = uri
        ? (vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
          (await vscode.workspace.openTextDocument(uri)))
        : vscode.window.activeTextEditor?.document;
      if (document?.languageId !== CAPTURE_LANGUAGE) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'Balancer Lens: open a capture dump (axdebug or tcpdump text) to explain it.',
          ),
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
      const markdown = await (await client()).sendRequest(EXPLAIN_CAPTURE, params);
      if (markdown === null) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'Balancer Lens could not read {0} as a capture.',
            vscode.workspace.asRelativePath(document.uri),
          ),
        );
        return undefined;
      }
      const report = await vscode.workspace.openTextDocument(reports.put(document.uri, markdown));
      await vscode.commands.executeCommand('markdown.showPreviewToSide', report.uri);
      return report;
    }),
  );
}
