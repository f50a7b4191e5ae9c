// The capture language over the protocol, against the built server: what it declares, what it
// publishes for a tcpdump dump, and its outline, definitions, references and lenses.
import * as assert from 'assert';
import type {
  CodeLens,
  Diagnostic,
  DocumentSymbol,
  InitializeResult,
  Location,
  MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { fixture, LspClient } from './client';

const CAPTURE = 'balancer-capture';

let count = 0;
function uniqueUri(name: string): string {
  count += 1;
  return `file:///capture/${count}/${name}`;
}

describe('Capture language over the protocol', () => {
  let client: LspClient;
  let initialized: InitializeResult;

  before(async () => {
    client = LspClient.start();
    initialized = await client.initialize();
  });

  after(async () => {
    await client.shutdown();
    client.dispose();
  });

  it('declares the outline, definitions, references and lenses', () => {
    const capabilities = initialized.capabilities;
    assert.strictEqual(capabilities.documentSymbolProvider, true);
    assert.strictEqual(capabilities.definitionProvider, true);
    assert.strictEqual(capabilities.referencesProvider, true);
    assert.deepStrictEqual(capabilities.codeLensProvider, { resolveProvider: false });
  });

  it('publishes the findings of an F5 tcpdump, each linked to the page of its rule', async () => {
    const uri = uniqueUri('f5.txt');
    await client.didOpen(uri, CAPTURE, fixture('capture/f5-nat-vpn.tcpdump.txt'));
    const diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri);
    assert.deepStrictEqual(
      diagnostics.map(
        (d) =>
          `${String(d.code)}@${d.range.start.line} ${d.codeDescription?.href.replace(/^.*\/docs\/rules\//, '')}`,
      ),
      [
        'lbcap/one-way-esp@4 lbcap-one-way-esp.md',
        'lbcap/tunnel-up-no-data@0 lbcap-tunnel-up-no-data.md',
        'lbcap/untranslated-private-source@5 lbcap-untranslated-private-source.md',
        'lbcap/ike-esp-split@5 lbcap-ike-esp-split.md',
        'lbcap/connection-reset@14 lbcap-connection-reset.md',
        'lbcap/retransmission@12 lbcap-retransmission.md',
      ],
    );
  });

  it('answers the outline, a definition, references and lenses for the seed dump', async () => {
    const uri = uniqueUri('capture-before-fix.axdebug.txt');
    await client.didOpen(uri, CAPTURE, fixture('seed/capture-before-fix.axdebug.txt'));
    await client.waitForDiagnostics(uri);

    const symbols = await client.send<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, (s.children ?? []).length]),
      [
        ['IPsec peers', 1],
        ['Flows', 4],
      ],
    );

    const definition = await client.send<Location>('textDocument/definition', {
      textDocument: { uri },
      position: { line: 8, character: 2 },
    });
    assert.deepStrictEqual([definition.uri, definition.range.start.line], [uri, 10]);

    const references = await client.send<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: { line: 4, character: 0 },
      context: { includeDeclaration: true },
    });
    assert.deepStrictEqual(
      references.map((r) => r.range.start.line),
      [4, 5],
    );

    const lenses = await client.send<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    assert.deepStrictEqual(
      lenses[0].command?.title,
      'IPsec 10.1.1.254 ↔ *.*.*.*: one-way ESP (nothing back from the peer)',
    );

    const hover = await client.hover(uri, { line: 0, character: 0 });
    assert.match(
      (hover?.contents as MarkupContent).value,
      /\*\*IPsec 10\.1\.1\.254 ↔ \\\*\.\\\*\.\\\*\.\\\*:\*\* no IKE in this dump/,
    );
  });

  it('answers nothing, and does not fail, for documents it was never sent', async () => {
    const uri = uniqueUri('never-opened.txt');
    assert.deepStrictEqual(
      await client.send('textDocument/documentSymbol', { textDocument: { uri } }),
      [],
    );
    assert.strictEqual(
      await client.send('textDocument/definition', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      }),
      null,
    );
    assert.deepStrictEqual(
      await client.send('textDocument/codeLens', { textDocument: { uri } }),
      [],
    );
    assert.ok(client.running, client.errorOutput);
  });
});
