// Whole-document findings against golden files: real running-configs (ACOS 2.6, 2.7 and 4) get
// no warning and no error at all, and a file with one of each mistake gets exactly the findings
// written in test/fixtures/config/golden/. BALANCER_LENS_UPDATE_GOLDEN=1 rewrites the golden files
// from the current output (review the diff before committing it).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { configDocument, diagnosticsOf, fixture, repoRoot } from '../support';
import { finding } from './support';

/** Real running-configs as the box prints them, and the fixed files of the missing-others tests. */
const VALID = [
  'config/real-acos2-llb.a10.cfg',
  'config/real-acos26-ha.a10.cfg',
  'config/real-acos4-adc.a10.cfg',
  'config/acos2-wildcard.fixed.a10.cfg',
  'config/acos4-inbound.fixed.a10.cfg',
];

function golden(name: string, actual: string): void {
  const file = path.join(
    repoRoot,
    'test',
    'fixtures',
    'config',
    'golden',
    `${path.basename(name)}.diagnostics.txt`,
  );
  if (process.env.BALANCER_LENS_UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  assert.strictEqual(
    actual,
    fs.readFileSync(file, 'utf8'),
    `${name} differs from ${path.relative(repoRoot, file)}`,
  );
}

describe('Whole running-configs (golden files)', () => {
  for (const name of VALID) {
    it(`${name}: no warning and no error, and exactly the golden findings`, () => {
      const diagnostics = diagnosticsOf(
        configDocument(fixture(name), `file:///ws/${path.basename(name)}`),
      );
      const loud = diagnostics.filter(
        (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning,
      );
      assert.deepStrictEqual(loud.map(finding), []);
      golden(name, diagnostics.map((d) => `${finding(d)}\n`).join(''));
    });
  }

  it('the real configurations are whole running-configs: their objects are defined and used, not merely quiet', () => {
    for (const name of VALID.slice(0, 3)) {
      const text = fixture(name);
      assert.match(text, /^!Current configuration/, name);
      assert.match(text, /\nend\n/, name);
      for (const block of [
        'slb server',
        'slb service-group',
        'slb virtual-server',
        'ip nat pool',
        'health monitor',
        'interface',
        'ip route',
      ]) {
        assert.ok(text.includes(`\n${block} `), `${name} has no ${block}`);
      }
    }
  });

  it('problems.a10.cfg: one of each mistake, each reported once, in the golden file', () => {
    const name = 'config/problems.a10.cfg';
    golden(
      name,
      diagnosticsOf(configDocument(fixture(name), 'file:///ws/problems.a10.cfg'))
        .map((d) => `${finding(d)}\n`)
        .join(''),
    );
  });
});
