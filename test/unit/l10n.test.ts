// The extension in Simplified Chinese (VS Code's display language zh-cn): every text of the
// manifest and every message of the client has a Chinese version beside its English, and the
// code, names and placeholders in a text stay as they are.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import * as ts from 'typescript';
import { captureRules, configRules, localeOf, useLocale } from '../../server/src/service';
import { icmpMeaning, icmpName } from '../../server/src/service/capture/features/describe';
import { RULE_DOCS_BASE } from '../../server/src/service/rules';
import { configDocument, diagnosticsOf, repoRoot } from './support';

const readJson = <T>(relative: string): T =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8')) as T;

/** Texts that are names, the same in every language. */
const NAMES = new Set(['Balancer Lens']);

/** The `code` spans of a Markdown text, sorted: a translation keeps them as they are. */
const codeSpans = (text: string): string[] =>
  [...text.matchAll(/`[^`]+`/g)].map((m) => m[0]).sort();

/** Whether a text holds a Chinese character. */
const hasChinese = (text: string): boolean => /\p{Script=Han}/u.test(text);

/** The messages the official exporter (`npm run l10n:export`) finds in folders or files of sources. */
function exportedMessages(...sources: string[]): string[] {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blens-l10n-'));
  try {
    const cli = require.resolve('@vscode/l10n-dev/dist/cli.js');
    const ran = spawnSync(process.execPath, [cli, 'export', '--outDir', outDir, ...sources], {
      encoding: 'utf8',
    });
    assert.strictEqual(ran.status, 0, ran.stderr);
    return Object.keys(
      JSON.parse(fs.readFileSync(path.join(outDir, 'bundle.l10n.json'), 'utf8')) as object,
    );
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

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

  /** The sources the flow diagram's page script is bundled from (esbuild, as esbuild.mjs builds it) that say something through l10n.t. */
  function pageSources(): string[] {
    const built = esbuild.buildSync({
      entryPoints: [path.join(repoRoot, 'media', 'src', 'diagram.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      metafile: true,
      absWorkingDir: repoRoot,
      logLevel: 'silent',
    });
    return Object.keys(built.metafile.inputs)
      .filter((input) => !input.includes('node_modules'))
      .map((input) => path.resolve(repoRoot, input))
      .filter((file) => /\bl10n\.t\b/.test(fs.readFileSync(file, 'utf8')));
  }

  it('holds what `npm run l10n:export` finds in client/src, the page script and the renderer it draws with', () => {
    const exported = exportedMessages(
      clientSources,
      path.join(repoRoot, 'media', 'src'),
      path.join(repoRoot, 'server', 'src', 'service', 'diagram', 'render.ts'),
    );
    assert.deepStrictEqual(
      Object.keys(english).sort(),
      exported.sort(),
      'run `npm run l10n:export` and translate what is new',
    );
    assert.ok(exported.length >= 20, `only ${exported.length} messages found`);
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

  it("has every message of the flow diagram's page (all it bundles) in Chinese, the renderer's as the server says them", () => {
    const sources = pageSources();
    assert.deepStrictEqual(
      sources.map((file) => path.relative(repoRoot, file)).sort(),
      ['media/src/diagram.ts', 'server/src/service/diagram/render.ts'],
      'the page says something through a module `npm run l10n:export` does not read for the client: add it there',
    );
    const server = readJson<Record<string, string>>('l10n/server/bundle.l10n.zh-cn.json');
    const page = exportedMessages(...sources);
    assert.deepStrictEqual(
      page.filter((key) => !hasChinese(chinese[key] ?? '')),
      [],
    );
    assert.deepStrictEqual(
      page.filter((key) => key in server && server[key] !== chinese[key]),
      [],
      'the page draws what the command line draws in the same words',
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

/** Server messages engineers write the same in Chinese (ICMP's own words). */
const SAME_IN_CHINESE = new Set(['code {0}', 'type {0} code {1}']);

/** Whether a message has words to translate besides its placeholders and code (`{0} {1}` has none). */
const hasWords = (text: string): boolean =>
  /\p{L}/u.test(text.replace(/`[^`]+`/g, '').replace(/\{\d+\}/g, ''));

/** The `{0}` placeholders of a message, sorted: a translation keeps every one. */
const placeholdersOf = (text: string): string =>
  [...text.matchAll(/\{\d+\}/g)]
    .map((m) => m[0])
    .sort()
    .join(' ');

/** What is wrong with the server's Chinese bundle beside its English one. */
function serverTranslationProblems(
  english: Record<string, string>,
  chinese: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    const text = chinese[key];
    if (text === undefined) {
      problems.push(`no Chinese for ${JSON.stringify(key)}`);
      continue;
    }
    // @vscode/l10n takes an empty translation for none and shows the English.
    if (text === '') problems.push(`an empty translation for ${JSON.stringify(key)}`);
    else if (hasWords(key) && !SAME_IN_CHINESE.has(key) && !hasChinese(text))
      problems.push(`not translated: ${JSON.stringify(key)}`);
    if (placeholdersOf(text) !== placeholdersOf(key))
      problems.push(`other placeholders: ${JSON.stringify(key)} -> ${JSON.stringify(text)}`);
    if (codeSpans(text).join('\n') !== codeSpans(key).join('\n'))
      problems.push(`other code: ${JSON.stringify(key)} -> ${codeSpans(text).join(' ')}`);
  }
  for (const key of Object.keys(chinese))
    if (!(key in english))
      problems.push(`Chinese for ${JSON.stringify(key)}, which has no English`);
  return problems;
}

