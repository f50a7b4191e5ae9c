// The editor's settings and silencing comments apply on the command line too, so that the editor
// and CI agree: `.balancer-lens.json` ({"rules": ..., "ignore": ...}) or VS Code's
// `.vscode/settings.json` ("balancerLens.rules"), from the nearest folder that has one;
// `--config FILE` instead of looking; `! balancer-lens-disable-next-line CODE` above a line.
import * as assert from 'assert';
import * as path from 'path';
import { briefly, CONFIG_WITH_AN_ERROR, hasStackTrace, Project } from './support';

/** A configuration with a hint (a spare server) and an error (an address ACOS refuses). */
const CONFIG = CONFIG_WITH_AN_ERROR;

/** `code severity` of each finding. */
function severities(findings: readonly { code: string; severity: string }[]): string[] {
  return findings.map((f) => `${f.code} ${f.severity}`);
}

describe("check with the project's settings", () => {
  let project: Project;
  beforeEach(() => {
    project = new Project();
  });
  afterEach(() => project.remove());

  it('applies no settings when there is no settings file: every rule at its default', () => {
    project.write('box.a10.cfg', CONFIG);
    assert.deepStrictEqual(severities(project.check('.')), [
      'lbconf/unused-definition hint',
      'lbconf/malformed-address error',
    ]);
  });

  it('.balancer-lens.json turns a rule off and changes the severity of another, and so the exit status', () => {
    project.write('box.a10.cfg', CONFIG);
    project.write(
      '.balancer-lens.json',
      JSON.stringify({
        rules: { 'lbconf/unused-definition': 'off', 'lbconf/malformed-address': 'warning' },
      }),
    );
    const findings = project.check('.');
    assert.deepStrictEqual(severities(findings), ['lbconf/malformed-address warning']);
    assert.strictEqual(findings.ran.status, 0, 'no error is left');
  });

  it('is read from the folder of each file or the nearest parent that has one: the nearest decides', () => {
    project.write('.balancer-lens.json', '{ "rules": { "lbconf/unused-definition": "off" } }');
    project.write('site-a/box.a10.cfg', CONFIG);
    project.write('site-b/box.a10.cfg', CONFIG);
    project.write(
      'site-b/.balancer-lens.json',
      '{ "rules": { "lbconf/malformed-address": "off" } }',
    );
    const findings = project.check('.');
    assert.deepStrictEqual(briefly(findings), [
      `${path.join('site-a', 'box.a10.cfg')}:1 lbconf/malformed-address`,
      `${path.join('site-b', 'box.a10.cfg')}:1 lbconf/unused-definition`,
    ]);
    // Checking from inside a folder, or one file by name, finds the same settings.
    assert.deepStrictEqual(severities(project.check(path.join('site-a', 'box.a10.cfg'))), [
      'lbconf/malformed-address error',
    ]);
  });

  it("reads VS Code's .vscode/settings.json (comments and trailing commas allowed) as the editor does", () => {
    project.write('box.a10.cfg', CONFIG);
    project.write(
      '.vscode/settings.json',
      '{\n  // the team\'s editor settings\n  "editor.tabSize": 3,\n  "balancerLens.rules": { "lbconf/unused-definition": "off", },\n}\n',
    );
    assert.deepStrictEqual(severities(project.check('.')), ['lbconf/malformed-address error']);
  });

  it('applies both files of a folder, .balancer-lens.json winning rule by rule', () => {
    project.write('box.a10.cfg', CONFIG);
    project.write(
      '.vscode/settings.json',
      '{ "balancerLens.rules": { "lbconf/unused-definition": "off", "lbconf/malformed-address": "information" } }',
    );
    project.write('.balancer-lens.json', '{ "rules": { "lbconf/malformed-address": "warning" } }');
    assert.deepStrictEqual(severities(project.check('.')), ['lbconf/malformed-address warning']);
  });

  it('--config FILE applies one file everywhere instead of looking (either form)', () => {
    project.write('box.a10.cfg', CONFIG);
    project.write('.balancer-lens.json', '{ "rules": { "lbconf/malformed-address": "off" } }');
    project.write('ci/strict.json', '{ "rules": { "lbconf/unused-definition": "error" } }');
    project.write(
      'ci/settings.json',
      '{ "balancerLens.rules": { "lbconf/unused-definition": "off" } }',
    );
    assert.deepStrictEqual(severities(project.check('.', '--config', 'ci/strict.json')), [
      'lbconf/unused-definition error',
      'lbconf/malformed-address error',
    ]);
    assert.deepStrictEqual(severities(project.check('.', '--config=ci/settings.json')), [
      'lbconf/malformed-address error',
    ]);
  });

  it('honours the silencing comment above a line, for the codes it names', () => {
    project.write(
      'box.a10.cfg',
      [
        '! balancer-lens-disable-next-line lbconf/unused-definition',
        'slb server quiet 10.0.0.8',
        '   port 80 tcp',
        '! balancer-lens-disable-next-line lbconf/unused-definition, lbconf/malformed-address',
        'slb server web 10.0.0.300',
        '! balancer-lens-disable-next-line lbconf/unused-definition',
        'slb server spare 10.0.0.301',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(briefly(project.check('.')), ['box.a10.cfg:7 lbconf/malformed-address']);
  });

  it('leaves out the files and folders its "ignore" list names, relative to its folder', () => {
    project.write('.balancer-lens.json', '{ "ignore": ["archive/", "lab/*.old.cfg"] }');
    project.write('box.a10.cfg', CONFIG);
    project.write('archive/box.a10.cfg', CONFIG);
    project.write('lab/box.old.cfg', `!Current configuration\n${CONFIG}`);
    project.write('lab/box.a10.cfg', CONFIG);
    assert.deepStrictEqual(
      [...new Set(project.check('.').map((f) => f.file))],
      ['box.a10.cfg', path.join('lab', 'box.a10.cfg')],
    );
    // A file named on the command line is checked all the same.
    assert.strictEqual(project.check(path.join('archive', 'box.a10.cfg')).length, 2);
  });

  it('names a rule no catalogue has, and goes on', () => {
    project.write('box.a10.cfg', CONFIG);
    project.write('.balancer-lens.json', '{ "rules": { "lbconf/unused-defintion": "off" } }');
    const findings = project.check('.');
    assert.strictEqual(findings.length, 2);
    assert.strictEqual(
      findings.ran.stderr.split('\n')[0],
      `balancer-lens: ${path.join(project.root, '.balancer-lens.json')}: "rules": there is no rule "lbconf/unused-defintion"; it is left as it is.`,
    );
  });

  it('stops with exit 2 and says why when a settings file cannot be used', () => {
    project.write('box.a10.cfg', CONFIG);
    const settings = path.join(project.root, '.balancer-lens.json');
    const cases: [string, string][] = [
      [
        '{ "rules": { "lbconf/unused-definition": "loud" } }',
        `${settings}: "rules": "lbconf/unused-definition" is set to "loud"; use one of off, hint, information, warning, error.`,
      ],
      [
        '{ "rules": {\n  "lbconf/unused-definition" "off" } }',
        `${settings}:2:30: not valid JSON (ColonExpected).`,
      ],
      [
        '{ "rules": ["lbconf/unused-definition"] }',
        `${settings}: "rules" must be an object of rule codes and severities.`,
      ],
      [
        '{ "ignore": "archive/" }',
        `${settings}: "ignore" must be a list of patterns ("archive/", "*.old.cfg").`,
      ],
      ['[]', `${settings}: the settings must be a JSON object.`],
    ];
    for (const [text, message] of cases) {
      project.write('.balancer-lens.json', text);
      const { status, stdout, stderr } = project.run('check', '.');
      assert.deepStrictEqual(
        [status, stdout, stderr],
        [2, '', `balancer-lens: ${message}\n`],
        text,
      );
    }
    const missing = project.run('check', '.', '--config', 'nowhere.json');
    assert.deepStrictEqual(
      [missing.status, missing.stderr],
      [
        2,
        `balancer-lens: cannot read the settings file ${path.join(project.root, 'nowhere.json')}: no such file.\n`,
      ],
    );
    assert.ok(!hasStackTrace(missing.stderr));
  });
});
