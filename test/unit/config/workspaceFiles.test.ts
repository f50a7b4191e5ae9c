// The server's side of the workspace: which files it reads as configurations (the manifest's
// file names, and content for .cfg/.txt files), from which folders, and how it follows changes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FIRST_LINE, isConfigFileName } from '../../../server/src/languageFiles';
import { WorkspaceFiles } from '../../../server/src/workspaceFiles';
import { repoRoot } from '../support';

interface Language {
  id: string;
  extensions?: string[];
  filenamePatterns?: string[];
  firstLine?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { languages: Language[] };
};
const configLanguage = manifest.contributes.languages.find((l) => l.id === 'balancer-config')!;

/** A glob of the manifest (`*.a10.cfg`, `vip*.summary.txt`) as a regular expression on a file name. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
}

describe('The workspace files the server reads', () => {
  it("recognises exactly the manifest's file names of balancer-config", () => {
    const names = [
      'llb.acos',
      'llb.a10',
      'x.acos.txt',
      'x.acos.cfg',
      'x.a10.conf',
      'vip-before.summary.txt',
      'box-running-config-2020.acos',
      'notes.txt',
      'x.cfg',
      'a10.txt',
      'summary.txt',
      'x.axdebug.txt',
    ];
    const byManifest = (name: string): boolean =>
      (configLanguage.extensions ?? []).some((e) => name.toLowerCase().endsWith(e)) ||
      (configLanguage.filenamePatterns ?? []).some((g) => globToRegExp(g).test(name));
    for (const name of names) assert.strictEqual(isConfigFileName(name), byManifest(name), name);
  });

  it("recognises content by the manifest's first-line pattern", () => {
    assert.strictEqual(CONFIG_FIRST_LINE.source, configLanguage.firstLine);
  });

  describe('reading folders', () => {
    let folder: string;
    const documents = new TextDocuments(TextDocument);
    const files = new WorkspaceFiles(documents);
    const names = (): string[] =>
      files
        .configDocuments()
        .map((d) => path.basename(d.uri))
        .sort();

    before(async () => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-files-'));
      const write = (name: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        fs.writeFileSync(path.join(folder, name), text);
      };
      write('box.a10.cfg', 'hostname x\n');
      write('sub/part.acos', 'slb server s 1.1.1.1\n');
      write('saved.cfg', '\n!Current configuration: 10 bytes\nhostname y\n');
      write('notes.txt', 'meeting notes\n');
      write('node_modules/dep.a10.cfg', 'hostname z\n');
      write('.git/x.a10.cfg', 'hostname z\n');
      await files.scan([pathToFileURL(folder).toString()]);
    });

    after(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('reads configuration files by name and by first line, skipping dependencies and hidden folders', () => {
      assert.deepStrictEqual(names(), ['box.a10.cfg', 'part.acos', 'saved.cfg']);
      assert.ok(
        files.configDocuments().every((d) => d.languageId === 'balancer-config' && d.version < 0),
      );
    });

    it('follows changes: a file that becomes a configuration, one deleted, one outside the folders', async () => {
      fs.writeFileSync(path.join(folder, 'notes.txt'), 'slb server t 2.2.2.2\n');
      assert.strictEqual(
        await files.changed(pathToFileURL(path.join(folder, 'notes.txt')).toString()),
        true,
      );
      assert.strictEqual(
        files.deleted(pathToFileURL(path.join(folder, 'box.a10.cfg')).toString()),
        true,
      );
      assert.strictEqual(
        await files.changed(pathToFileURL(path.join(os.tmpdir(), 'elsewhere.a10.cfg')).toString()),
        false,
      );
      assert.deepStrictEqual(names(), ['notes.txt', 'part.acos', 'saved.cfg']);
      const notes = files.configDocuments().find((d) => d.uri.endsWith('notes.txt'))!;
      assert.strictEqual(notes.getText(), 'slb server t 2.2.2.2\n');
    });
  });
});
