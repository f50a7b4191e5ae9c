// `balancer-lens check PATH...`: the editor's findings on the command line. Files and folders,
// both languages recognised as the editor recognises them, the configurations of a folder joined
// into one workspace, one line per finding, and an exit status CI can rely on.
import * as assert from 'assert';
import * as path from 'path';
import {
  balancerLens,
  briefly,
  checkJson,
  CONFIG_WITH_AN_ERROR,
  Project,
  SEED_CAPTURE,
} from './support';

describe('balancer-lens check', () => {
  it('prints each finding of the seed as file:line:column: severity code: message, paths relative to the working folder', () => {
    const { status, stdout, stderr } = balancerLens(['check', 'seed']);
    const lines = stdout.split('\n');
    assert.strictEqual(lines.pop(), '', 'every line ends with a line end');
    assert.deepStrictEqual(
      lines.map((line) => line.slice(0, line.indexOf(': ', line.indexOf(' ')) + 1)),
      [
        'seed/capture-before-fix.axdebug.txt:1:1: warning lbcap/one-way-esp:',
        'seed/capture-before-fix.axdebug.txt:2:1: warning lbcap/untranslated-private-source:',
        'seed/capture-before-fix.axdebug.txt:5:1: warning lbcap/syn-without-syn-ack:',
        'seed/capture-before-fix.axdebug.txt:11:1: warning lbcap/icmp-error:',
        'seed/vip-before-fix.summary.txt:1:1: warning lbconf/missing-others-vport:',
      ],
    );
    assert.match(lines[0], /: One-way IPsec SA: ESP with SPI 0x7eb7fb45 goes from 10\.1\.1\.254/);
    assert.match(
      lines[4],
      /: Virtual server vip_210\.21\.\*\.\* forwards `port 0 tcp` and `port 0 udp` but has no `port 0 others`/,
    );
    // The count goes to standard error, so standard output is only findings.
    assert.strictEqual(stderr, 'balancer-lens: checked 4 files: 5 warnings.\n');
    assert.strictEqual(status, 0, 'warnings do not fail the check by default');
  });

  it('prints nothing for files without findings (the fixed seed and real running-configs)', () => {
    const { status, stdout, stderr } = balancerLens([
      'check',
      'seed/vip-after-fix.summary.txt',
      'seed/capture-after-fix.axdebug.txt',
      'config/real-acos4-adc.a10.cfg',
    ]);
    assert.deepStrictEqual(
      [status, stdout, stderr],
      [0, '', 'balancer-lens: checked 3 files (1 device): no findings.\n'],
    );
  });

  describe('exit status: --fail-on error (the default), warning or never', () => {
    // config/problems.a10.cfg has errors, the seed warnings only, real-acos4-adc nothing at all.
    const cases: [string, string | undefined, number][] = [
      ['config/problems.a10.cfg', undefined, 1],
      ['config/problems.a10.cfg', 'error', 1],
      ['config/problems.a10.cfg', 'warning', 1],
      ['config/problems.a10.cfg', 'never', 0],
      ['seed', undefined, 0],
      ['seed', 'error', 0],
      ['seed', 'warning', 1],
      ['seed', 'never', 0],
      ['config/real-acos4-adc.a10.cfg', 'warning', 0],
    ];
    for (const [target, failOn, expected] of cases) {
      it(`${target}${failOn ? ` --fail-on ${failOn}` : ''}: exit ${expected}`, () => {
        const args = ['check', target, ...(failOn ? ['--fail-on', failOn] : [])];
        assert.strictEqual(balancerLens(args).status, expected);
      });
    }

    it('information and hints never fail a check, even with --fail-on warning', () => {
      const project = new Project();
      try {
        project.write('spare.a10.cfg', 'slb server spare 10.0.0.9\n   port 80 tcp\n');
        const findings = project.check('.', '--fail-on', 'warning');
        assert.deepStrictEqual(briefly(findings), ['spare.a10.cfg:1 lbconf/unused-definition']);
        assert.strictEqual(findings[0].severity, 'hint');
        assert.strictEqual(findings.ran.status, 0);
      } finally {
        project.remove();
      }
    });
  });

  describe('in a folder', () => {
    let project: Project;
    before(() => {
      project = new Project();
      // By name, either language, at any depth.
      project.write('box.a10.cfg', CONFIG_WITH_AN_ERROR);
      project.write('site/deep/dump.axdebug.txt', SEED_CAPTURE);
      // By first line: a running-config saved as .cfg, a capture saved as .txt.
      project.write('saved.cfg', `\n!Current configuration: 120 bytes\n${CONFIG_WITH_AN_ERROR}`);
      project.write('captures/session.txt', SEED_CAPTURE);
      // Neither: other text, and other kinds of file whose first line is never looked at.
      project.write('notes.txt', 'meeting notes: slb server web 10.0.0.300\n');
      project.write('script.sh', SEED_CAPTURE);
      // Skipped folders: dependencies, version control, build output, hidden folders.
      for (const skipped of ['node_modules/dep', '.git', 'out', 'dist', '.cache'])
        project.write(`${skipped}/box.a10.cfg`, CONFIG_WITH_AN_ERROR);
    });
    after(() => project.remove());

    it('finds configurations and captures by name, and .txt/.cfg/.conf/.log files by their first line', () => {
      const findings = project.check('.');
      assert.deepStrictEqual(
        [...new Set(findings.map((f) => f.file))],
        [
          'box.a10.cfg',
          path.join('captures', 'session.txt'),
          'saved.cfg',
          path.join('site', 'deep', 'dump.axdebug.txt'),
        ],
      );
      assert.strictEqual(
        findings.ran.stderr,
        'balancer-lens: checked 4 files (1 device): 2 errors, 8 warnings, 2 hints.\n',
      );
      assert.strictEqual(findings.ran.status, 1);
    });

    it('names files relative to the working folder, wherever the folder checked is', () => {
      const findings = checkJson(
        [path.join(project.root, 'site')],
        path.join(project.root, 'captures'),
      );
      assert.ok(
        findings.every((f) => f.file === path.join('..', 'site', 'deep', 'dump.axdebug.txt')),
      );
    });

    it('reads a file named on the command line by its content, whatever its name', () => {
      const findings = project.check('script.sh', 'notes.txt');
      assert.deepStrictEqual([...new Set(findings.map((f) => f.file))], ['script.sh']);
      assert.strictEqual(
        findings.ran.stderr,
        'balancer-lens: skipped notes.txt: neither a balancer configuration nor a capture (by its name or first line).\n' +
          'balancer-lens: checked 1 file: 4 warnings.\n',
      );
    });

    it('exits with 2 when it checked nothing but files that are neither kind (a wrong path in a CI job)', () => {
      const ran = project.run('check', 'notes.txt');
      assert.deepStrictEqual(
        [ran.status, ran.stderr],
        [
          2,
          'balancer-lens: skipped notes.txt: neither a balancer configuration nor a capture (by its name or first line).\n' +
            'balancer-lens: checked 0 files: no findings.\n',
        ],
      );
    });

    it('checks a file once, however often it is named or found', () => {
      const findings = project.check('box.a10.cfg', '.', './box.a10.cfg');
      assert.strictEqual(findings.filter((f) => f.file === 'box.a10.cfg').length, 2);
    });

    it('leaves out what --ignore names: a name anywhere, a path from the working folder, folders only with a slash', () => {
      const files = (...ignore: string[]): string[] => [
        ...new Set(
          project.check('.', ...ignore.flatMap((p) => ['--ignore', p])).map((f) => f.file),
        ),
      ];
      assert.deepStrictEqual(files('*.txt'), ['box.a10.cfg', 'saved.cfg']);
      assert.deepStrictEqual(files('site/deep', 'captures/'), ['box.a10.cfg', 'saved.cfg']);
      assert.deepStrictEqual(files('**/dump.*', 'box.a10.cfg/'), [
        'box.a10.cfg',
        path.join('captures', 'session.txt'),
        'saved.cfg',
      ]);
    });
  });

  it('joins the configurations into one workspace, as the editor does: a name defined in another file resolves', () => {
    const project = new Project();
    try {
      project.write(
        'vips.a10.cfg',
        [
          'slb service-group web tcp',
          '!',
          'slb virtual-server vip1 203.0.113.1',
          '   port 80 tcp',
          '      service-group web',
          '   port 500 udp',
          '      service-group vpn_udp',
          '',
        ].join('\n'),
      );
      project.write(
        'groups/vpn.a10.cfg',
        'slb server s1 10.0.0.1\n   port 500 udp\n!\nslb service-group vpn_udp udp\n   member s1:500\n',
      );
      // Alone, the VIP's file uses a group it does not define ...
      assert.deepStrictEqual(briefly(project.check('vips.a10.cfg')), [
        'vips.a10.cfg:7 lbconf/undefined-reference',
      ]);
      // ... checked with the folder that defines it, nothing is missing, and nothing unused.
      assert.deepStrictEqual(briefly(project.check('.')), []);
      assert.deepStrictEqual(briefly(project.check('vips.a10.cfg', 'groups')), []);
    } finally {
      project.remove();
    }
  });
});
