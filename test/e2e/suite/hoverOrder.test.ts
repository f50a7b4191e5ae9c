// The hover of a packet line that carries a finding, read from the page as the user sees it.
// VS Code puts the diagnostic above every hover provider's part: the finding shows there in one
// sentence, the packet's own explanation follows in view, and then the finding's explanation.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { diagnosticCode, openExample, waitForDiagnostics } from './helpers';
import { type PageElement, readPage } from './page';

/**
 * The visible hover's rows (the diagnostic's, the extension's, the status bar) once `ready` holds,
 * asking for the hover again meanwhile: one shown before the diagnostic reached the editor's
 * model lacks its part, and is not computed again by itself.
 */
async function hoverRows(ready: (rows: PageElement[]) => boolean): Promise<PageElement[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await vscode.commands.executeCommand('editor.action.showHover');
    const rows = await readPage('.monaco-hover .hover-row');
    if (ready(rows)) return rows;
    if (Date.now() > deadline)
      throw new Error(
        `The hover did not show as expected; its rows:\n${rows.map((r) => r.text).join('\n---\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('The hover of a packet line with a finding', () => {
  it("shows the finding in one sentence, then the packet's explanation in view, then the finding's explanation", async () => {
    const { document, editor } = await openExample('capture-before-fix.axdebug.txt');
    await waitForDiagnostics(document.uri, (d) =>
      d.some((f) => diagnosticCode(f) === 'lbcap/one-way-esp'),
    );
    // On the addresses of line 1: the one-way ESP's first packet.
    const position = new vscode.Position(0, 30);
    editor.selection = new vscode.Selection(position, position);
    const packet = 'ESP spi 0x7eb7fb45 seq 0x1a, received by the balancer on port 1';
    const headline =
      'One-way IPsec SA: ESP with SPI 0x7eb7fb45 goes from 10.1.1.254 to *.*.*.* (2 packets), and no ESP comes back from *.*.*.* anywhere in this dump.';
    const rows = await hoverRows(
      (r) => r[0]?.text.startsWith(headline) && r.some((row) => row.text.startsWith(packet)),
    );
    const [hover] = await readPage('.monaco-hover');

    // First the diagnostic: its headline and code, and no line of its explanation or of the dump.
    assert.doesNotMatch(rows[0].text, /IKE \(phase 1\)|capture-before-fix\.axdebug\.txt\(2, 1\)/);

    // Then the packet, starting inside the hover's visible box, and after it the finding in full.
    const own = rows[1];
    assert.ok(own.text.startsWith(packet), own.text);
    assert.ok(
      own.top < hover.bottom - 20,
      `the packet's explanation is out of view: ${JSON.stringify({ own, hover })}`,
    );
    const reading = own.text.indexOf('Other copy: line 2');
    const finding = own.text.indexOf(`Finding lbcap/one-way-esp: ${headline}`);
    const explanation = own.text.indexOf('IKE (phase 1) may report the tunnel up');
    assert.ok(0 < reading && reading < finding && finding < explanation, own.text);

    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
