// `npm start` opens a fresh copy of examples/, so a quick fix tried in the demo never changes the
// tracked files the tests read.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { examplesDir, freshExamples } from '../../e2e/harness/paths';

describe('The demo workspace', () => {
  it('is a copy of examples/ made anew at each start, and changing it leaves examples/ alone', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'blens-demo-'));
    try {
      const original = fs.readFileSync(path.join(examplesDir, 'llb-acos2.a10.cfg'), 'utf8');
      const demo = freshExamples(parent);
      assert.notStrictEqual(path.resolve(demo), path.resolve(examplesDir));
      fs.appendFileSync(
        path.join(demo, 'llb-acos2.a10.cfg'),
        'slb virtual-server tried 203.0.113.9\n',
      );
      fs.writeFileSync(path.join(demo, 'scratch.txt'), 'a file the user made');
      assert.strictEqual(
        fs.readFileSync(path.join(examplesDir, 'llb-acos2.a10.cfg'), 'utf8'),
        original,
      );
      const again = freshExamples(parent);
      assert.strictEqual(
        fs.readFileSync(path.join(again, 'llb-acos2.a10.cfg'), 'utf8'),
        original,
        'the next start begins anew',
      );
      assert.ok(!fs.existsSync(path.join(again, 'scratch.txt')));
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
