// A second real LSP client: Neovim's built-in one, headless, starts the server as the program
// package.json names (`balancer-lens-language-server --stdio`), opens the seed's files, and
// receives the same diagnostics and hovers VS Code shows.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../paths';

interface NeovimResult {
  files: Record<
    string,
    { diagnostics: { line: number; severity: number; code: string; message: string }[] }
  >;
  hover?: string;
  errors: string[];
}

const seed = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'seed', name);

/** Runs Neovim headless with test/lsp/neovim/client.lua and returns what it saw. */
function runNeovim(files: Record<string, string>, hover: string): Promise<NeovimResult> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'blens-nvim-')), 'result.json');
  const env = {
    ...process.env,
    BL_SERVER: path.join(repoRoot, manifest.bin['balancer-lens-language-server']),
    BL_ROOT: path.dirname(Object.keys(files)[0]),
    BL_FILES: Object.entries(files)
      .map(([file, language]) => `${file}=${language}`)
      .join(','),
    BL_HOVER: hover,
    BL_OUT: out,
    XDG_CONFIG_HOME: path.dirname(out),
    XDG_DATA_HOME: path.dirname(out),
    XDG_STATE_HOME: path.dirname(out),
  };
  const script = path.join(repoRoot, 'test', 'lsp', 'neovim', 'client.lua');
  return new Promise((resolve, reject) => {
    const nvim = spawn(
      'nvim',
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    nvim.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    nvim.on('error', reject);
    nvim.on('exit', (code) => {
      if (!fs.existsSync(out))
        return reject(
          new Error(`Neovim exited with ${String(code)} and wrote no result. ${stderr}`),
        );
      resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResult);
    });
  });
}

describe('Neovim as the LSP client', function () {
  this.timeout(90_000);
  let result: NeovimResult;

  before(async function () {
    if (spawnSync('nvim', ['--version']).error) {
      throw new Error('Neovim is not installed: apt-get install -y neovim (.ci/run does).');
    }
    result = await runNeovim(
      {
        [seed('capture-before-fix.axdebug.txt')]: 'balancer-capture',
        [seed('vip-before-fix.summary.txt')]: 'balancer-config',
      },
      `${seed('capture-before-fix.axdebug.txt')}:4:3`,
    );
  });

  it('starts balancer-lens-language-server and talks to it without errors', () => {
    assert.deepStrictEqual(result.errors, []);
  });

  it("receives the seed capture's findings", () => {
    const diagnostics = result.files[seed('capture-before-fix.axdebug.txt')].diagnostics;
    // The whole list is the unit tests' business; here: what VS Code shows reaches Neovim too.
    const seen = diagnostics.map((d) => `${d.code}@${d.line + 1}`);
    for (const expected of [
      'lbcap/one-way-esp@1',
      'lbcap/untranslated-private-source@2',
      'lbcap/icmp-error@11',
    ]) {
      assert.ok(seen.includes(expected), `${expected} among ${seen.join(', ')}`);
    }
    assert.match(diagnostics[0].message, /One-way IPsec SA: ESP with SPI 0x7eb7fb45/);
  });

  it("receives the seed VIP's missing-others warning", () => {
    const [warning] = result.files[seed('vip-before-fix.summary.txt')].diagnostics;
    assert.strictEqual(warning.code, 'lbconf/missing-others-vport');
    assert.strictEqual(warning.severity, 2 /* vim.diagnostic.severity.WARN */);
  });

  it('gets a hover that explains the translated SYN', () => {
    assert.match(result.hover ?? '', /source `10\.1\.1\.254:22518` became `183\.62\.\*\.\*:2614`/);
  });
});
