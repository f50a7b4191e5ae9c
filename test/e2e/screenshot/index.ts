// The extension-host side of `npm run screenshot`: opens the file, waits until the extension
// has spoken about it, arranges the view, then tells the harness (a log line) to take the
// picture. It never returns: ending would stop the extension host and clear the squiggles.
import * as vscode from 'vscode';
import { SCREENSHOT_READY, ScreenshotRequest } from './request';

/** Arranges the workbench as the request in env BALANCER_LENS_SHOW asks, then waits forever. */
export async function run(): Promise<void> {
  const request = JSON.parse(process.env.BALANCER_LENS_SHOW ?? '{}') as ScreenshotRequest;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('The screenshot needs a workspace folder.');
  }
  const uri = vscode.Uri.joinPath(folder.uri, request.file);
  const diagnosticsArrived = new Promise<void>((resolve) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) {
        subscription.dispose();
        resolve();
      }
    });
  });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  // A file the extension finds nothing in publishes no diagnostics: do not wait for ever.
  await Promise.race([
    diagnosticsArrived,
    new Promise((resolve) => setTimeout(resolve, request.settleMs)),
  ]);
  const diagnostics = vscode.languages.getDiagnostics(uri).length;

  if (request.problems) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(document); // focus back on the text
  }
  if (request.line !== undefined) {
    const position = new vscode.Position(request.line - 1, Math.max(0, (request.column ?? 1) - 1));
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(
      new vscode.Range(position, position),
      vscode.TextEditorRevealType.InCenterIfOutsideViewport,
    );
    if (request.hover) {
      await vscode.commands.executeCommand('editor.action.showHover');
    }
  }
  if (request.command) {
    await vscode.commands.executeCommand(request.command, uri);
  }
  console.log(
    `${SCREENSHOT_READY} ${JSON.stringify({ diagnostics, languageId: document.languageId })}`,
  );
  await new Promise<never>(() => undefined);
}
