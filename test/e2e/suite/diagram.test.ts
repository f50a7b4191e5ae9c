// "Show Flow Diagram" in a real VS Code: the command opens the webview beside the seed's dump, the
// page loads under its Content-Security-Policy, receives the server's diagram and says it drew it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { openExample } from './helpers';

describe('The flow diagram', () => {
  it("opens beside the seed's dump and draws its four flows", async () => {
    const { document } = await openExample('capture-before-fix.axdebug.txt');
    assert.strictEqual(document.languageId, 'balancer-capture');
    const ready = await vscode.commands.executeCommand<{
      type: string;
      flows: number;
      rows: number;
      lanes: number;
    }>('balancerLens.showFlowDiagram', document.uri);
    assert.deepStrictEqual(ready, { type: 'ready', flows: 4, rows: 8, lanes: 4 });
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    assert.ok(
      tabs.some(
        (tab) =>
          tab.input instanceof vscode.TabInputWebview &&
          tab.label === 'Flow: capture-before-fix.axdebug.txt',
      ),
      `tabs: ${tabs.map((t) => t.label).join(', ')}`,
    );
  });

  it('is offered only for captures', async () => {
    const { document } = await openExample('vip-before-fix.summary.txt');
    assert.strictEqual(
      await vscode.commands.executeCommand('balancerLens.showFlowDiagram', document.uri),
      undefined,
    );
  });
});
