// The rule pages (docs/rules/, one per diagnostic code) in Simplified Chinese: every English page
// has a twin of the same file name in docs/rules/zh-cn/ (the diagnostics of the zh-cn locale link
// there), and the twin keeps what must not drift: the heading (the code), the default severity,
// every code block and code span as written, and links that lead somewhere.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { rendered } from '../markdown';
import { repoRoot } from './support';

/** The folder of the Chinese twins, inside docs/rules/. */
const TWINS = 'zh-cn';

/** A page's default severity as its English says it (`Default severity: **warning**.`). */
const englishSeverity = (text: string): string | undefined =>
  /Default severity: \*\*(\w+)\*\*\./.exec(text)?.[1];

/** A page's default severity as its Chinese says it (`默认严重级别：**warning**。`). */
const chineseSeverity = (text: string): string | undefined =>
  /默认严重级别：\*\*(\w+)\*\*。/.exec(text)?.[1];

/** Whether a text holds a Chinese character. */
const hasChinese = (text: string): boolean => /\p{Script=Han}/u.test(text);

/** The relative links of a page (no scheme, no bare `#anchor`), without their `#anchor`. */
const relativeLinks = (text: string): string[] =>
  rendered(text)
    .links.filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('#'))
    .map((link) => decodeURI(link.replace(/#.*$/, '')));

/**
 * What is wrong with the rule pages and their twins. `pages` maps a path inside docs/rules/
 * (`lbcap-one-way-esp.md`, `zh-cn/lbcap-one-way-esp.md`) to its text; `exists` answers for a
 * path relative to docs/rules/ (`../../README.md`) whether that file or folder exists.
 */
function rulePageProblems(
  pages: Map<string, string>,
  exists: (target: string) => boolean,
): string[] {
  const problems: string[] = [];
  const english = [...pages.keys()].filter((page) => !page.includes('/')).sort();
  const twins = [...pages.keys()].filter((page) => page.startsWith(`${TWINS}/`)).sort();
  for (const page of english)
    if (!pages.has(`${TWINS}/${page}`))
      problems.push(`${page} has no Chinese twin ${TWINS}/${page}`);
  for (const twin of twins)
    if (!pages.has(twin.slice(TWINS.length + 1))) problems.push(`${twin} has no English page`);

  for (const page of english) {
    const text = pages.get(page)!;
    const twinText = pages.get(`${TWINS}/${page}`);
    if (!relativeLinks(text).includes(`${TWINS}/${page}`))
      problems.push(`${page} does not link to its Chinese twin ${TWINS}/${page}`);
    if (twinText === undefined) continue;
    const twin = `${TWINS}/${page}`;
    if (!relativeLinks(twinText).includes(`../${page}`))
      problems.push(`${twin} does not link back to ../${page}`);
    const heading = text.split('\n', 1)[0];
    if (twinText.split('\n', 1)[0] !== heading)
      problems.push(`${twin} does not start with the heading ${heading}`);
    const severity = englishSeverity(text);
    if (chineseSeverity(twinText) !== severity)
      problems.push(`${twin} does not say 默认严重级别：**${severity}**。`);
    if (!hasChinese(twinText.replace(/\[中文\]|默认严重级别/g, '')))
      problems.push(`${twin} is not translated`);

    const blocks = rendered(text).codeBlocks;
    const twinBlocks = rendered(twinText).codeBlocks;
    blocks.forEach((block, index) => {
      if (twinBlocks[index] !== block)
        problems.push(`${twin} changes code block ${index + 1}:\n${block}`);
    });
    if (twinBlocks.length > blocks.length)
      problems.push(
        `${twin} has ${twinBlocks.length - blocks.length} code block(s) the English has not`,
      );

    const spans = new Set(rendered(text).codeSpans);
    const twinSpans = new Set(rendered(twinText).codeSpans);
    for (const span of spans) if (!twinSpans.has(span)) problems.push(`${twin} drops \`${span}\``);
    for (const span of twinSpans)
      if (!spans.has(span)) problems.push(`${twin} has \`${span}\`, which the English has not`);
  }

  for (const [page, text] of pages) {
    for (const link of relativeLinks(text)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(page), link));
      if (!exists(target)) problems.push(`${page} links to ${link}, which does not exist`);
      // A twin's link to another rule's page leads to that page's twin, not to the English.
      else if (
        page.startsWith(`${TWINS}/`) &&
        !target.includes('/') &&
        target !== path.posix.basename(page) &&
        pages.has(target)
      )
        problems.push(
          `${page} links to the English ${link}: link its twin ${path.posix.basename(link)}`,
        );
    }
  }
  return problems;
}

/** The pages in docs/rules/ and docs/rules/zh-cn/, by their path inside docs/rules/. */
function rulePages(rules: string): Map<string, string> {
  const pages = new Map<string, string>();
  for (const folder of ['', TWINS].filter((name) => fs.existsSync(path.join(rules, name))))
    for (const entry of fs.readdirSync(path.join(rules, folder), { withFileTypes: true }))
      if (entry.isFile() && entry.name.endsWith('.md')) {
        const page = folder === '' ? entry.name : `${folder}/${entry.name}`;
        pages.set(page, fs.readFileSync(path.join(rules, page), 'utf8'));
      }
  return pages;
}

describe('The rule pages in Simplified Chinese (docs/rules/zh-cn/)', () => {
  const rules = path.join(repoRoot, 'docs', 'rules');

  it('has a twin for every page and a page for every twin, linked both ways, keeping heading, severity, code and links', () => {
    const pages = rulePages(rules);
    const english = [...pages.keys()].filter((page) => !page.includes('/'));
    assert.ok(english.length >= 30, `only ${english.length} English pages found`);
    assert.deepStrictEqual(
      rulePageProblems(pages, (target) => fs.existsSync(path.join(rules, target))),
      [],
    );
  });

  it('finds a page without a twin, a twin without a page, an untranslated twin, changed code, a broken link and a link to the English', () => {
    const page = (code: string, severity: string, body: string): string =>
      `# ${code}\n\n[中文](zh-cn/${code.replace('/', '-')}.md)\n\n**Title.** Default severity: **${severity}**.\n\n${body}\n`;
    const twin = (code: string, severity: string, body: string): string =>
      `# ${code}\n\n[English](../${code.replace('/', '-')}.md)\n\n**标题。** 默认严重级别：**${severity}**。\n\n${body}\n`;
    const pages = new Map([
      [
        'lbconf-a.md',
        page(
          'lbconf/a',
          'error',
          'Set `port 0 others`:\n\n```\nport 0  others\n```\n\nSee [b](lbconf-b.md) and the [README](../../README.md).',
        ),
      ],
      [
        'zh-cn/lbconf-a.md',
        twin(
          'lbconf/a',
          'warning',
          '设置 `端口 0 others`：\n\n```\nport 0 others\n```\n\n参见 [b](../lbconf-b.md) 和 [README](../../README.md)。',
        ),
      ],
      ['lbconf-b.md', page('lbconf/b', 'hint', 'Nothing.')],
      ['zh-cn/lbconf-c.md', twin('lbconf/c', 'hint', '无。')],
      ['lbconf-d.md', page('lbconf/d', 'hint', 'None.')],
      [
        'zh-cn/lbconf-d.md',
        page('lbconf/d', 'hint', 'None.').replace(/Default severity: (.*)\./, '默认严重级别：$1。'),
      ],
    ]);
    // The repository's README is ../../README.md from docs/rules/, so ../../../README.md from zh-cn/.
    const exists = (target: string): boolean => pages.has(target) || target === '../../README.md';
    assert.deepStrictEqual(rulePageProblems(pages, exists), [
      'lbconf-b.md has no Chinese twin zh-cn/lbconf-b.md',
      'zh-cn/lbconf-c.md has no English page',
      'zh-cn/lbconf-a.md does not say 默认严重级别：**error**。',
      'zh-cn/lbconf-a.md changes code block 1:\n```\nport 0  others\n```',
      'zh-cn/lbconf-a.md drops `port 0 others`',
      'zh-cn/lbconf-a.md has `端口 0 others`, which the English has not',
      'zh-cn/lbconf-d.md does not link back to ../lbconf-d.md',
      'zh-cn/lbconf-d.md is not translated',
      'zh-cn/lbconf-a.md links to the English ../lbconf-b.md: link its twin lbconf-b.md',
      'zh-cn/lbconf-a.md links to ../../README.md, which does not exist',
      'lbconf-b.md links to zh-cn/lbconf-b.md, which does not exist',
      'zh-cn/lbconf-c.md links to ../lbconf-c.md, which does not exist',
      'zh-cn/lbconf-d.md links to zh-cn/lbconf-d.md, which does not exist',
    ]);
  });
});
