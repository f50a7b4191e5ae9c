// `check --format json` and `check --format sarif`: the same findings for machines. JSON is an
// array of plain findings; SARIF 2.1.0 is what code scanning reads (GitHub's upload-sarif), valid
// against the official schema, with every rule of both catalogues and its page.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { captureRules, configRules } from '../../server/src/service';
import {
  balancerLens,
  checkJson,
  CONFIG_WITH_AN_ERROR,
  fixtures,
  manifest,
  Project,
  repoRoot,
} from './support';

/** The SARIF 2.1.0 schema (JSON Schema draft-04), as @microsoft/jest-sarif ships it. */
const SARIF_SCHEMA_FILE = path.join(
  repoRoot,
  'node_modules',
  '@microsoft',
  'jest-sarif',
  'lib',
  'schemas',
  'sarif-2.1.0-rtm.5.json',
);

/** Validates a SARIF log against the schema; answers the schema's complaints (none when valid). */
function sarifErrors(log: unknown): string[] {
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only the u flag refuses.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as object);
  return validate(log)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: {
          id: string;
          helpUri: string;
          shortDescription: { text: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
      relatedLocations?: {
        message: { text: string };
        physicalLocation: { artifactLocation: { uri: string } };
      }[];
    }[];
  }[];
}

/** Runs `check --format sarif ARGS...`: its log and exit status. */
function sarif(args: string[], cwd = fixtures): { log: SarifLog; status: number | null } {
  const ran = balancerLens(['check', '--format', 'sarif', ...args], cwd);
  return { log: JSON.parse(ran.stdout) as SarifLog, status: ran.status };
}

/** SARIF's level for a severity: it has no information or hint, both are notes. */
const LEVELS: Record<string, string> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

describe('check --format json', () => {
  it('prints an array of {file, line, column, endLine, endColumn, severity, code, message, docUrl}', () => {
    const findings = checkJson(['seed/vip-before-fix.summary.txt']);
    assert.deepStrictEqual(findings.slice(), [
      {
        file: 'seed/vip-before-fix.summary.txt',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 15,
        severity: 'warning',
        code: 'lbconf/missing-others-vport',
        message:
          'Virtual server vip_210.21.*.* forwards `port 0 tcp` and `port 0 udp` but has no `port 0 others`: ESP, AH, GRE and ICMP through the balancer are neither translated nor accepted. An IPsec tunnel comes up (IKE runs over UDP) but carries no data, and the firewalls tear it down and rebuild it forever. Add a `port 0 others` vport.',
        docUrl:
          'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/lbconf-missing-others-vport.md',
      },
    ]);
  });

  it("links every finding to its rule's page in docs/rules/", () => {
    const findings = checkJson(['seed', 'config/problems.a10.cfg']);
    assert.ok(findings.length > 40);
    for (const finding of findings) {
      const page = finding.docUrl.replace(
        'https://github.com/balancer-lens/balancer-lens/blob/main/',
        '',
      );
      assert.ok(fs.existsSync(path.join(repoRoot, page)), `${finding.code}: ${page}`);
    }
  });

  it('prints an empty array when there is nothing to say', () => {
    const findings = checkJson(['seed/vip-after-fix.summary.txt']);
    assert.deepStrictEqual([findings.slice(), findings.ran.stdout], [[], '[]\n']);
  });
});

