// The run tests the build it says it tests: the working tree, or the .vsix as a user installs it
// (and then the package holds what the manifest needs and nothing .vscodeignore keeps out).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { balancerLens, runKind } from './helpers';

/** The repository this compiled file belongs to (out/test/e2e/suite -> root). */
import { repoRoot } from '../../paths';

/** What the .vscodeignore allow-list lets into the package (vsce renames README and LICENSE). */
const SHIPPED =
  /^(\.vsixmanifest|package(\.nls(\.[a-z-]+)?)?\.json|l10n\/bundle\.l10n(\.[a-z-]+)?\.json|readme\.md|LICENSE(\.txt)?|client\/out\/extension\.js|server\/out\/(server|cli|inspectWorker)\.js|media\/out\/diagram\.js|media\/diagram\.css|media\/icon\.png|changelog\.md|syntaxes\/.+)$/i;

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    );
}

describe('Packaging', () => {
  it(`runs the extension from the ${runKind === 'vsix' ? 'installed .vsix' : 'development folder'}`, () => {
    const where = balancerLens().extensionPath;
    if (runKind === 'vsix') {
      assert.ok(!where.startsWith(repoRoot), `expected an installed copy, got ${where}`);
    } else {
      assert.strictEqual(where, repoRoot);
    }
  });

  it("reads the manifest's texts from package.nls.json: no %key% is left for the user to see", () => {
    const manifest = balancerLens().packageJSON as {
      contributes: {
        commands: { command: string; title: string; category: string }[];
        configuration: { properties: Record<string, { markdownDescription?: string }> };
      };
    };
    const explain = manifest.contributes.commands.find(
      (command) => command.command === 'balancerLens.explainCapture',
    );
    assert.deepStrictEqual(
      [explain?.category, explain?.title],
      ['Balancer Lens', 'Explain This Capture'],
    );
    assert.match(
      manifest.contributes.configuration.properties['balancerLens.detectByContent']
        .markdownDescription ?? '',
      /^Open plain-text, log and `\.cfg` files/,
    );
  });

  if (runKind === 'vsix') {
    it('ships only the bundled programs, the diagram page, grammars and manifest', () => {
      const stray = filesUnder(balancerLens().extensionPath).filter((file) => !SHIPPED.test(file));
      assert.deepStrictEqual(stray, []);
    });

    it('ships production bundles: minified, without source maps', () => {
      const root = balancerLens().extensionPath;
      for (const file of [
        'client/out/extension.js',
        'server/out/server.js',
        'server/out/cli.js',
        'server/out/inspectWorker.js',
        'media/out/diagram.js',
      ]) {
        const text = fs.readFileSync(path.join(root, file), 'utf8');
        assert.ok(!text.includes('sourceMappingURL'), `${file} points at a source map`);
        // A minified bundle is a few long lines; the development build writes one statement a line.
        assert.ok(text.split('\n').length < text.length / 500, `${file} is not minified`);
      }
    });

    it('ships every file the manifest points at', () => {
      const root = balancerLens().extensionPath;
      const manifest = balancerLens().packageJSON as {
        main: string;
        icon: string;
        l10n?: string;
        contributes: { languages: { configuration?: string }[]; grammars: { path: string }[] };
      };
      const referenced = [
        manifest.main,
        manifest.icon,
        'server/out/server.js',
        // The command line's inspect threads (server/src/cli/inspectThreads.ts loads it by name).
        'server/out/inspectWorker.js',
        // The flow diagram's page (client/src/diagram/panel.ts loads them by name).
        'media/out/diagram.js',
        'media/diagram.css',
        ...manifest.contributes.languages.flatMap((language) => language.configuration ?? []),
        ...manifest.contributes.grammars.map((grammar) => grammar.path),
        // The manifest's texts by language (its `%key%`s), and the extension's messages (`l10n`;
        // the server's, in l10n/server/, are built into server.js and cli.js).
        ...fs.readdirSync(repoRoot).filter((file) => /^package\.nls(\.[a-z-]+)?\.json$/.test(file)),
        ...(manifest.l10n
          ? fs
              .readdirSync(path.join(repoRoot, manifest.l10n), { withFileTypes: true })
              .filter((entry) => entry.isFile())
              .map((entry) => path.join(manifest.l10n!, entry.name))
          : []),
      ];
      const missing = referenced.filter((file) => !fs.existsSync(path.join(root, file)));
      assert.deepStrictEqual(missing, []);
    });
  }
});
