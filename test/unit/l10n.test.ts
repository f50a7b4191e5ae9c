// The extension in Simplified Chinese (VS Code's display language zh-cn): every text of the
// manifest and every message of the client has a Chinese version beside its English, and the
// code, names and placeholders in a text stay as they are.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureRules, configRules } from '../../server/src/service';
import { repoRoot } from './support';

const readJson = <T>(relative: string): T =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8')) as T;

/** Texts that are names, the same in every language. */
const NAMES = new Set(['Balancer Lens']);

/** The `code` spans of a Markdown text, sorted: a translation keeps them as they are. */
const codeSpans = (text: string): string[] =>
  [...text.matchAll(/`[^`]+`/g)].map((m) => m[0]).sort();

/** Whether a text holds a Chinese character. */
const hasChinese = (text: string): boolean => /\p{Script=Han}/u.test(text);

/** What is wrong with a translation table next to its English one: missing, extra, untranslated or changed code. */
function translationProblems(
  english: Record<string, string>,
  chinese: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english))
    if (!(key in chinese)) problems.push(`no Chinese for ${key}`);
  for (const key of Object.keys(chinese))
    if (!(key in english)) problems.push(`Chinese for ${key}, which has no English`);
  for (const [key, text] of Object.entries(chinese)) {
    if (!(key in english)) continue;
    if (NAMES.has(english[key])) {
      if (text !== english[key]) problems.push(`${key} is a name, written ${JSON.stringify(text)}`);
    } else if (!hasChinese(text)) {
      problems.push(`${key} is not translated: ${JSON.stringify(text)}`);
    }
    if (codeSpans(text).join('\n') !== codeSpans(english[key]).join('\n'))
      problems.push(`${key} changes its code: ${codeSpans(text).join(' ')}`);
  }
  return problems;
}

/** Every string of a JSON value, with where it is (`contributes.commands.0.title`). */
function stringsOf(value: unknown, where = ''): [string, string][] {
  if (typeof value === 'string') return [[where, value]];
  if (Array.isArray(value))
    return value.flatMap((item, index) => stringsOf(item, `${where}.${index}`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) =>
      stringsOf(item, where === '' ? key : `${where}.${key}`),
    );
  return [];
}

describe('Simplified Chinese: the manifest (package.nls.json, package.nls.zh-cn.json)', () => {
  const manifest = readJson<Record<string, unknown>>('package.json');
  const english = readJson<Record<string, string>>('package.nls.json');
  const chinese = readJson<Record<string, string>>('package.nls.zh-cn.json');
  const placeholders = stringsOf(manifest).filter(([, text]) => /^%.*%$/.test(text));

  it('names by %key% only keys of package.nls.json, in the form VS Code replaces, and every key is used', () => {
    // VS Code replaces a whole string `%key%` whose key is letters, digits, `_`, `.` and `-` (no `/`).
    assert.deepStrictEqual(
      placeholders.filter(([, text]) => !/^%[\w.-]+%$/.test(text)),
      [],
    );
    const used = new Set(placeholders.map(([, text]) => text.slice(1, -1)));
    assert.deepStrictEqual(
      [...used].filter((key) => !(key in english)),
      [],
    );
    assert.deepStrictEqual(
      Object.keys(english).filter((key) => !used.has(key)),
      [],
    );
  });

  it('says in package.nls.json, not in package.json, what the user reads: commands, settings, views, languages', () => {
    const shown =
      /(^contributes\.commands\.\d+\.(title|category)|^contributes\.configuration\.title|\.(description|markdownDescription|displayName|label)|^contributes\.languages\.\d+\.aliases\.0)$/;
    const literal = stringsOf(manifest).filter(
      ([where, text]) =>
        shown.test(where) && !/^%.*%$/.test(text) && !/^(description|displayName)$/.test(where),
    );
    assert.deepStrictEqual(literal, []);
  });

  it('has a Chinese text for every English one and no other, each translated, its code kept', () => {
    assert.deepStrictEqual(translationProblems(english, chinese), []);
  });

  it("ends each rule's Chinese description with its default severity, as the English does", () => {
    for (const rule of [...Object.values(configRules), ...Object.values(captureRules)]) {
      const key = `config.rules.${rule.code.replace('/', '.')}.markdownDescription`;
      assert.ok(chinese[key].endsWith(`默认：\`${rule.severity}\`。`), `${key}: ${chinese[key]}`);
    }
  });

  it('finds an untranslated, a missing and a changed-code text', () => {
    assert.deepStrictEqual(
      translationProblems(
        { a: 'Show Flow Diagram', b: 'Balancer Lens', c: 'Needs `port 0 others`.', d: 'Redact' },
        { a: 'Show Flow Diagram', b: 'Balancer Lens', c: '需要 `端口 0 others`。', e: '脱敏' },
      ),
      [
        'no Chinese for d',
        'Chinese for e, which has no English',
        'a is not translated: "Show Flow Diagram"',
        'c changes its code: `端口 0 others`',
      ],
    );
  });
});

describe('Simplified Chinese: the messages of the extension (l10n/bundle.l10n*.json)', function () {
  // The official exporter reads client/src (tree-sitter): slow on a busy machine.
  this.timeout(120_000);
  const clientSources = path.join(repoRoot, 'client', 'src');
  const english = readJson<Record<string, string>>('l10n/bundle.l10n.json');
  const chinese = readJson<Record<string, string>>('l10n/bundle.l10n.zh-cn.json');

  it('holds what `npm run l10n:export` finds in client/src today (vscode.l10n.t)', () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blens-l10n-'));
    try {
      const cli = require.resolve('@vscode/l10n-dev/dist/cli.js');
      const ran = spawnSync(process.execPath, [cli, 'export', '--outDir', outDir, clientSources], {
        encoding: 'utf8',
      });
      assert.strictEqual(ran.status, 0, ran.stderr);
      const exported = JSON.parse(
        fs.readFileSync(path.join(outDir, 'bundle.l10n.json'), 'utf8'),
      ) as Record<string, string>;
      assert.deepStrictEqual(
        Object.keys(english).sort(),
        Object.keys(exported).sort(),
        'run `npm run l10n:export` and translate what is new',
      );
      assert.ok(
        Object.keys(exported).length >= 20,
        `only ${Object.keys(exported).length} messages found`,
      );
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('has a Chinese message for every English one and no other, each translated with the same {0} placeholders', () => {
    assert.deepStrictEqual(translationProblems(english, chinese), []);
    const placeholdersOf = (text: string): string =>
      [...text.matchAll(/\{\d+\}/g)]
        .map((m) => m[0])
        .sort()
        .join(' ');
    assert.deepStrictEqual(
      Object.keys(english).filter(
        (key) => placeholdersOf(chinese[key] ?? '') !== placeholdersOf(key),
      ),
      [],
    );
  });

  it('shows no message, title or label in client/src that does not go through vscode.l10n.t', () => {
    const literal =
      /(show(Information|Warning|Error)Message\(\s*|\b(title|openLabel|label|placeHolder|prompt):\s*|createOutputChannel\(\s*)[`'"]/;
    const sources = fs
      .readdirSync(clientSources, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'));
    const found = sources.flatMap((file) =>
      fs
        .readFileSync(path.join(clientSources, file), 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          literal.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
        ),
    );
    assert.deepStrictEqual(found, []);
  });
});
