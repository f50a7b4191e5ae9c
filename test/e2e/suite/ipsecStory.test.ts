// The seed's story in a real VS Code: the dump shows ESP going out untranslated and never
// coming back; the VIP lacks `port 0 others`; the quick fix adds it, and the warning goes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  acos2AfterOthersFix,
  hoverTextAt,
  openExample,
  waitForDiagnostics,
  waitUntil,
  workspaceFile,
} from './helpers';

/** `code@line` (1-based) of each diagnostic, in order. */
function codes(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(
    (d) =>
      `${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}@${d.range.start.line + 1}`,
  );
}

describe('The IPsec-through-balancer story', () => {
  it("shows the seed's four findings on the capture taken before the fix", async () => {
    const { document } = await openExample('capture-before-fix.axdebug.txt');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length >= 4);
    assert.deepStrictEqual(codes(diagnostics), [
      'lbcap/one-way-esp@1',
      'lbcap/untranslated-private-source@2',
      'lbcap/syn-without-syn-ack@5',
      'lbcap/icmp-error@11',
    ]);
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    assert.match(diagnostics[0].message, /One-way IPsec SA: ESP with SPI 0x7eb7fb45/);
  });

  it('finds no ESP problem in the capture taken after the fix (only a pasted junk line is reported)', async () => {
    const { document, editor } = await openExample('capture-after-fix.axdebug.txt');
    // An empty list gives no event to wait on, so add a line the analysis must report:
    // its diagnostic proves the server has read the dump, and nothing else may be there.
    await editor.edit((edit) =>
      edit.insert(new vscode.Position(0, 0), 'pasted from a chat window\n'),
    );
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length > 0);
    assert.deepStrictEqual(codes(diagnostics), ['lbcap/unrecognised-lines@1']);
    assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Information);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('explains a captured packet on hover: the other copy and the source NAT between them', async () => {
    const { document } = await openExample('capture-before-fix.axdebug.txt');
    const text = await hoverTextAt(document.uri, new vscode.Position(4, 3));
    assert.match(text, /\*\*TCP SYN\*\*, received by the balancer on port 1/);
    assert.match(text, /source `10\.1\.1\.254:22518` became `183\.62\.\*\.\*:2614`/);
    assert.match(text, /\*\*Answered by:\*\* nothing in this dump/);
  });

  it("warns on the seed's VIP, and VS Code's quick fix makes it the seed's fixed VIP", async () => {
    const { document } = await openExample('vip-before-fix.summary.txt');
    const [warning] = await waitForDiagnostics(document.uri);
    assert.deepStrictEqual(codes([warning]), ['lbconf/missing-others-vport@1']);
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      warning.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.title === "Add 'port 0 others' to vip_210.21.*.*");
    assert.ok(
      fix?.edit,
      `the quick fix is offered (got: ${actions.map((a) => a.title).join(', ')})`,
    );
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    const expected = Buffer.from(
      await vscode.workspace.fs.readFile(workspaceFile('vip-after-fix.summary.txt')),
    ).toString('utf8');
    assert.strictEqual(document.getText(), expected);
    await waitForDiagnostics(document.uri, (d) => d.length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('fixes an ACOS 2 running-config in its own style', async () => {
    const { document } = await openExample('llb-acos2.a10.cfg');
    const [warning] = await waitForDiagnostics(document.uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      warning.range,
    );
    const fix = actions.find(
      (action) => action.title === "Add 'port 0 others' to _wildcard_vserver",
    );
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(document.getText(), acos2AfterOthersFix());
    await waitForDiagnostics(document.uri, (d) => d.length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('recognises a capture saved as .txt by its first line', async () => {
    const uri = workspaceFile('saved-from-putty.txt');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from(
        '@1777313 i( 1, 100, 1f426)> ip 10.1.1.254 > *.*.*.* esp spi=0x50a5abe3 seq=0xf3\n',
      ),
    );
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitUntil(
      'the .txt capture is balancer-capture',
      () =>
        vscode.workspace.textDocuments.some(
          (d) => d.uri.toString() === uri.toString() && d.languageId === 'balancer-capture',
        ),
      { events: [vscode.workspace.onDidOpenTextDocument as vscode.Event<unknown>] },
    );
  });
});
