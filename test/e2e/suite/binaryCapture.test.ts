// A binary capture in a real VS Code: opening a .pcapng file shows it as a read-only capture
// document in tcpdump's text form, with the findings and hovers of any capture, and the command
// saves the text form.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { pcapngFile } from '../../pcapFiles';
import { natSiteFrames } from '../../pcapSamples';
import {
  diagnosticCode,
  hoverTextAt,
  waitForDiagnostics,
  waitUntil,
  workspaceFile,
} from './helpers';

const SCHEME = 'balancer-lens-capture';

/** Opens the site's capture (written once) as the user does, and answers the text form's document. */
async function openCapture(): Promise<vscode.TextDocument> {
  const file = workspaceFile('site.pcapng');
  const written = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!written) {
    const frames = natSiteFrames();
    const capture = pcapngFile([
      {
        interfaces: [{ linkType: frames[0].linkType }],
        packets: frames.map((f, i) => ({ data: f.data, seconds: 1_700_000_000 + i })),
      },
    ]);
    await vscode.workspace.fs.writeFile(file, capture);
  }
  await vscode.commands.executeCommand('vscode.open', file);
  const isTextForm = (d: vscode.TextDocument): boolean =>
    d.uri.scheme === SCHEME &&
    d.uri.query === file.toString() &&
    d.languageId === 'balancer-capture';
  await waitUntil(
    'the capture is shown as its text form',
    () =>
      vscode.window.activeTextEditor !== undefined &&
      isTextForm(vscode.window.activeTextEditor.document),
    {
      events: [
        vscode.window.onDidChangeActiveTextEditor as vscode.Event<unknown>,
        vscode.workspace.onDidOpenTextDocument as vscode.Event<unknown>,
      ],
    },
  );
  return vscode.workspace.textDocuments.find(isTextForm)!;
}

describe('Opening a binary capture (pcapng)', () => {
  it('shows tcpdump -nn -v text, numbered, and reports its findings', async () => {
    const document = await openCapture();
    assert.strictEqual(
      document.lineAt(0).text,
      'reading from file site.pcapng, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144',
    );
    assert.strictEqual(
      document.lineAt(1).text,
      '    1  22:13:20.000000 In IP (tos 0x0, ttl 64, id 10, offset 0, flags [none], proto UDP (17), length 56)',
    );
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length >= 4);
    assert.deepStrictEqual(
      diagnostics.map((d) => `${diagnosticCode(d)}@${d.range.start.line + 1}`).sort(),
      [
        'lbcap/ike-esp-split@12',
        'lbcap/one-way-esp@10',
        'lbcap/tunnel-up-no-data@2',
        'lbcap/untranslated-private-source@12',
      ],
    );
  });

  it('explains a packet on hover: its other copy and the translation', async () => {
    const document = await openCapture();
    const text = await hoverTextAt(document.uri, new vscode.Position(4, 10));
    assert.match(
      text,
      /\*\*Translation:\*\* source `10\.1\.1\.254:500` became `198\.51\.100\.1:500` \(source NAT\)/,
    );
  });

  it('saves the text form', async () => {
    const document = await openCapture();
    const target = workspaceFile('site.pcapng.txt');
    const saved = await vscode.commands.executeCommand<vscode.Uri>(
      'balancerLens.saveCaptureText',
      document.uri,
      target,
    );
    assert.strictEqual(saved?.toString(), target.toString());
    assert.strictEqual(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(target)),
      document.getText(),
    );
  });
});
