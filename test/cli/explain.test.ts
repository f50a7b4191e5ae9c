// `balancer-lens explain DUMP [PATH...]`: the editor's "Explain this capture" report on the
// command line, joined with the configurations beside the dump (or under the PATHs named).
import * as assert from 'assert';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { explainUsage } from '../../server/src/cli/explain';
import { CAPTURE_LANGUAGE, CONFIG_LANGUAGE, createLanguageService } from '../../server/src/service';
import { fixture, Project, SEED_CAPTURE } from './support';

describe('balancer-lens explain', () => {
  let project: Project;
  beforeEach(() => (project = new Project()));
  afterEach(() => project.remove());

  it("prints the editor's report, joined with the configuration in the dump's folder", () => {
    const dump = project.write('case-1234/capture.axdebug.txt', SEED_CAPTURE);
    const config = project.write('case-1234/llb.a10.cfg', fixture('config/acos2-wildcard.a10.cfg'));
    const ran = project.run('explain', 'case-1234/capture.axdebug.txt');
    assert.deepStrictEqual([ran.status, ran.stderr], [0, '']);
    // The same words as the editor's command, from the same service.
    const documents = [
      TextDocument.create(
        pathToFileURL(config).href,
        CONFIG_LANGUAGE,
        1,
        fixture('config/acos2-wildcard.a10.cfg'),
      ),
    ];
    const service = createLanguageService({ workspace: { configDocuments: () => documents } });
    const expected = service.explainCapture(
      TextDocument.create(pathToFileURL(dump).href, CAPTURE_LANGUAGE, 1, SEED_CAPTURE),
      { linksRelativeTo: pathToFileURL(project.root).href },
    );
    assert.strictEqual(ran.stdout, expected);
    // Links relative to the working folder, so that the report saved there links to the files.
    assert.match(ran.stdout, /\[line 1\]\(case-1234\/capture\.axdebug\.txt#L1\)/);
    assert.match(
      ran.stdout,
      /- Add `port 0 others` to virtual server \\_wildcard\\_vserver in \[llb\.a10\.cfg line 33\]/,
    );
  });

  it('streams a text dump: one the whole analysis cannot hold in 48 MB of heap is explained in it, as the editor explains it', function () {
    this.timeout(300_000);
    // The seed, then 60,000 ESP packets of its tunnel, each seen in and out: one flow, 10 MB.
    const lines = [SEED_CAPTURE.trimEnd()];
    for (let i = 0; i < 60_000; i++) {
      const id = (0x20000 + i).toString(16);
      const esp = `ip 10.1.1.254 > *.*.*.* esp spi=0x7eb7fb45 seq=0x${(0x100 + i).toString(16)}`;
      lines.push(`@${23050000 + i * 3} i( 1, 100, ${id})> ${esp}`);
      lines.push(`@${23050000 + i * 3} o( 6, 0, ${id})> ${esp}`);
    }
    const text = `${lines.join('\n')}\n`;
    const dump = project.write('big.axdebug.txt', text);
    const ran = project.runWith(
      { env: { NODE_OPTIONS: '--max-old-space-size=48' } },
      'explain',
      'big.axdebug.txt',
    );
    assert.deepStrictEqual([ran.status, ran.stderr], [0, '']);
    const expected = createLanguageService().explainCapture(
      TextDocument.create(pathToFileURL(dump).href, CAPTURE_LANGUAGE, 1, text),
      { linksRelativeTo: pathToFileURL(project.root).href },
    );
    assert.strictEqual(ran.stdout, expected);
    assert.match(
      ran.stdout,
      / · 120014 lines · 60008 packets \(120014 copies\) · 4 flows · 1 IPsec peer\n/,
    );
  });

  it('reads the configurations beside the dump, not in the folders under it', () => {
    project.write('capture.axdebug.txt', SEED_CAPTURE);
    project.write('old/llb.a10.cfg', fixture('config/acos2-wildcard.a10.cfg'));
    const ran = project.run('explain', 'capture.axdebug.txt');
    assert.match(ran.stdout, /No balancer configuration is in the workspace/);
  });

  it('takes the configurations from the PATHs named instead', () => {
    project.write('dumps/capture.axdebug.txt', SEED_CAPTURE);
    project.write('configs/box/llb.a10.cfg', fixture('config/acos2-wildcard.fixed.a10.cfg'));
    const alone = project.run('explain', 'dumps/capture.axdebug.txt');
    assert.match(alone.stdout, /No balancer configuration is in the workspace/);
    const joined = project.run('explain', 'dumps/capture.axdebug.txt', 'configs');
    assert.match(joined.stdout, /Configurations read: \[llb\.a10\.cfg\]/);
    assert.match(joined.stdout, /The configuration now carries `others`/);
  });

  it('says in one line what is wrong with a file (exit status 1) or a command line (2)', () => {
    project.write('llb.a10.cfg', fixture('config/acos2-wildcard.a10.cfg'));
    assert.deepStrictEqual(project.run('explain', 'llb.a10.cfg'), {
      status: 1,
      stdout: '',
      stderr:
        'balancer-lens: llb.a10.cfg is not a capture dump (axdebug or tcpdump text), by its name or first line.\n',
    });
    assert.deepStrictEqual(
      project.run('explain', 'missing.axdebug.txt').stderr,
      'balancer-lens: cannot read missing.axdebug.txt: no such file.\n',
    );
    assert.strictEqual(
      project.run('explain').stderr,
      "balancer-lens: No DUMP given: name the capture dump to explain.\nRun 'balancer-lens explain --help' for how to use it.\n",
    );
    assert.deepStrictEqual(project.run('explain', '--help'), {
      status: 0,
      stdout: explainUsage(),
      stderr: '',
    });
  });
});
