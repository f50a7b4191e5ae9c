// `balancerLens/redact` over the protocol: the server writes redacted copies as the command
// line does, and says in one error why a request cannot be done.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RedactResult } from '../../server/src/protocol';
import { fixture, LspClient, repoRoot } from './client';

describe('Redaction over the protocol', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    client = LspClient.start();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'blens-redact-lsp-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes redacted copies of a folder and answers what it wrote and removed', async () => {
    const seed = path.join(repoRoot, 'test', 'fixtures', 'seed');
    const result = await client.send<RedactResult>('balancerLens/redact', {
      paths: [seed],
      outDir: path.join(root, 'share'),
      names: true,
      keyFile: path.join(root, 'k.json'),
    });
    assert.deepStrictEqual(
      result.written.map((f) => path.relative(root, f.target)).sort(),
      [
        'capture-after-fix.axdebug.txt',
        'capture-before-fix.axdebug.txt',
        'vip-after-fix.summary.txt',
        'vip-before-fix.summary.txt',
      ].map((f) => path.join('share', f)),
    );
    assert.strictEqual(result.key.created, true);
    assert.match(
      result.report,
      /capture-before-fix\.axdebug\.txt -> .*: \d+ addresses, 0 secrets removed/,
    );
    const copy = fs.readFileSync(
      path.join(root, 'share', 'capture-before-fix.axdebug.txt'),
      'utf8',
    );
    assert.ok(!copy.includes('10.1.1.254'));
    assert.strictEqual(
      copy.split('\n').length,
      fixture('seed/capture-before-fix.axdebug.txt').split('\n').length,
    );
  });

  it('refuses an output folder that holds the originals, and a malformed request, with the reason', async () => {
    fs.writeFileSync(path.join(root, 'lb.a10.cfg'), 'slb server gw 203.0.113.1\n');
    await assert.rejects(
      client.send('balancerLens/redact', {
        paths: [root],
        outDir: root,
        names: false,
        keyFile: path.join(root, 'k.json'),
      }),
      /holds the files to redact/,
    );
    await assert.rejects(
      client.send('balancerLens/redact', { paths: ['relative'], outDir: root, names: false }),
      /absolute paths/,
    );
    await assert.rejects(
      client.send('balancerLens/redact', null as unknown as object),
      /absolute paths/,
    );
    assert.strictEqual(
      fs.readFileSync(path.join(root, 'lb.a10.cfg'), 'utf8'),
      'slb server gw 203.0.113.1\n',
    );
  });
});
