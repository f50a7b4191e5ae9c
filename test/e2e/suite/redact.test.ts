// "Redact for Sharing" in a real VS Code: the workspace folder (a copy of examples/) redacted into
// a folder outside it; the copies hide the addresses, names and secrets and keep the findings,
// and the originals are untouched.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RedactResult } from '../../../server/src/protocol';
import { diagnosticCode, waitForDiagnostics, workspaceFile } from './helpers';

describe('Redact for Sharing', () => {
  it('writes redacted copies of the workspace folder that keep the findings, and leaves the originals alone', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const original = fs.readFileSync(
      workspaceFile('capture-before-fix.axdebug.txt').fsPath,
      'utf8',
    );
    const outDir = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'blens-redacted-')));
    const keyFile = path.join(outDir.fsPath, '..', `${path.basename(outDir.fsPath)}.key`);
    await vscode.workspace
      .getConfiguration('balancerLens')
      .update('redaction.keyFile', keyFile, vscode.ConfigurationTarget.Global);
    try {
      // As the explorer's context menu calls it, with the answers to its two questions.
      const result = await vscode.commands.executeCommand<RedactResult | undefined>(
        'balancerLens.redactForSharing',
        folder,
        [folder],
        { outDir, names: true },
      );
      assert.ok(result, 'the command answers what it did');
      assert.ok(result.written.length >= 8, `${result.written.length} files written`);
      assert.ok(result.key.created && result.key.file === keyFile);
      assert.strictEqual(
        fs.readFileSync(workspaceFile('capture-before-fix.axdebug.txt').fsPath, 'utf8'),
        original,
        'the original is unchanged',
      );

      const copy = vscode.Uri.joinPath(outDir, 'llb-acos2.a10.cfg');
      const text = fs.readFileSync(copy.fsPath, 'utf8');
      for (const hidden of ['210.21.1.10', 'LLB-1', 'vpn_udp', '_wildcard_vserver'])
        assert.ok(!text.includes(hidden), `${hidden} is hidden`);
      const document = await vscode.workspace.openTextDocument(copy);
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitForDiagnostics(copy, (d) =>
        d.some((x) => diagnosticCode(x) === 'lbconf/missing-others-vport'),
      );
      assert.strictEqual(
        diagnostics.find((d) => diagnosticCode(d) === 'lbconf/missing-others-vport')!.range.start
          .line,
        20,
        'the finding stands on the same line as in the original',
      );
    } finally {
      await vscode.workspace
        .getConfiguration('balancerLens')
        .update('redaction.keyFile', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
