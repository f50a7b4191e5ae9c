// The configuration and the capture together in a real VS Code: the workspace holds the
// balancer's ACOS 2 configuration (a wildcard 0.0.0.0 VIP without `port 0 others`) and the dump
// taken before the fix. The dump's one-way ESP points into the configuration; its quick fix,
// applied through VS Code, edits the configuration file; and the dump's finding then says the
// configuration carries `others` now.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { acos2AfterOthersFix, diagnosticCode, openExample, waitForDiagnostics, workspaceFile } from './helpers';

function oneWayEsp(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic | undefined {
  return diagnostics.find((d) => diagnosticCode(d) === 'lbcap/one-way-esp');
}

describe('Configuration and capture together', () => {
  it("fixes the configuration from the dump's finding, and the finding changes accordingly", async () => {
    const config = workspaceFile('llb-acos2.a10.cfg');
    const { document: capture } = await openExample('capture-before-fix.axdebug.txt');

    // The workspace's configurations are read after start-up, and an earlier test fixed and
    // reverted this configuration: wait for the finding that names it without `others`.
    const [finding] = await waitForDiagnostics(
      capture.uri,
      (d) =>
        /has no `port 0 others`/.test(oneWayEsp(d)?.message ?? '') &&
        Boolean(
          oneWayEsp(d)?.relatedInformation?.some(
            (r) => r.location.uri.toString() === config.toString(),
          ),
        ),
    ).then((d) => [oneWayEsp(d)!]);
    assert.match(
      finding.message,
      /virtual server _wildcard_vserver in llb-acos2\.a10\.cfg \(line 21\) has no `port 0 others` \(matched as the wildcard VIP/,
    );
    const related = finding.relatedInformation!.find(
      (r) => r.location.uri.toString() === config.toString(),
    )!;
    assert.strictEqual(
      related.location.range.start.line,
      20,
      "the related information is on the VIP's line",
    );

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      capture.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find(
      (a) => a.title === "Add 'port 0 others' to _wildcard_vserver in llb-acos2.a10.cfg",
    );
    assert.ok(fix?.edit, `the fix is offered (got: ${actions.map((a) => a.title).join(', ')})`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    const configDocument = await vscode.workspace.openTextDocument(config);
    assert.strictEqual(configDocument.getText(), acos2AfterOthersFix());

    const [changed] = await waitForDiagnostics(capture.uri, (d) =>
      /now carries `others`/.test(oneWayEsp(d)?.message ?? ''),
    ).then((d) => [oneWayEsp(d)!]);
    assert.match(changed.message, /this dump was taken before that change\.$/);
    const afterFix = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      capture.uri,
      changed.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.deepStrictEqual(
      afterFix.map((a) => a.title).filter((t) => t.startsWith("Add 'port 0 others'")),
      [],
    );

    // Leave the example as it was for the other tests.
    await vscode.window.showTextDocument(configDocument);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(capture.uri, (d) =>
      /has no `port 0 others`/.test(oneWayEsp(d)?.message ?? ''),
    );
  });
});
