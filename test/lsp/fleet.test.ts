// A folder of devices over the protocol, against the built server: a backup repository of three
// balancers that reuse the same object names. Findings, definition, references, rename and
// completion keep to each device; a fragment belongs to its folder's device; the settings group a
// device split over several files; `balancerLens/device` names the device of a file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type {
  CompletionList,
  Diagnostic,
  Location,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { box } from '../fleet';
import { LspClient } from './client';

const CONFIG = 'balancer-config';

/** `code@line` (0-based) of each diagnostic. */
function findings(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`);
}

describe('A folder of devices over the protocol', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspClient;
  const uri = (relative: string): string => pathToFileURL(path.join(folder, relative)).toString();
  const text = (relative: string): string => fs.readFileSync(path.join(folder, relative), 'utf8');
  const write = (relative: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    fs.writeFileSync(path.join(folder, relative), content);
  };

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-fleet-'));
    // RANCID's repository: files named after the device, without an extension.
    write('configs/lb-dc1-01', box('lb-dc1-01', '!RANCID-CONTENT-TYPE: a10\n!', { fault: true }));
    write(
      'configs/lb-dc1-02',
      box('lb-dc1-02', '!RANCID-CONTENT-TYPE: a10\n!', { extra: 'web_b' }).replace(
        '10.1.1.20',
        '10.1.1.40',
      ),
    );
    // A box whose group `web_v` only the paste beside it uses.
    write(
      'saved/lb-dc2-01.cfg',
      box('lb-dc2-01', '! saved by hand').replace(
        'end\n',
        'slb service-group web_v tcp\n  member web1 80\n!\nend\n',
      ),
    );
    // A paste kept beside the only device of its folder.
    write(
      'saved/vips.txt',
      'slb virtual-server vip9 192.0.2.9\n  port 443 tcp\n    service-group web_v\n!\n',
    );
    client = LspClient.start();
    await client.initializeWorkspace([{ uri: pathToFileURL(folder).toString(), name: 'fleet' }]);
  });

  after(() => {
    client.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reports a fault in its own device alone, and nothing that relates one device to another', async () => {
    await client.didOpen(uri('configs/lb-dc1-01'), CONFIG, text('configs/lb-dc1-01'));
    // The folder is read after `initialized`: wait for the check that has seen it.
    assert.deepStrictEqual(
      findings(
        await client.waitForDiagnostics(
          uri('configs/lb-dc1-01'),
          (p) => p.diagnostics.length === 1,
        ),
      ),
      ['lbconf/missing-address@6'],
    );
    await client.didOpen(uri('configs/lb-dc1-02'), CONFIG, text('configs/lb-dc1-02'));
    await client.didOpen(uri('saved/lb-dc2-01.cfg'), CONFIG, text('saved/lb-dc2-01.cfg'));
    // lb-dc1-02's `web` is used by nothing on that box: a paste in another folder cannot use it.
    assert.deepStrictEqual(findings(await client.waitForDiagnostics(uri('configs/lb-dc1-02'))), [
      'lbconf/unused-definition@9',
    ]);
    // Once the folder is read, the paste's use of `web_v` counts on its folder's box.
    assert.deepStrictEqual(
      findings(
        await client.waitForDiagnostics(
          uri('saved/lb-dc2-01.cfg'),
          (p) => p.diagnostics.length === 0,
        ),
      ),
      [],
    );
  });

  it("goes to definitions and finds references inside the device, and its folder's fragment", async () => {
    const definition = await client.send<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('saved/lb-dc2-01.cfg') },
      position: { line: 13, character: 20 },
    });
    assert.deepStrictEqual(
      definition.map((l) => `${path.basename(l.uri)}@${l.range.start.line}`),
      ['lb-dc2-01.cfg@8'],
    );
    const references = async (line: number): Promise<string[]> =>
      (
        await client.send<Location[]>('textDocument/references', {
          textDocument: { uri: uri('saved/lb-dc2-01.cfg') },
          position: { line, character: 20 },
          context: { includeDeclaration: false },
        })
      ).map((l) => `${path.basename(l.uri)}@${l.range.start.line}`);
    // `web` is used on every box; only this box's use is its.
    assert.deepStrictEqual(await references(8), ['lb-dc2-01.cfg@13']);
    assert.deepStrictEqual(await references(16), ['vips.txt@2']);
  });

  it('renames within one device, and completes its names only', async () => {
    const edit = await client.send<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uri('configs/lb-dc1-01') },
      position: { line: 9, character: 20 },
      newName: 'web_80',
    });
    assert.deepStrictEqual(Object.keys(edit.changes ?? {}), [uri('configs/lb-dc1-01')]);
    const completion = await client.send<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri('configs/lb-dc1-01') },
      position: { line: 14, character: 18 },
    });
    const groups = completion.items.filter((i) => i.label.startsWith('web')).map((i) => i.label);
    assert.deepStrictEqual(groups, ['web']);
  });

  it("names the device of each file: its hostname, or its folder's device for a fragment", async () => {
    await client.didOpen(uri('saved/vips.txt'), CONFIG, text('saved/vips.txt'));
    assert.deepStrictEqual(
      await client.send('balancerLens/device', { uri: uri('configs/lb-dc1-01') }),
      { name: 'lb-dc1-01', grouped: false },
    );
    assert.deepStrictEqual(
      await client.send('balancerLens/device', { uri: uri('saved/vips.txt') }),
      { name: 'lb-dc2-01', grouped: false },
    );
    assert.strictEqual(
      await client.send('balancerLens/device', {
        uri: pathToFileURL(path.join(folder, 'nowhere.cfg')).toString(),
      }),
      null,
    );
  });

  it('makes the files balancerLens.devices names one device: they resolve and clash together', async () => {
    write(
      'split/base.cfg',
      'hostname lb-dc3\nip nat pool SNAT 10.3.1.10 10.3.1.20 netmask /24\nslb server web1 10.0.0.5\n  port 80 tcp\n!\n',
    );
    write(
      'split/slb.cfg',
      'ip nat pool SNAT 10.3.1.10 10.3.1.30 netmask /24\nslb service-group web tcp\n  member web1 80\n!\nslb virtual-server v 192.0.2.3\n  port 80 tcp\n    service-group web\n    source-nat pool SNAT\n!\n',
    );
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uri('split/base.cfg'), type: 1 },
        { uri: uri('split/slb.cfg'), type: 1 },
      ],
    });
    await client.didOpen(uri('split/slb.cfg'), CONFIG, text('split/slb.cfg'));
    // On its own, the second file is a fragment of the folder's one device: it resolves against it and never clashes.
    assert.deepStrictEqual(findings(await client.waitForDiagnostics(uri('split/slb.cfg'))), []);
    await client.notify('workspace/didChangeConfiguration', {
      settings: { balancerLens: { devices: { 'lb-dc3': ['split/*.cfg'] } } },
    });
    assert.deepStrictEqual(
      findings(
        await client.waitForDiagnostics(uri('split/slb.cfg'), (p) => p.diagnostics.length > 0),
      ),
      ['lbconf/nat-pool-redefined@0'],
    );
    assert.deepStrictEqual(
      await client.send('balancerLens/device', { uri: uri('split/slb.cfg') }),
      { name: 'lb-dc3', grouped: true },
    );
  });
});
