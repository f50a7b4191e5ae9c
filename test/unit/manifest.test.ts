// What package.json and the language configurations promise: files recognised by their first
// line (without taking ordinary text), and words that keep addresses and VIP names whole.
import * as assert from 'assert';
import * as fs from 'fs';
import { visit } from 'jsonc-parser';
import * as path from 'path';
import { captureRules, configRules } from '../../server/src/service';
import { fixture, repoRoot } from './support';

interface Language {
  id: string;
  firstLine: string;
  configuration: string;
  filenamePatterns?: string[];
}
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  capabilities: { untrustedWorkspaces: { supported: boolean } };
  contributes: {
    languages: Language[];
    configuration: { properties: Record<string, RulesSetting> };
  };
};

/** The schema of `balancerLens.rules`. */
interface RulesSetting {
  additionalProperties: boolean;
  properties: Record<string, { enum: string[]; markdownDescription: string }>;
}
/** The English of the manifest's texts (package.json names them `%key%`, package.nls.json holds them). */
const english = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'),
) as Record<string, string>;
/** A manifest text as VS Code shows it in English: `%key%` looked up in package.nls.json. */
const inEnglish = (text: string): string | undefined =>
  /^%(.+)%$/.test(text) ? english[text.slice(1, -1)] : text;
const language = (id: string): Language => manifest.contributes.languages.find((l) => l.id === id)!;

/** The words VS Code finds in a line with a language's wordPattern. */
function wordsOf(id: string, line: string): string[] {
  const configuration = JSON.parse(
    fs.readFileSync(path.join(repoRoot, language(id).configuration), 'utf8'),
  ) as { wordPattern: string };
  return [...line.matchAll(new RegExp(configuration.wordPattern, 'g'))].map((m) => m[0]);
}

/** The language whose first-line pattern matches, if any. */
function byFirstLine(line: string): string | undefined {
  return manifest.contributes.languages.find((l) => new RegExp(l.firstLine).test(line))?.id;
}

describe('Manifest and language configuration', () => {
  it('recognises the seed files and running-configs by their first line', () => {
    assert.strictEqual(
      byFirstLine(fixture('seed/capture-before-fix.axdebug.txt').split('\n')[0]),
      'balancer-capture',
    );
    assert.strictEqual(byFirstLine('AX3200-Active#axdebug'), 'balancer-capture');
    assert.strictEqual(
      byFirstLine(fixture('seed/vip-before-fix.summary.txt').split('\n')[0]),
      'balancer-config',
    );
    assert.strictEqual(
      byFirstLine(fixture('config/acos2-wildcard.a10.cfg').split('\n')[0]),
      'balancer-config',
    );
    assert.strictEqual(
      byFirstLine('!version 2.6.1-GR1-P5, build 64 (Jan-20-2012,09:43)'),
      'balancer-config',
    );
    assert.strictEqual(byFirstLine('slb server GW_IP 10.2.2.254'), 'balancer-config');
  });

  it('leaves ordinary text, logs and other configurations alone', () => {
    for (const line of [
      'Meeting notes, 25 March',
      '2026-11-27 04:09:45 INFO started',
      '[section]',
      'interface GigabitEthernet0/1',
      '! a comment in some other config',
      '@channel please read',
      'ip route 0.0.0.0 0.0.0.0 10.0.0.1',
    ]) {
      assert.strictEqual(byFirstLine(line), undefined, line);
    }
  });

  it('keeps IP addresses, masked addresses and summary VIP names whole as words', () => {
    assert.deepStrictEqual(wordsOf('balancer-config', 'vip_210.21.*.*(A) 210.21.*.*'), [
      'vip_210.21.*.*',
      'A',
      '210.21.*.*',
    ]);
    assert.deepStrictEqual(wordsOf('balancer-config', '    member GW_IP:0'), [
      'member',
      'GW_IP',
      '0',
    ]);
    assert.deepStrictEqual(wordsOf('balancer-config', 'member:vpn_udp 0/others'), [
      'member',
      'vpn_udp',
      '0',
      'others',
    ]);
    assert.deepStrictEqual(
      wordsOf('balancer-capture', '@1777390 o( 1, 0, c301)> ip 210.21.*.*> 10.1.1.254 icmp'),
      ['1777390', 'o', '1', '0', 'c301', 'ip', '210.21.*.*', '10.1.1.254', 'icmp'],
    );
  });

  it('lists every rule of both catalogues in balancerLens.rules, with its summary and default, and no other code', () => {
    // VS Code checks settings.json against this schema: a misspelt code or severity is underlined
    // where it is typed, and the codes complete.
    const rules = manifest.contributes.configuration.properties['balancerLens.rules'];
    const catalogue = [...Object.values(configRules), ...Object.values(captureRules)];
    assert.deepStrictEqual(
      Object.keys(rules.properties),
      catalogue.map((rule) => rule.code),
    );
    for (const rule of catalogue) {
      assert.deepStrictEqual(rules.properties[rule.code].enum, [
        'off',
        'hint',
        'information',
        'warning',
        'error',
      ]);
      assert.strictEqual(
        inEnglish(rules.properties[rule.code].markdownDescription),
        `${rule.summary} Default: \`${rule.severity}\`.`,
      );
    }
    assert.strictEqual(rules.additionalProperties, false);
  });

  it('holds no key twice in one object (JSON.parse keeps the last, and a merged menu loses its first half)', () => {
    const twice: string[] = [];
    const keys: Set<string>[] = [];
    visit(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'), {
      onObjectBegin: () => void keys.push(new Set()),
      onObjectEnd: () => void keys.pop(),
      onObjectProperty: (name, offset) => {
        const seen = keys[keys.length - 1];
        if (seen.has(name)) twice.push(`${name} at ${offset}`);
        seen.add(name);
      },
    });
    assert.deepStrictEqual(twice, []);
  });

  it('declares honest workspace trust and a VS Code no newer than 1.100', () => {
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.strictEqual(manifest.engines.vscode, '^1.100.0');
  });
});

describe('A fresh npm install', () => {
  it('says for every dependency with an install script whether it may run it (npm 11 warns about each one it was not told of)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const { allowScripts = {} } = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
    ) as { allowScripts?: Record<string, boolean> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    assert.ok(withScripts.length > 0, 'the lock file names packages with install scripts');
    assert.deepStrictEqual(
      withScripts.filter((name) => !(name in allowScripts)),
      [],
    );
  });
});