describe("Simplified Chinese: the server's messages (l10n/server/bundle.l10n*.json)", function () {
  // The official exporter reads server/src/service (tree-sitter): slow on a busy machine.
  this.timeout(120_000);
  const serviceSources = path.join(repoRoot, 'server', 'src', 'service');
  const english = readJson<Record<string, string>>('l10n/server/bundle.l10n.json');
  const chinese = readJson<Record<string, string>>('l10n/server/bundle.l10n.zh-cn.json');

  it('holds what `npm run l10n:export` finds in server/src/service and the command line today (l10n.t of @vscode/l10n)', () => {
    const exported = exportedMessages(
      serviceSources,
      path.join(repoRoot, 'server', 'src', 'cli.ts'),
      path.join(repoRoot, 'server', 'src', 'cli'),
    );
    assert.deepStrictEqual(
      Object.keys(english).sort(),
      exported.sort(),
      'run `npm run l10n:export` and translate what is new in l10n/server/bundle.l10n.zh-cn.json',
    );
    assert.ok(exported.length >= 300, `only ${exported.length} messages found`);
  });

  it('has a Chinese message for every English one and no other, each translated, with the same {0} placeholders and code', () => {
    assert.deepStrictEqual(serverTranslationProblems(english, chinese), []);
  });

  it('finds a missing, an empty, an untranslated and a changed-placeholder message', () => {
    assert.deepStrictEqual(
      serverTranslationProblems(
        { 'line {0}': '', 'Add {0}': '', out: '', 'Ignore {0} `x`': '', 'code {0}': '' },
        {
          'line {0}': '第 {1} 行',
          out: '',
          'Ignore {0} `x`': '忽略 {0} `y`',
          'code {0}': 'code {0}',
          gone: '无',
        },
      ),
      [
        'other placeholders: "line {0}" -> "第 {1} 行"',
        'no Chinese for "Add {0}"',
        'an empty translation for "out"',
        'other code: "Ignore {0} `x`" -> `y`',
        'Chinese for "gone", which has no English',
      ],
    );
  });

  it('writes no l10n.t template with an escape, which the exporter reads wrong (its placeholders after it are lost)', () => {
    // @vscode/l10n-dev 0.0.35 keeps `${x}` in the key of a tagged template after a `\``, while
    // @vscode/l10n looks up `{1}`: such a message would never be translated. Quote it instead:
    // l10n.t('… `{0}` …', x).
    const found: string[] = [];
    const sources = fs
      .readdirSync(serviceSources, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'));
    for (const file of sources) {
      const text = fs.readFileSync(path.join(serviceSources, file), 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (
          ts.isTaggedTemplateExpression(node) &&
          node.tag.getText(source) === 'l10n.t' &&
          ts.isTemplateExpression(node.template) &&
          [node.template.head, ...node.template.templateSpans.map((s) => s.literal)].some((part) =>
            part.getText(source).includes('\\'),
          )
        )
          found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepStrictEqual(found, []);
  });
});

describe('Simplified Chinese: the service speaking it (useLocale)', () => {
  const chinese = readJson<Record<string, string>>('l10n/server/bundle.l10n.zh-cn.json');
  afterEach(() => useLocale('en'));

  it("says a finding in Chinese, linking to the rule's Chinese page, and in English again once told", () => {
    const document = configDocument(
      'slb virtual-server vip_vpn 0.0.0.0\n  port 0 udp\n    service-group sg_udp\n',
    );
    useLocale('zh-cn', chinese);
    const [zh] = diagnosticsOf(document);
    assert.deepStrictEqual(
      [zh.code, zh.message, zh.codeDescription],
      [
        'lbconf/missing-others-vport',
        '虚拟服务器 vip_vpn 转发 `port 0 udp`，但没有 `port 0 others`：经过负载均衡设备的 ESP、AH、GRE 和 ICMP 既不做地址转换也不被接收。IPsec 隧道能建立（IKE 走 UDP），却传不了数据，防火墙会不停地断开重建隧道。请添加 `port 0 others` 虚拟端口。',
        { href: `${RULE_DOCS_BASE}zh-cn/lbconf-missing-others-vport.md` },
      ],
    );
    useLocale('en');
    const [en] = diagnosticsOf(document);
    assert.deepStrictEqual(
      [en.message, en.codeDescription],
      [
        'Virtual server vip_vpn forwards `port 0 udp` but has no `port 0 others`: ESP, AH, GRE and ICMP through the balancer are neither translated nor accepted. An IPsec tunnel comes up (IKE runs over UDP) but carries no data, and the firewalls tear it down and rebuild it forever. Add a `port 0 others` vport.',
        { href: `${RULE_DOCS_BASE}lbconf-missing-others-vport.md` },
      ],
    );
  });

  it("names an ICMP message without its explanation, in Chinese too (the explanation stands in ' (...)')", () => {
    useLocale('zh-cn', chinese);
    assert.deepStrictEqual(
      [icmpName(3, 3), icmpMeaning(3, 3), icmpName(11, 0)],
      [
        '目的不可达：端口不可达',
        '目的不可达：端口不可达 (那里没有服务在监听，例如 UDP 500/4500)',
        '传输中超时',
      ],
    );
  });

  it('takes zh-cn, zh-CN, zh-Hans, zh_CN.UTF-8 and zh for Simplified Chinese, anything else for English', () => {
    assert.deepStrictEqual(
      ['zh-cn', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh_CN.UTF-8', 'zh_SG.GB2312', 'zh'].map(
        localeOf,
      ),
      ['zh-cn', 'zh-cn', 'zh-cn', 'zh-cn', 'zh-cn', 'zh-cn', 'zh-cn'],
    );
    assert.deepStrictEqual(
      ['en', 'en-US', 'C', 'POSIX', 'zh-tw', 'zh-Hant', 'zh_HK.UTF-8', 'fr', '', undefined].map(
        localeOf,
      ),
      ['en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en'],
    );
  });
});
