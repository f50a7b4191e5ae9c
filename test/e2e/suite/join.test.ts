// The configuration and the capture together in a real VS Code: the workspace holds the
// balancer's ACOS 2 configuration (a wildcard 0.0.0.0 VIP without `port 0 others`) and the dump
// taken before the fix. The dump's one-way ESP points into the configuration; its quick fix,
// applied through VS Code, edits the configuration file; and the dump's finding then says the
// configuration carries `others` now.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  acos2AfterOthersFix,
  diagnosticCode,
  hoverTextAt,
  openExample,
  waitForDiagnostics,
  waitUntil,
  workspaceFile,
} from './helpers';

function oneWayEsp(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic | undefined {
  return diagnostics.find((d) => diagnosticCode(d) === 'lbcap/one-way-esp');
}

/** What the one-way ESP finding says of the configuration: its related lines in a `.cfg` file. */
function vipSays(diagnostics: readonly vscode.Diagnostic[]): string {
  return (oneWayEsp(diagnostics)?.relatedInformation ?? [])
    .filter((r) => r.location.uri.path.endsWith('.cfg'))
    .map((r) => r.message)
    .join('\n');
}

/** The hover's text on a line of a document (the extension's part: what the provider gives). */
function hoverText(uri: vscode.Uri, line: number): Promise<string> {
  return hoverTextAt(uri, new vscode.Position(line, 3));
}

describe('Configuration and capture together', () => {
  it('hovers a packet of the dump with the VIP and vport of the configuration that handled it', async () => {
    const { document: capture } = await openExample('capture-before-fix.axdebug.txt');
    // Once the finding names the configuration, the server has read the workspace's files.
    await waitForDiagnostics(capture.uri, (d) => /has no `port 0 others`/.test(vipSays(d)));
    const text = (line: number): Promise<string> => hoverText(capture.uri, line);
    assert.match(
      await text(4),
      /vport \[port 0 tcp\]\(file:.*llb-acos2\.a10\.cfg#L22\), service group \[vpn\\_tcp\]/,
    );
    assert.match(
      await text(0),
      /\\_wildcard\\_vserver.*It has \*\*no vport for ESP\*\* \(it needs `port 0 others`\)/s,
    );
  });

  it('"Explain this capture" opens the report beside the dump, rendered, with the fix for the configuration', async () => {
    const { document: capture } = await openExample('capture-before-fix.axdebug.txt');
    await waitForDiagnostics(capture.uri, (d) => /has no `port 0 others`/.test(vipSays(d)));
    const report = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      'balancerLens.explainCapture',
      capture.uri,
    );
    assert.ok(report, 'the command gives the report it opened');
    assert.strictEqual(report.languageId, 'markdown');
    const text = report.getText();
    assert.match(text, /^# Capture report: capture-before-fix\.axdebug\.txt$/m);
    assert.match(text, /^\*\*Status:\*\* one-way ESP \(nothing back from the peer\)\.$/m);
    assert.match(
      text,
      /^- Add `port 0 others` to virtual server \\_wildcard\\_vserver in \[llb-acos2\.a10\.cfg line 33\]/m,
    );
    // From the workspace folder: VS Code's preview resolves those, and refuses `file:` links.
    assert.ok(
      text.includes('](/capture-before-fix.axdebug.txt#L1)'),
      'the report links to line 1 of the dump',
    );
    // A read-only document of the extension's own: nothing untitled or unsaved is left behind.
    assert.strictEqual(report.uri.scheme, 'balancer-lens-report');
    assert.strictEqual(report.isDirty, false);
    const leftToSave = (): string[] => [
      ...vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.toString()),
      ...vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.isDirty)
        .map((t) => t.label),
    ];
    // Rendered beside the dump by VS Code's own Markdown preview.
    const previewOpen = (): boolean =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some(
          (t) =>
            t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType),
        );
    await waitUntil('the Markdown preview of the report is open', previewOpen, {
      events: [vscode.window.tabGroups.onDidChangeTabs],
    });
    assert.ok(vscode.window.tabGroups.all.length >= 2, 'the report is in a group beside the dump');
    assert.deepStrictEqual(leftToSave(), [], 'no untitled or unsaved document');
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  });

  it("fixes the configuration from the dump's finding, and the finding changes accordingly", async () => {
    const config = workspaceFile('llb-acos2.a10.cfg');
    const { document: capture } = await openExample('capture-before-fix.axdebug.txt');

    // The workspace's configurations are read after start-up, and an earlier test fixed and
    // reverted this configuration: wait for the finding that names it without `others`.
    const [finding] = await waitForDiagnostics(
      capture.uri,
      (d) =>
        /has no `port 0 others`/.test(vipSays(d)) &&
        Boolean(
          oneWayEsp(d)?.relatedInformation?.some(
            (r) => r.location.uri.toString() === config.toString(),
          ),
        ),
    ).then((d) => [oneWayEsp(d)!]);
    assert.match(
      await hoverText(capture.uri, finding.range.start.line),
      /The configuration explains it: virtual server \\_wildcard\\_vserver in llb-acos2\.a10\.cfg \(line 21\) on device LLB-1 has no `port 0 others` \(matched as the wildcard VIP/,
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
    const original = (await vscode.workspace.openTextDocument(config)).getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    const configDocument = await vscode.workspace.openTextDocument(config);
    assert.strictEqual(configDocument.getText(), acos2AfterOthersFix());

    const [changed] = await waitForDiagnostics(capture.uri, (d) =>
      /has `port 0 others`/.test(vipSays(d)),
    ).then((d) => [oneWayEsp(d)!]);
    assert.match(
      await hoverText(capture.uri, changed.range.start.line),
      /The configuration now carries `others`: .* this dump was taken before that change\.$/m,
    );
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

    // Leave the example as it was for the other tests: written back and saved, as the editor
    // may have saved the fix already (a revert would then keep it).
    const restore = new vscode.WorkspaceEdit();
    restore.replace(
      config,
      new vscode.Range(
        new vscode.Position(0, 0),
        configDocument.positionAt(configDocument.getText().length),
      ),
      original,
    );
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await configDocument.save());
    await waitForDiagnostics(capture.uri, (d) => /has no `port 0 others`/.test(vipSays(d)));
  });
});
