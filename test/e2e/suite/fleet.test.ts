// A folder of three devices in the real editor, as a backup repository holds them: files named
// after the device (one without an extension), under a backup tool's header, reusing the same
// object names. Each opens as a configuration by its content, and each reports its own fault
// alone: nothing relates one device to another.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { box } from '../../fleet';
import {
  diagnosticCode,
  openExample,
  waitForDiagnostics,
  waitUntil,
  workspaceFile,
} from './helpers';

/** The three devices: the same names everywhere, a fault of its own in each. */
const DEVICES: Record<string, string> = {
  // A server without an address.
  'fleet/lb-dc1-01': box('lb-dc1-01', '!RANCID-CONTENT-TYPE: a10\n!', { fault: true }),
  // The same pool name with other addresses, and a service group nothing uses on this box.
  'fleet/lb-dc1-02': box('lb-dc1-02', '!RANCID-CONTENT-TYPE: a10\n!')
    .replace('10.1.1.20', '10.1.1.40')
    .replace('end\n', 'slb service-group spare tcp\n  member web1 80\n!\nend\n'),
  // Saved by hand under a comment header; a health monitor nothing uses.
  'fleet/lb-dc2-01.cfg': box('lb-dc2-01', '! lb-dc2-01, saved by the NOC').replace(
    'end\n',
    'health monitor hm_spare\n  method icmp\n!\nend\n',
  ),
};

describe('A fleet of devices', () => {
  before(async () => {
    for (const [name, text] of Object.entries(DEVICES))
      await vscode.workspace.fs.writeFile(workspaceFile(name), Buffer.from(text));
  });

  it('opens a folder of three devices that reuse names: each its own configuration, each fault in its own device alone', async () => {
    const expected: Record<string, string[]> = {
      'fleet/lb-dc1-01': ['lbconf/missing-address'],
      'fleet/lb-dc1-02': ['lbconf/unused-definition'],
      'fleet/lb-dc2-01.cfg': ['lbconf/unused-definition'],
    };
    for (const name of Object.keys(DEVICES)) {
      await openExample(name);
      // No manifest pattern matches a backup tool's header: the extension reads the content and
      // reopens the file as a configuration.
      const uri = workspaceFile(name).toString();
      await waitUntil(
        `${name} opens as a configuration by its content`,
        () =>
          vscode.workspace.textDocuments.some(
            (d) => d.uri.toString() === uri && d.languageId === 'balancer-config',
          ),
        {
          events: [vscode.workspace.onDidOpenTextDocument],
        },
      );
    }
    for (const [name, codes] of Object.entries(expected)) {
      // Exactly its own finding: a "defined again" or a resolution across devices would add or take one away.
      const diagnostics = await waitForDiagnostics(
        workspaceFile(name),
        (d) => d.length > 0,
        30_000,
      );
      assert.deepStrictEqual(diagnostics.map(diagnosticCode), codes, name);
    }
    // Once every device has been checked with the others open, still each its own finding alone.
    for (const [name, codes] of Object.entries(expected))
      assert.deepStrictEqual(
        vscode.languages.getDiagnostics(workspaceFile(name)).map(diagnosticCode),
        codes,
        name,
      );
  });
});
