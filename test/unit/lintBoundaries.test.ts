// The project's shape is held by `npm run lint` (eslint.config.mjs), not by review: an import
// across a boundary and an import cycle are reported. Linted here with the project's own boundary
// rules, on sources given as text at the paths they would have.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from './support';

/** The boundary rules of eslint.config.mjs, and an ESLint that lints with them alone. */
async function boundaryLinter(cwd: string): Promise<ESLint> {
  const config = (await import(path.join(repoRoot, 'eslint.config.mjs'))) as {
    boundaries: Linter.Config;
  };
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, ...config.boundaries },
    ],
  });
}

/** The messages of the boundary rules for a source at a path of the project. */
async function reported(file: string, source: string, cwd = repoRoot): Promise<string[]> {
  const results = await (
    await boundaryLinter(cwd)
  ).lintText(source, { filePath: path.join(cwd, file) });
  return results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

describe('Boundaries the lint holds', function () {
  this.timeout(60_000);

  it('reports config importing capture, and says why', async () => {
    const messages = await reported(
      'server/src/service/config/probe.ts',
      "import type { Packet } from '../capture/reading/packet';\nexport type P = Packet;\n",
    );
    assert.deepStrictEqual(messages, [
      'import-x/no-restricted-paths: Unexpected path "../capture/reading/packet" imported in restricted zone. config and capture do not import each other: join/ is the bridge.',
    ]);
  });

  it('reports the service importing its host or Node, and the client importing the server beyond the protocol', async () => {
    assert.match(
      (
        await reported(
          'server/src/service/capture/probe.ts',
          "import { readTextFile } from '../../safeFiles';\nvoid readTextFile;\n",
        )
      ).join('\n'),
      /The service imports nothing of its host/,
    );
    assert.match(
      (
        await reported(
          'server/src/service/join/probe.ts',
          "import { analyseCapture } from '../index';\nvoid analyseCapture;\n",
        )
      ).join('\n'),
      /Nothing imports upward/,
    );
    assert.match(
      (
        await reported(
          'client/src/probe.ts',
          "import { createLanguageService } from '../../server/src/service';\nvoid createLanguageService;\n",
        )
      ).join('\n'),
      /The client imports only the protocol/,
    );
  });

  it('reports capture reading importing its engine, and the engine importing the editor features', async () => {
    assert.match(
      (
        await reported(
          'server/src/service/capture/reading/probe.ts',
          "import { CopyPairer } from '../engine/pairing';\nvoid CopyPairer;\n",
        )
      ).join('\n'),
      /capture\/reading sits below the engine/,
    );
    assert.match(
      (
        await reported(
          'server/src/service/capture/engine/probe.ts',
          "import { packetHover } from '../features/hover';\nvoid packetHover;\n",
        )
      ).join('\n'),
      /capture\/engine sits below the editor features/,
    );
  });

  it('lets the allowed imports be', async () => {
    assert.deepStrictEqual(
      await reported(
        'client/src/probe.ts',
        "import { REDACT } from '../../server/src/protocol';\nimport { THEME_PALETTE } from '../../server/src/service/diagram/theme';\nvoid REDACT; void THEME_PALETTE;\n",
      ),
      [],
    );
    assert.deepStrictEqual(
      await reported(
        'server/src/service/join/probe.ts',
        "import type { Packet } from '../capture/reading/packet';\nimport type { IndexedConfig } from '../config/symbols';\nexport type P = [Packet, IndexedConfig];\n",
      ),
      [],
    );
  });

  it('reports an import cycle, type imports included (npm run lint:cycles)', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-lint-'));
    try {
      fs.writeFileSync(
        path.join(folder, 'flows.ts'),
        "import type { Packet } from './analysis';\nexport type Flow = { packets: Packet[] };\n",
      );
      fs.writeFileSync(
        path.join(folder, 'analysis.ts'),
        "import type { Flow } from './flows';\nexport type Packet = { flow: Flow };\n",
      );
      // The lint's own command, on this folder instead of the sources.
      const script = (
        JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts['lint:cycles'];
      const [program, ...args] = script
        .replace(/ --ts-config \S+/, '')
        .replace(/( server\/src| client\/src| media\/src)+$/, ' .')
        .split(' ');
      const ran = spawnSync(path.join(repoRoot, 'node_modules', '.bin', program), args, {
        cwd: folder,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.strictEqual(ran.status, 1, ran.stdout + ran.stderr);
      assert.match(ran.stdout, /1\) analysis\.ts > flows\.ts/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
