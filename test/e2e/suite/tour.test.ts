// The README's three-minute tour, step by step, in the real editor: what it tells a new user to
// open, hover and press gives what it says. Keep the two in step: a step changed in the README is
// changed here.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  acos2AfterOthersFix,
  balancerLens,
  diagnosticCode,
  hoverTextAt,
  openExample,
  waitForDiagnostics,
  workspaceFile,
} from './helpers';

/** The manifest's contributions the tour points at. */
interface Manifest {
  contributes: { menus: Record<string, { command: string; when?: string }[]> };
}

describe('The README tour', () => {
  it('1. the capture taken before the fix lists its findings, each naming the virtual server in llb-acos2.a10.cfg', async () => {
    const { document } = await openExample('capture-before-fix.axdebug.txt');
    // The findings come first from the dump alone, then joined with the workspace's configurations.
    const joined = (d: vscode.Diagnostic): boolean =>
      d.relatedInformation?.some(
        (r) =>
          path.basename(r.location.uri.path) === 'llb-acos2.a10.cfg' &&
          /_wildcard_vserver/.test(r.message),
      ) ?? false;
    const diagnostics = await waitForDiagnostics(document.uri, (d) =>
      d.some((f) => diagnosticCode(f) === 'lbcap/one-way-esp' && joined(f)),
    );
    const codes = diagnostics.map(diagnosticCode);
    for (const code of [
      'lbcap/one-way-esp',
      'lbcap/untranslated-private-source',
      'lbcap/syn-without-syn-ack',
    ])
      assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
    const oneWay = diagnostics.find((d) => diagnosticCode(d) === 'lbcap/one-way-esp')!;
    assert.match(oneWay.message, /^One-way IPsec SA: ESP with SPI 0x7eb7fb45/);
    assert.ok(joined(oneWay), 'the finding points at the VIP in llb-acos2.a10.cfg');
  });

  it('2. a hover on line 9 tells the packet, its other copy, the translation, what answers it and the VIP', async () => {
    const { document } = await openExample('capture-before-fix.axdebug.txt');
    await waitForDiagnostics(document.uri);
    const text = await hoverTextAt(document.uri, new vscode.Position(8, 5));
    assert.match(text, /ICMP echo request seq 7948\*\*, received by the balancer on port 1/);
    assert.match(text, /\*\*Other copy:\*\* line 10, sent by the balancer on port 6/);
    assert.match(text, /\*\*Translation:\*\* source `10\.1\.1\.254` became `183\.62\.\*\.\*`/);
    assert.match(text, /\*\*Answered by:\*\* line 11/);
    assert.match(text, /\*\*Configuration:\*\* through virtual server/);
  });

  it("3. Ctrl+. on line 1 offers the fix that adds 'port 0 others' to the configuration, in its style", async () => {
    const { document } = await openExample('capture-before-fix.axdebug.txt');
    const diagnostics = await waitForDiagnostics(document.uri);
    const oneWay = diagnostics.find((d) => diagnosticCode(d) === 'lbcap/one-way-esp')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      oneWay.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find(
      (a) => a.title === "Add 'port 0 others' to _wildcard_vserver in llb-acos2.a10.cfg",
    );
    assert.ok(fix?.edit, `offered (got: ${actions.map((a) => a.title).join(', ')})`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const config = await vscode.workspace.openTextDocument(workspaceFile('llb-acos2.a10.cfg'));
    assert.strictEqual(config.getText(), acos2AfterOthersFix());
    await vscode.window.showTextDocument(config);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('4. the VIP as the seed printed it gets the same warning, and its fix makes vip-after-fix.summary.txt', async () => {
    const { document } = await openExample('vip-before-fix.summary.txt');
    const [warning] = await waitForDiagnostics(document.uri);
    assert.strictEqual(diagnosticCode(warning), 'lbconf/missing-others-vport');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      warning.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith("Add 'port 0 others'"));
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const after = Buffer.from(
      await vscode.workspace.fs.readFile(workspaceFile('vip-after-fix.summary.txt')),
    ).toString('utf8');
    assert.strictEqual(document.getText(), after);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("5. Explain this capture and Show Flow Diagram are in the capture's title bar, and registered", async () => {
    const manifest = balancerLens().packageJSON as Manifest;
    const title = manifest.contributes.menus['editor/title']
      .filter((m) => m.when === 'editorLangId == balancer-capture')
      .map((m) => m.command);
    assert.deepStrictEqual(title.sort(), [
      'balancerLens.explainCapture',
      'balancerLens.showFlowDiagram',
    ]);
    const commands = await vscode.commands.getCommands(true);
    for (const command of title) assert.ok(commands.includes(command), `${command} is registered`);
  });

  it('6. on the command line, check prints the same findings, one a line', () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const cli = path.join(balancerLens().extensionPath, 'server', 'out', 'cli.js');
    const ran = spawnSync(process.execPath, [cli, 'check', folder], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.match(
      ran.stdout,
      /capture-before-fix\.axdebug\.txt:1:1: warning lbcap\/one-way-esp: One-way IPsec SA: ESP with SPI 0x7eb7fb45/,
    );
    assert.match(
      ran.stdout,
      /vip-before-fix\.summary\.txt:\d+:\d+: warning lbconf\/missing-others-vport: /,
    );
  });
});
