// The configuration language over the protocol, against the built server: the workspace's
// configuration files read from disk and followed through file events, the user's rule settings,
// and every editing feature (hover, completion, definition, references, rename, outline,
// folding, semantic tokens) as an editor asks for them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type InitializeResult,
  type Location,
  type MarkupContent,
  type SemanticTokens,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { fixture, LspClient } from './client';

const CONFIG = 'balancer-config';
const HEADER = '!Current configuration: 2048 bytes\n!version 4.1.4-GR1-P2, build 81\n!';

/** The box's running-config: it uses `web`, a service group kept in objects.a10.cfg. */
const BOX = [
  HEADER,
  'slb server web1 10.0.0.11',
  '  port 80 tcp',
  '!',
  'slb virtual-server vip_web 203.0.113.80',
  '  port 80 http',
  '    service-group web',
  '!',
  'end',
  '',
].join('\n');

/** A part of the configuration split off into its own file (no header: a fragment). */
const OBJECTS = ['slb service-group web tcp', '  member web1 80', '!', ''].join('\n');

/** `code@line` (0-based) of each diagnostic. */
function findings(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`);
}

function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

describe('Configuration language over the protocol', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspClient;
  let initialized: InitializeResult;
  let box: string;
  let objects: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-lsp-'));
    fs.writeFileSync(path.join(folder, 'box.a10.cfg'), BOX);
    fs.writeFileSync(path.join(folder, 'objects.a10.cfg'), OBJECTS);
    fs.mkdirSync(path.join(folder, 'notes'));
    fs.writeFileSync(
      path.join(folder, 'notes', 'todo.txt'),
      'slb service-group is not here: this is a note\n',
    );
    box = fileUri(path.join(folder, 'box.a10.cfg'));
    objects = fileUri(path.join(folder, 'objects.a10.cfg'));
    client = LspClient.start();
    initialized = await client.initializeWorkspace([{ uri: fileUri(folder), name: 'ws' }], {
      settings: { rules: { 'lbconf/unknown-command': 'warning' } },
    });
  });

  after(() => {
    client.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('declares completion, rename with prepare, folding and semantic tokens', () => {
    const { capabilities } = initialized;
    assert.deepStrictEqual(capabilities.completionProvider?.triggerCharacters, [' ', ':']);
    assert.deepStrictEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.strictEqual(capabilities.foldingRangeProvider, true);
    assert.deepStrictEqual(capabilities.semanticTokensProvider?.legend.tokenModifiers, [
      'declaration',
      'defaultLibrary',
      'unresolved',
    ]);
    assert.ok(
      capabilities.definitionProvider &&
        capabilities.referencesProvider &&
        capabilities.documentSymbolProvider,
    );
  });

  it('finds the objects of the files on disk: the service group of objects.a10.cfg is defined for the box', async () => {
    await client.didOpen(box, CONFIG, BOX);
    // The folder is read after `initialized`: the first check may come before, a second one after it.
    const diagnostics = await client.waitForDiagnostics(
      box,
      (p) => p.version === 1 && p.diagnostics.length === 0,
    );
    assert.deepStrictEqual(findings(diagnostics), []);
  });

  it('goes to a definition and finds references in a file that is not open', async () => {
    const definition = await client.send<Location[]>('textDocument/definition', {
      textDocument: { uri: box },
      position: { line: 8, character: 20 },
    });
    assert.deepStrictEqual(definition, [
      {
        uri: objects,
        range: { start: { line: 0, character: 18 }, end: { line: 0, character: 21 } },
      },
    ]);
    const references = await client.send<Location[]>('textDocument/references', {
      textDocument: { uri: box },
      position: { line: 3, character: 12 },
      context: { includeDeclaration: true },
    });
    assert.deepStrictEqual(
      references.map(
        (l) => `${path.basename(l.uri)}@${l.range.start.line}:${l.range.start.character}`,
      ),
      ['box.a10.cfg@3:11', 'objects.a10.cfg@1:9'],
    );
  });

  it('renames a service group in every file, and tells why a VIP cannot be renamed', async () => {
    const prepared = await client.send<{ range: unknown; placeholder: string }>(
      'textDocument/prepareRename',
      { textDocument: { uri: box }, position: { line: 8, character: 20 } },
    );
    assert.strictEqual(prepared.placeholder, 'web');
    const edit = await client.send<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: box },
      position: { line: 8, character: 20 },
      newName: 'web_80',
    });
    const apply = (uri: string, text: string): string =>
      TextDocument.applyEdits(TextDocument.create(uri, CONFIG, 1, text), edit.changes?.[uri] ?? []);
    assert.deepStrictEqual(Object.keys(edit.changes ?? {}).sort(), [box, objects].sort());
    assert.strictEqual(
      apply(box, BOX),
      BOX.replace('service-group web\n', 'service-group web_80\n'),
    );
    assert.strictEqual(
      apply(objects, OBJECTS),
      OBJECTS.replace('service-group web tcp', 'service-group web_80 tcp'),
    );
    await assert.rejects(
      client.send('textDocument/prepareRename', {
        textDocument: { uri: box },
        position: { line: 6, character: 22 },
      }),
      /A virtual server cannot be renamed here/,
    );
  });

  it('follows a file changed on disk, and checks the open box again', async () => {
    fs.writeFileSync(
      path.join(folder, 'objects.a10.cfg'),
      OBJECTS.replace('service-group web tcp', 'service-group web_80 tcp'),
    );
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: objects, type: 2 }],
    });
    const diagnostics = await client.waitForDiagnostics(box, (p) => p.diagnostics.length > 0);
    assert.deepStrictEqual(findings(diagnostics), ['lbconf/undefined-reference@8']);
    assert.deepStrictEqual(diagnostics[0].codeDescription, {
      href: 'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/lbconf-undefined-reference.md',
    });
    fs.writeFileSync(path.join(folder, 'objects.a10.cfg'), OBJECTS);
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: objects, type: 2 }],
    });
    assert.deepStrictEqual(
      await client.waitForDiagnostics(box, (p) => p.diagnostics.length === 0),
      [],
    );
  });

  it('follows a file deleted on disk', async () => {
    fs.rmSync(path.join(folder, 'objects.a10.cfg'));
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: objects, type: 3 }],
    });
    assert.deepStrictEqual(
      findings(await client.waitForDiagnostics(box, (p) => p.diagnostics.length > 0)),
      ['lbconf/unused-definition@3', 'lbconf/undefined-reference@8'],
    );
    fs.writeFileSync(path.join(folder, 'objects.a10.cfg'), OBJECTS);
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: objects, type: 1 }],
    });
    assert.deepStrictEqual(
      await client.waitForDiagnostics(box, (p) => p.diagnostics.length === 0),
      [],
    );
  });

  it('checks an open file again when another open file changes what it defines', async () => {
    const groups = 'file:///elsewhere/groups.a10.cfg';
    const vip = 'file:///elsewhere/vip.a10.cfg';
    await client.didOpen(groups, CONFIG, 'slb service-group g tcp\n  member web1 80\n');
    await client.didOpen(
      vip,
      CONFIG,
      'slb virtual-server v 1.2.3.4\n  port 80 tcp\n    service-group g\n',
    );
    assert.deepStrictEqual(await client.waitForDiagnostics(vip), []);
    await client.didChange(groups, 'slb service-group g2 tcp\n  member web1 80\n');
    assert.deepStrictEqual(
      findings(await client.waitForDiagnostics(vip, (p) => p.diagnostics.length > 0)),
      ['lbconf/undefined-reference@2'],
    );
    await client.didClose(groups);
    await client.didClose(vip);
  });

  it("applies the user's rule settings from the start and when they change", async () => {
    const uri = 'file:///elsewhere/settings.a10.cfg';
    await client.didOpen(uri, CONFIG, `${HEADER}\nslb server s 10.0.0.1\n  frobnicate\nend\n`);
    const started = await client.waitForDiagnostics(uri);
    assert.deepStrictEqual(
      started.map((d) => `${String(d.code)} ${d.severity}`),
      ['lbconf/unused-definition 4', 'lbconf/unknown-command 2'],
    );
    await client.notify('workspace/didChangeConfiguration', {
      settings: {
        balancerLens: {
          rules: { 'lbconf/unused-definition': 'off', 'lbconf/unknown-command': 'error' },
        },
      },
    });
    const changed = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
    assert.deepStrictEqual(
      changed.map((d) => `${String(d.code)} ${d.severity}`),
      ['lbconf/unknown-command 1'],
    );
    await client.didClose(uri);
  });

  describe('editing features on an opened running-config', () => {
    const uri = 'file:///elsewhere/acos2.a10.cfg';
    const text = fixture('config/real-acos2-llb.a10.cfg');
    const lines = text.split('\n');
    const at = (needle: string, offset = 0): { line: number; character: number } => {
      const line = lines.findIndex((l) => l.includes(needle));
      assert.ok(line >= 0, needle);
      return { line, character: lines[line].indexOf(needle) + offset };
    };

    before(async () => {
      await client.didOpen(uri, CONFIG, text);
      assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    });

    it('hovers a keyword and a reference', async () => {
      const keyword = await client.hover(uri, at('use-rcv-hop-for-resp', 2));
      assert.match(
        (keyword?.contents as MarkupContent).value,
        /Sends the answers back through the next hop the request came from/,
      );
      const reference = await client.hover(uri, at('      service-group LINK_UDP', 22));
      assert.match(
        (reference?.contents as MarkupContent).value,
        /^\*\*service group\*\* `LINK_UDP`: udp; 2 members GW\\_CT:0, GW\\_CU:0/,
      );
    });

    it("completes service-group names of the vport's protocol first", async () => {
      const position = at('      service-group LINK_UDP', '      service-group '.length);
      const list = await client.send<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position,
      });
      const sorted = [...list.items]
        .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
        .map((i) => i.label);
      assert.deepStrictEqual(sorted.slice(0, 2), ['LINK_UDP', 'VPN_UDP']);
    });

    it('outlines, folds and colours the file', async () => {
      const symbols = await client.send<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri },
      });
      assert.ok(
        symbols.some(
          (s) =>
            s.name === '_wildcard_outbound' && s.children?.some((c) => c.name === 'port 0 others'),
        ),
      );
      const folds = await client.send<FoldingRange[]>('textDocument/foldingRange', {
        textDocument: { uri },
      });
      const vip = at('slb virtual-server VPN_VIP').line;
      assert.ok(
        folds.some((f) => f.startLine === vip && f.endLine === vip + 13),
        JSON.stringify(folds.filter((f) => f.startLine === vip)),
      );
      const tokens = await client.send<SemanticTokens>('textDocument/semanticTokens/full', {
        textDocument: { uri },
      });
      assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
      const range = await client.send<SemanticTokens>('textDocument/semanticTokens/range', {
        textDocument: { uri },
        range: { start: { line: vip, character: 0 }, end: { line: vip + 13, character: 0 } },
      });
      assert.ok(range.data.length > 0 && range.data.length < tokens.data.length);
    });
  });
});
