// Reading a tcpdump capture in a real VS Code: saved as .txt, it is recognised by its first line;
// the findings, the hover with the peer's IPsec status, the outline, go to definition, find
// references and the flow lenses all come from the extension's server.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  diagnosticCode,
  hoverTextAt,
  waitForDiagnostics,
  waitUntil,
  workspaceFile,
} from './helpers';

/** An F5 tcpdump of a balancer that translates IKE and lets ESP out untranslated. */
const DUMP = [
  '12:00:01.000001 IP 10.1.1.254.500 > 203.0.113.9.500: isakmp: phase 1 I ident in slot1/tmm0 lis=/Common/vpn_udp',
  '12:00:01.000050 IP 198.51.100.7.500 > 203.0.113.9.500: isakmp: phase 1 I ident out slot1/tmm0 lis=/Common/vpn_udp',
  '12:00:01.020000 IP 203.0.113.9.500 > 198.51.100.7.500: isakmp: phase 1 R ident in slot1/tmm0 lis=/Common/vpn_udp',
  '12:00:01.020040 IP 203.0.113.9.500 > 10.1.1.254.500: isakmp: phase 1 R ident out slot1/tmm0 lis=/Common/vpn_udp',
  '12:00:02.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132 in slot1/tmm0 lis=',
  '12:00:02.000040 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132 out slot1/tmm0 lis=',
  '',
].join('\n');

async function openDump(): Promise<vscode.TextDocument> {
  const uri = workspaceFile('f5-vpn-capture.txt');
  // Written once: writing it again under the open editor would make VS Code reload it while a
  // test asks the server about it.
  const written = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (!written) await vscode.workspace.fs.writeFile(uri, Buffer.from(DUMP));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  await waitUntil(
    'the .txt dump is balancer-capture',
    () =>
      vscode.workspace.textDocuments.some(
        (d) => d.uri.toString() === uri.toString() && d.languageId === 'balancer-capture',
      ),
    { events: [vscode.workspace.onDidOpenTextDocument as vscode.Event<unknown>] },
  );
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
}

describe('Reading a tcpdump capture', () => {
  it('recognises the dump by its first line and reports what it shows', async () => {
    const document = await openDump();
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length >= 4);
    assert.deepStrictEqual(
      diagnostics.map((d) => `${diagnosticCode(d)}@${d.range.start.line + 1}`),
      [
        'lbcap/one-way-esp@5',
        'lbcap/tunnel-up-no-data@1',
        'lbcap/untranslated-private-source@6',
        'lbcap/ike-esp-split@6',
      ],
    );
    const code = diagnostics[1].code as { value: string; target: vscode.Uri };
    assert.strictEqual(
      code.target.toString(),
      'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/lbcap-tunnel-up-no-data.md',
    );
  });

  it('explains a packet on hover, with the IPsec status of its peer', async () => {
    const document = await openDump();
    const text = await hoverTextAt(document.uri, new vscode.Position(1, 20));
    assert.match(
      text,
      /\*\*Translation:\*\* source `10\.1\.1\.254:500` became `198\.51\.100\.7:500` \(source NAT\)/,
    );
    assert.match(text, /tunnel up, no data \(IKE answered, no ESP back\)/);
  });

  it('outlines the peer and the flows, goes to the answer, finds the flow, and sums flows up in lenses', async () => {
    const document = await openDump();
    await waitForDiagnostics(document.uri, (d) => d.length >= 4);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    assert.deepStrictEqual(
      symbols.map((s) => `${s.name}: ${s.children.map((c) => c.name).join(' | ')}`),
      [
        'IPsec peers: 10.1.1.254 (as 198.51.100.7) ↔ 203.0.113.9',
        'Flows: Flow 1: UDP 10.1.1.254:500 ↔ 203.0.113.9:500 | Flow 2: ESP spi 0x50a5abe3 10.1.1.254 → 203.0.113.9',
      ],
    );

    const definitions = await vscode.commands.executeCommand<
      (vscode.Location | vscode.LocationLink)[]
    >('vscode.executeDefinitionProvider', document.uri, new vscode.Position(0, 5));
    const target = definitions.map(
      (d) => ('targetRange' in d ? d.targetRange : d.range).start.line,
    );
    assert.deepStrictEqual(
      target,
      [3],
      'the IKE request received from inside is answered by the reply sent back to it',
    );

    const references = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      document.uri,
      new vscode.Position(0, 5),
    );
    assert.deepStrictEqual(
      references.map((r) => r.range.start.line).sort((a, b) => a - b),
      [0, 1, 2, 3],
    );

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.deepStrictEqual(
      lenses.map((l) => l.command?.title),
      [
        'IPsec 10.1.1.254 (as 198.51.100.7) ↔ 203.0.113.9: tunnel up, no data (IKE answered, no ESP back)',
        'Flow 1: 2 packets (1 forward, 1 back)',
      ],
    );
  });

  it('shows a host name holding `$(icon)` as written in its lens, not as an icon', async () => {
    const uri = workspaceFile('hostile-host.tcpdump');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from(
        '12:00:02.000001 IP gw$(zap) > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132\n',
      ),
    );
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(uri);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );

    // `\$(` is how VS Code writes a literal `$(` in a label it draws icons in.
    assert.deepStrictEqual(
      lenses.map((l) => l.command?.title),
      ['IPsec gw\\$(zap) ↔ 203.0.113.9: one-way ESP (nothing back from the peer)'],
    );
  });
});
