// The built language server, spoken to over stdio as an editor would: what it declares, what it
// publishes for the seed's documents, what its hovers and quick fixes say, and that nothing a
// user can paste stops it from answering.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  DiagnosticSeverity,
  type InitializeResult,
  type MarkupContent,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol/node';
import { fixture, LspClient } from './client';

const CONFIG = 'balancer-config';
const CAPTURE = 'balancer-capture';

const vipBefore = fixture('seed/vip-before-fix.summary.txt');
const vipAfter = fixture('seed/vip-after-fix.summary.txt');
const captureBefore = fixture('seed/capture-before-fix.axdebug.txt');
const captureAfter = fixture('seed/capture-after-fix.axdebug.txt');

/** Each test opens its own documents, so no test sees another's diagnostics. */
let documentCount = 0;
function uniqueUri(name: string): string {
  documentCount += 1;
  return `file:///workspace/${documentCount}/${name}`;
}

/** `code@line` for each diagnostic, in order: how a finding is named in these tests. */
function findings(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`);
}

/** A diagnostic's message as plain text (LSP 3.18 also allows markup there). */
function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

function withCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The text after applying a code action's edits to one document. */
function applied(action: CodeAction, uri: string, languageId: string, text: string): string {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `the fix carries no edit for ${uri}: ${JSON.stringify(action.edit)}`);
  return TextDocument.applyEdits(TextDocument.create(uri, languageId, 1, text), edits);
}

/** Bytes no text editor would show: every 8-bit code but the line ends, repeated. */
function binaryGarbage(): string {
  let text = '';
  for (let round = 0; round < 16; round++) {
    for (let code = 0; code < 256; code++) {
      if (code !== 0x0a && code !== 0x0d) text += String.fromCharCode(code);
    }
  }
  return text;
}

describe('Balancer Lens language server over stdio', function () {
  this.timeout(20_000);
  let client: LspClient;
  let initialized: InitializeResult;

  before(async () => {
    client = LspClient.start();
    initialized = await client.initialize();
  });

  after(() => client.dispose());

  it('declares incremental sync, hovers and quick-fix code actions', () => {
    const { capabilities } = initialized;
    const sync = capabilities.textDocumentSync;
    const change = typeof sync === 'object' ? sync.change : sync;
    assert.strictEqual(change, TextDocumentSyncKind.Incremental);
    assert.ok(capabilities.hoverProvider, 'no hover provider');
    const codeActions = capabilities.codeActionProvider;
    assert.ok(
      typeof codeActions === 'object',
      `code actions without kinds: ${JSON.stringify(codeActions)}`,
    );
    assert.deepStrictEqual(codeActions.codeActionKinds, [CodeActionKind.QuickFix]);
  });

  describe('the seed VIP summary (balancer-config)', () => {
    it('reports the VIP without `port 0 others` on its name', async () => {
      const uri = uniqueUri('vip-before-fix.summary.txt');
      await client.didOpen(uri, CONFIG, vipBefore);

      const diagnostics = await client.waitForDiagnostics(uri);

      assert.deepStrictEqual(findings(diagnostics), ['lbconf/missing-others-vport@0']);
      const [missing] = diagnostics;
      assert.strictEqual(missing.severity, DiagnosticSeverity.Warning);
      assert.strictEqual(missing.source, 'balancer-lens');
      assert.deepStrictEqual(missing.range, {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 'vip_210.21.*.*'.length },
      });
      assert.match(messageOf(missing), /port 0 others/);
    });

    it("offers \"Add 'port 0 others' to vip_210.21.*.*\", which writes the seed's own fix", async () => {
      const uri = uniqueUri('vip-before-fix.summary.txt');
      await client.didOpen(uri, CONFIG, vipBefore);
      const diagnostics = await client.waitForDiagnostics(uri);

      const actions = (await client.codeAction(uri, diagnostics[0].range, diagnostics)) ?? [];

      assert.deepStrictEqual(
        actions.map((a) => a.title),
        ["Add 'port 0 others' to vip_210.21.*.*"],
      );
      const fix = actions[0] as CodeAction;
      assert.strictEqual(fix.kind, CodeActionKind.QuickFix);
      assert.strictEqual(applied(fix, uri, CONFIG, vipBefore), vipAfter);
    });

    it('clears the finding once the document holds the fix', async () => {
      const uri = uniqueUri('vip-before-fix.summary.txt');
      await client.didOpen(uri, CONFIG, vipBefore);
      assert.strictEqual((await client.waitForDiagnostics(uri)).length, 1);

      await client.didChange(uri, vipAfter);

      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    });

    it('follows incremental edits: typing the fix line by line clears the finding', async () => {
      const uri = uniqueUri('vip-before-fix.summary.txt');
      await client.didOpen(uri, CONFIG, vipBefore);
      assert.strictEqual((await client.waitForDiagnostics(uri)).length, 1);
      const end = { line: 4, character: 'member:vpn_udp 0/udp'.length };

      await client.didChangeRange(uri, { start: end, end }, '\nport 0 others');
      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
      const withMember = { line: 5, character: 'port 0 others'.length };
      await client.didChangeRange(
        uri,
        { start: withMember, end: withMember },
        '\nmember:vpn_udp 0/others\n',
      );

      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    });

    it('reports and fixes the same way when the summary has CRLF line ends', async () => {
      const uri = uniqueUri('vip-before-fix.crlf.summary.txt');
      await client.didOpen(uri, CONFIG, withCrlf(vipBefore));
      const diagnostics = await client.waitForDiagnostics(uri);
      assert.deepStrictEqual(findings(diagnostics), ['lbconf/missing-others-vport@0']);

      const [fix] = (await client.codeAction(uri, diagnostics[0].range, diagnostics)) ?? [];

      assert.strictEqual(
        applied(fix as CodeAction, uri, CONFIG, withCrlf(vipBefore)),
        withCrlf(vipAfter),
      );
    });
  });

  describe('the seed captures (balancer-capture)', () => {
    it('warns of the one-way ESP, the untranslated private source, the unanswered SYNs and the ICMP error before the fix', async () => {
      const uri = uniqueUri('capture-before-fix.axdebug.txt');
      await client.didOpen(uri, CAPTURE, captureBefore);

      const diagnostics = await client.waitForDiagnostics(uri);

      assert.deepStrictEqual(findings(diagnostics), [
        'lbcap/one-way-esp@0',
        'lbcap/untranslated-private-source@1',
        'lbcap/syn-without-syn-ack@4',
        'lbcap/icmp-error@10',
      ]);
      for (const diagnostic of diagnostics) {
        assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Warning, messageOf(diagnostic));
      }
    });

    it('finds nothing wrong after the fix', async () => {
      const uri = uniqueUri('capture-after-fix.axdebug.txt');
      await client.didOpen(uri, CAPTURE, captureAfter);

      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    });

    it('gives the same findings when the dump has CRLF line ends', async () => {
      const lf = uniqueUri('capture-before-fix.axdebug.txt');
      const crlf = uniqueUri('capture-before-fix.crlf.axdebug.txt');
      await client.didOpen(lf, CAPTURE, captureBefore);
      await client.didOpen(crlf, CAPTURE, withCrlf(captureBefore));

      const expected = await client.waitForDiagnostics(lf);
      const actual = await client.waitForDiagnostics(crlf);

      const strip = (d: Diagnostic): unknown => ({
        ...d,
        relatedInformation: d.relatedInformation?.map((r) => r.location.range),
      });
      assert.deepStrictEqual(actual.map(strip), expected.map(strip));
    });

    it('explains the translated TCP SYN on hover: its other copy and the source NAT', async () => {
      const uri = uniqueUri('capture-before-fix.axdebug.txt');
      await client.didOpen(uri, CAPTURE, captureBefore);
      // Line 5 (0-based): `@23048280 o( 6, 0, 168df)> ip 183.62.*.* > 192.168.0.108 tcp 2614 > 1521 S ...`

      const hover = await client.hover(uri, { line: 5, character: 20 });

      assert.ok(hover, 'no hover on a packet line');
      const contents = hover.contents as MarkupContent;
      assert.strictEqual(contents.kind, 'markdown');
      assert.ok(
        contents.value.includes('source `10.1.1.254:22518` became `183.62.*.*:2614`'),
        contents.value,
      );
      assert.ok(
        contents.value.includes('line 5, received by the balancer on port 1'),
        contents.value,
      );
      assert.deepStrictEqual(hover.range?.start, { line: 5, character: 0 });
    });

    it('has no hover where there is no packet', async () => {
      const uri = uniqueUri('capture-with-prompt.axdebug.txt');
      await client.didOpen(uri, CAPTURE, `LLB-1# axdebug\n\n${captureBefore}`);

      assert.strictEqual(await client.hover(uri, { line: 0, character: 3 }), null);
      assert.strictEqual(await client.hover(uri, { line: 1, character: 0 }), null);
      assert.strictEqual(await client.hover(uri, { line: 500, character: 0 }), null);
    });
  });

  describe('documents a user should not have pasted', () => {
    for (const languageId of [CONFIG, CAPTURE]) {
      it(`${languageId}: binary bytes and a 1 MB line give a few informations, and the server answers on`, async () => {
        const uri = uniqueUri(`garbage.${languageId}`);
        const garbage = `${binaryGarbage()}\n${'x'.repeat(1 << 20)}\n${binaryGarbage()}`;
        await client.didOpen(uri, languageId, garbage);

        const diagnostics = await client.waitForDiagnostics(uri, undefined, 15_000);

        assert.ok(
          diagnostics.length <= 3,
          `${diagnostics.length} diagnostics: ${findings(diagnostics).join(', ')}`,
        );
        for (const diagnostic of diagnostics) {
          assert.strictEqual(
            diagnostic.severity,
            DiagnosticSeverity.Information,
            messageOf(diagnostic),
          );
        }
        assert.strictEqual(await client.hover(uri, { line: 1, character: 10 }), null);
        const seed = uniqueUri('capture-before-fix.axdebug.txt');
        await client.didOpen(seed, CAPTURE, captureBefore);
        assert.strictEqual((await client.waitForDiagnostics(seed)).length, 4);
        assert.ok(
          await client.hover(seed, { line: 5, character: 0 }),
          'no hover after the garbage',
        );
      });
    }

    it('ignores a document of a language it does not know, and keeps answering', async () => {
      const uri = uniqueUri('notes.md');
      await client.didOpen(uri, 'markdown', captureBefore);

      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
      assert.strictEqual(await client.hover(uri, { line: 5, character: 0 }), null);
      assert.deepStrictEqual(
        await client.codeAction(
          uri,
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          [],
        ),
        [],
      );
      assert.ok(client.running, client.errorOutput);
    });

    it('answers a hover and code actions for a document it was never sent', async () => {
      const uri = uniqueUri('never-opened.axdebug.txt');
      const zero = { line: 0, character: 0 };

      assert.strictEqual(await client.hover(uri, zero), null);
      assert.deepStrictEqual(await client.codeAction(uri, { start: zero, end: zero }, []), []);
    });
  });

  describe('closing a document', () => {
    it('clears its diagnostics', async () => {
      const uri = uniqueUri('capture-before-fix.axdebug.txt');
      await client.didOpen(uri, CAPTURE, captureBefore);
      assert.strictEqual((await client.waitForDiagnostics(uri)).length, 4);

      await client.didClose(uri);

      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    });

    it('forgets it: reopened with other text, it is checked afresh', async () => {
      const uri = uniqueUri('vip.summary.txt');
      await client.didOpen(uri, CONFIG, vipBefore);
      assert.strictEqual((await client.waitForDiagnostics(uri)).length, 1);
      await client.didClose(uri);
      await client.waitForDiagnostics(uri);

      await client.didOpen(uri, CONFIG, vipAfter);

      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    });
  });
});

describe('Balancer Lens language server lifecycle', function () {
  this.timeout(10_000);
  let client: LspClient;

  before(() => {
    client = LspClient.start();
  });

  after(() => client.dispose());

  it('exits with code 0 after shutdown and exit', async () => {
    await client.initialize();

    assert.strictEqual(await client.shutdown(), 0);
  });
});
