// Quick fixes asked for with diagnostics of an older text, over the protocol: the editor keeps
// showing a document's diagnostics for a moment after an edit (seconds on a large file) and
// passes them back with the request. The server answers with the fix of the same finding in the
// text it has now, or none; to a client that checks versions it names the version the edit is for.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from './client';

const CONFIG = 'balancer-config';

const BEFORE = [
  '!version 2.7.2-P4, build 32 (Jun-10-2015,13:11)',
  'slb server s 10.0.0.1',
  'slb server t 10.0.0.2',
  'slb service-group g tcp',
  '    member s:80',
  '    member t:80',
  '    member s:80',
  '!',
  'slb virtual-server v 1.2.3.4',
  '   port 0  udp',
  '      service-group g',
  '      template udp quick',
  '   port 80  http',
  '      service-group g',
  '!',
  'end',
  '',
].join('\n');

/** BEFORE with two lines typed above the findings: every old range now points two lines too high. */
const AFTER = BEFORE.replace(
  'slb server t 10.0.0.2\n',
  'slb server t 10.0.0.2\nslb server u 10.0.0.3\n   port 80  tcp\n',
);

let documents = 0;

/** The text one action's edits make of a document. */
function applied(edits: readonly TextEdit[], text: string): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', CONFIG, 1, text), [...edits]);
}

describe('Quick fixes for diagnostics of an older text (over the protocol)', function () {
  this.timeout(20_000);

  /** Opens BEFORE, takes its diagnostics, types AFTER, then asks for fixes with the old diagnostics. */
  async function staleActions(
    client: LspClient,
  ): Promise<{ uri: string; version: number; actions: CodeAction[] }> {
    documents += 1;
    const uri = `file:///stale/${documents}/box.a10.cfg`;
    await client.didOpen(uri, CONFIG, BEFORE);
    const old: Diagnostic[] = await client.waitForDiagnostics(uri);
    const fixed = old.filter(
      (d) => d.code === 'lbconf/duplicate-line' || d.code === 'lbconf/missing-others-vport',
    );
    assert.strictEqual(fixed.length, 2, JSON.stringify(old));
    const version = await client.didChange(uri, AFTER);
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    const actions = ((await client.codeAction(uri, everywhere, fixed)) ?? []) as CodeAction[];
    return { uri, version, actions };
  }

  const removed = AFTER.replace('    member t:80\n    member s:80\n', '    member t:80\n');
  const added = AFTER.replace(
    '   port 80  http\n      service-group g\n',
    '   port 80  http\n      service-group g\n   port 0  others\n      service-group g\n',
  );

  it('makes each fix for the text the server has now (a client without versioned edits)', async () => {
    const client = LspClient.start();
    try {
      await client.initialize();
      const { uri, actions } = await staleActions(client);
      const results = new Map(
        actions.map((a) => [a.title, applied(a.edit?.changes?.[uri] ?? [], AFTER)]),
      );
      assert.strictEqual(results.get('Remove the duplicate line'), removed);
      assert.strictEqual(results.get("Add 'port 0 others' to v"), added);
    } finally {
      await client.shutdown();
    }
  });

  it('names the version each edit is for, to a client that refuses an edit of another version', async () => {
    const client = LspClient.start();
    try {
      await client.send('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {
          textDocument: {
            publishDiagnostics: { versionSupport: true },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
              dataSupport: true,
            },
          },
          workspace: { workspaceEdit: { documentChanges: true } },
        },
        workspaceFolders: null,
      });
      await client.notify('initialized', {});
      const { uri, version, actions } = await staleActions(client);
      assert.ok(actions.length >= 2, `${actions.length} actions`);
      for (const action of actions) {
        assert.strictEqual(
          action.edit?.changes,
          undefined,
          `${action.title} sends unversioned changes`,
        );
        const changes = (action.edit?.documentChanges ?? []) as TextDocumentEdit[];
        assert.deepStrictEqual(
          changes.map((c) => c.textDocument),
          [{ uri, version }],
          action.title,
        );
      }
      const results = new Map(
        actions.map((a) => [
          a.title,
          applied((a.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[], AFTER),
        ]),
      );
      assert.strictEqual(results.get('Remove the duplicate line'), removed);
      assert.strictEqual(results.get("Add 'port 0 others' to v"), added);
    } finally {
      await client.shutdown();
    }
  });
});
