// Editing a running-config split over two files, in a real VS Code, through the editor's own
// commands: go to definition into the file that is not open, rename across both files, and
// completion of the names a command takes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverTextAt, openExample, waitForDiagnostics, workspaceFile } from './helpers';

/** The position just after `needle` (or `offset` characters into it) in a document. */
function positionOf(
  document: vscode.TextDocument,
  needle: string,
  offset = needle.length,
): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is not in ${document.uri.path}`);
  return document.positionAt(at + offset);
}

/**
 * Runs an editor command until its answer satisfies `ready`: the language server starts with
 * the first balancer file and reads the workspace's files once started, so the first answers
 * may come before it knows them. Rejects with the last answer after `timeoutMs`.
 */
async function answerOf<T>(
  run: () => Thenable<T>,
  ready: (answer: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let answer = await run();
  while (!ready(answer)) {
    if (Date.now() > deadline)
      throw new Error(`No ready answer within ${timeoutMs} ms; last: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer = await run();
  }
  return answer;
}

function uriOf(location: vscode.Location | vscode.LocationLink): vscode.Uri {
  return 'targetUri' in location ? location.targetUri : location.uri;
}

function rangeOf(location: vscode.Location | vscode.LocationLink): vscode.Range {
  return 'targetUri' in location
    ? (location.targetSelectionRange ?? location.targetRange)
    : location.range;
}

describe('Editing a running-config split over two files', () => {
  before(async () => {
    // A file with a finding proves the server is up and checking.
    const { document } = await openExample('llb-acos2.a10.cfg');
    await waitForDiagnostics(document.uri);
  });

  it('goes from a vport to its service group, defined in the other file (not open)', async () => {
    const { document } = await openExample('adc-acos4.a10.cfg');
    const position = positionOf(document, 'service-group sg-web-8080', 'service-group sg-'.length);
    const locations = await answerOf(
      () =>
        vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          document.uri,
          position,
        ),
      (found) => found.length > 0,
    );
    assert.strictEqual(locations.length, 1);
    assert.strictEqual(
      uriOf(locations[0]).toString(),
      workspaceFile('adc-acos4-servers.a10.cfg').toString(),
    );
    const servers = await vscode.workspace.openTextDocument(
      workspaceFile('adc-acos4-servers.a10.cfg'),
    );
    assert.strictEqual(servers.getText(rangeOf(locations[0])), 'sg-web-8080');
    assert.strictEqual(
      servers.lineAt(rangeOf(locations[0]).start.line).text,
      'slb service-group sg-web-8080 tcp',
    );
  });

  it('renames a service group in both files', async () => {
    const { document } = await openExample('adc-acos4.a10.cfg');
    const position = positionOf(document, 'service-group sg-web-8080', 'service-group sg-'.length);
    const edit = await answerOf(
      () =>
        vscode.commands.executeCommand<vscode.WorkspaceEdit>(
          'vscode.executeDocumentRenameProvider',
          document.uri,
          position,
          'sg-www',
        ),
      (found) => found !== undefined && found.size === 2,
    );
    const servers = workspaceFile('adc-acos4-servers.a10.cfg');
    const byFile = new Map(edit.entries().map(([uri, edits]) => [uri.toString(), edits]));
    const main = byFile.get(document.uri.toString()) ?? [];
    assert.deepStrictEqual(
      main.map((e) => `${e.range.start.line + 1}:${document.getText(e.range)}->${e.newText}`),
      main.map((e) => `${e.range.start.line + 1}:sg-web-8080->sg-www`),
    );
    assert.strictEqual(main.length, 2);
    const other = byFile.get(servers.toString()) ?? [];
    const serversDocument = await vscode.workspace.openTextDocument(servers);
    assert.deepStrictEqual(
      other.map((e) => `${serversDocument.lineAt(e.range.start.line).text} -> ${e.newText}`),
      ['slb service-group sg-web-8080 tcp -> sg-www'],
    );
  });

  it('completes the service groups and NAT pools a vport may use', async () => {
    const { document } = await openExample('adc-acos4.a10.cfg');
    const groupAt = positionOf(
      document,
      'port 443 tcp\n    source-nat pool SNAT_API\n    service-group ',
    );
    const groups = await answerOf(
      () =>
        vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          document.uri,
          groupAt,
        ),
      (list) => list.items.some((item) => item.label === 'sg-api'),
    );
    const labels = groups.items.map((item) =>
      typeof item.label === 'string' ? item.label : item.label.label,
    );
    assert.ok(labels.includes('sg-web-8080') && labels.includes('sg-api'), labels.join(', '));
    const poolAt = positionOf(document, 'port 443 tcp\n    source-nat pool ');
    const pools = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      poolAt,
    );
    const poolLabels = pools.items.map((item) =>
      typeof item.label === 'string' ? item.label : item.label.label,
    );
    assert.ok(
      poolLabels.includes('SNAT_API') && poolLabels.includes('SNAT_WEB'),
      poolLabels.join(', '),
    );
  });

  it("explains a keyword on hover, in the user's words", async () => {
    const { document } = await openExample('adc-acos4.a10.cfg');
    const text = await hoverTextAt(
      document.uri,
      positionOf(document, 'source-nat pool SNAT_WEB', 3),
    );
    assert.match(text, /Translates the source of the traffic to an address of this NAT pool/);
  });
});