describe('check --format sarif', () => {
  it('is valid SARIF 2.1.0, for the seed, a configuration full of mistakes, and nothing found', () => {
    for (const args of [
      ['seed'],
      ['config/problems.a10.cfg'],
      ['seed/vip-after-fix.summary.txt'],
    ]) {
      assert.deepStrictEqual(sarifErrors(sarif(args).log), [], args.join(' '));
    }
    // The schema is strict enough to matter: a 0-based line, as LSP counts, would be refused.
    const { log } = sarif(['seed']);
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.deepStrictEqual(sarifErrors(log), [
      '/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1',
    ]);
  });

  it('describes the tool with every rule of both catalogues, its page and its default level', () => {
    const { version, runs } = sarif(['seed']).log;
    assert.strictEqual(version, '2.1.0');
    const { driver } = runs[0].tool;
    assert.deepStrictEqual(
      [driver.name, driver.version, driver.informationUri],
      ['balancer-lens', manifest.version, 'https://github.com/balancer-lens/balancer-lens#readme'],
    );
    const catalogue = [...Object.values(configRules), ...Object.values(captureRules)];
    assert.deepStrictEqual(
      driver.rules.map((r) => [
        r.id,
        r.helpUri,
        r.shortDescription.text,
        r.defaultConfiguration.level,
      ]),
      catalogue.map((rule) => [
        rule.code,
        `https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/${rule.code.replace('/', '-')}.md`,
        rule.summary,
        LEVELS[rule.severity],
      ]),
    );
  });

  it('gives each finding its rule, level, message and place: a path relative to the working folder (%SRCROOT%)', () => {
    const { log, status } = sarif(['seed']);
    const { results, originalUriBaseIds, tool } = log.runs[0];
    const json = checkJson(['seed']);
    assert.strictEqual(results.length, json.length);
    results.forEach((result, i) => {
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.deepStrictEqual(
        [result.ruleId, tool.driver.rules[result.ruleIndex].id, result.level, result.message.text],
        [json[i].code, json[i].code, LEVELS[json[i].severity], json[i].message],
      );
      assert.deepStrictEqual(artifactLocation, { uri: json[i].file, uriBaseId: '%SRCROOT%' });
      assert.deepStrictEqual(region, {
        startLine: json[i].line,
        startColumn: json[i].column,
        endLine: json[i].endLine,
        endColumn: json[i].endColumn,
      });
    });
    assert.strictEqual(originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(fixtures).href + '/');
    assert.strictEqual(status, 0);
  });

  it('keeps the related places of a finding, and escapes file names into URIs', () => {
    const project = new Project();
    try {
      project.write(
        'my box.a10.cfg',
        'ip nat pool P1 192.0.2.10 192.0.2.20 netmask /24\nip nat pool P2 192.0.2.15 192.0.2.16 netmask /24\n',
      );
      project.write('other/x.a10.cfg', CONFIG_WITH_AN_ERROR);
      const { log, status } = sarif(['.'], project.root);
      assert.deepStrictEqual(sarifErrors(log), []);
      const uris = log.runs[0].results.map(
        (r) => r.locations[0].physicalLocation.artifactLocation.uri,
      );
      assert.ok(
        uris.includes('my%20box.a10.cfg') && uris.includes('other/x.a10.cfg'),
        uris.join(', '),
      );
      const overlap = log.runs[0].results.find((r) => r.ruleId === 'lbconf/nat-pool-overlap');
      assert.ok(overlap?.relatedLocations?.length, 'the overlap points at the other pool');
      assert.strictEqual(
        overlap.relatedLocations[0].physicalLocation.artifactLocation.uri,
        'my%20box.a10.cfg',
      );
      assert.strictEqual(status, 1);
    } finally {
      project.remove();
    }
  });

  it('names a file outside the working folder by its absolute file: URI, which code scanning can place', () => {
    const project = new Project();
    try {
      const file = project.write('box.a10.cfg', CONFIG_WITH_AN_ERROR);
      const { log } = sarif([file], path.join(fixtures, 'seed'));
      assert.deepStrictEqual(sarifErrors(log), []);
      const locations = log.runs[0].results.map(
        (r) => r.locations[0].physicalLocation.artifactLocation,
      );
      assert.ok(locations.length > 0);
      for (const location of locations)
        assert.deepStrictEqual(location, { uri: pathToFileURL(file).href });
    } finally {
      project.remove();
    }
  });
});
