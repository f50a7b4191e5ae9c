// The parser finds line ends natively and reads words with a fast path for plain ASCII (the cold
// first reading of a large running-config is most of its first diagnostics' wait). Whatever the
// text, it must read exactly what the plain character-by-character reading below reads (the
// parser's until then): the same lines, offsets, indentation and words, and the same nesting.
import * as assert from 'assert';
import fc from 'fast-check';
import type { ConfigLine, ConfigNode } from '../../server/src/service/config/ast';
import { parseConfig, TERMINAL_PROMPT } from '../../server/src/service/config/parser';
import { configText, fixture, mutatedSeed } from './documents';

/** `\s` without the line ends. */
function isSpace(code: number): boolean {
  return /\s/.test(String.fromCharCode(code)) && code !== 10 && code !== 13;
}

/** The reading of lines and words, character by character (the parser's before it was made quicker). */
function plainLines(
  text: string,
): { line: number; start: number; end: number; text: string; indent: string; words: string[] }[] {
  const lines = [];
  let start = 0;
  for (;;) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    let at = start;
    while (at < end && (text[at] === ' ' || text[at] === '\t')) at++;
    // A pager's mark, and the blanks and backspaces after it: the line is indented by what follows the last backspace.
    let indentStart = start;
    const pager = /-+ *more *-+([\s\b]*)/iy;
    pager.lastIndex = at - start;
    const mark = text[at] === '-' ? pager.exec(text.slice(start, end)) : null;
    if (mark) {
      at = start + pager.lastIndex;
      indentStart = at - mark[1].length + mark[1].lastIndexOf('\b') + 1;
    }
    const indent = text.slice(indentStart, at);
    const words: string[] = [];
    while (at < end && text[at] !== '!') {
      if (isSpace(text.charCodeAt(at))) {
        at++;
        continue;
      }
      const wordStart = at;
      while (at < end && !isSpace(text.charCodeAt(at)) && text[at] !== '!') at++;
      words.push(`${text.slice(wordStart, at)}@${wordStart}-${at}`);
    }
    const first = words[0]?.replace(/@\d+-\d+$/, '') ?? '';
    const prompt = (first.includes('#') || first.includes('>')) && TERMINAL_PROMPT.test(first);
    lines.push({
      line: lines.length,
      start,
      end,
      text: text.slice(start, end),
      indent,
      words: indent === '' && prompt ? [] : words,
    });
    if (end >= text.length) break;
    start = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
  }
  return lines;
}

function readLines(text: string): ReturnType<typeof plainLines> {
  return parseConfig(text).lines.map((l: ConfigLine) => ({
    line: l.line,
    start: l.start,
    end: l.end,
    text: l.text,
    indent: l.indentText,
    words: l.words.map((w) => `${w.text}@${w.start}-${w.end}`),
  }));
}

/** Each block's lines, each under the nearest line above it in the block that is indented less. */
function plainNesting(text: string): string[] {
  const blocks: string[] = [];
  for (const block of parseConfig(text).blocks) {
    const open: { line: ConfigLine; indent: number }[] = [];
    const rows = [`${block.head.line}`];
    for (const line of block.children) {
      const indent = line.indentText.length;
      while (open.length > 0 && open[open.length - 1].indent >= indent) open.pop();
      rows.push(`${line.line}<${open.length > 0 ? open[open.length - 1].line.line : 'head'}`);
      open.push({ line, indent });
    }
    blocks.push(rows.join(' '));
  }
  return blocks;
}

function readNesting(text: string): string[] {
  return parseConfig(text).blocks.map((block) => {
    const rows = [`${block.head.line}`];
    const visit = (node: ConfigNode): void => {
      for (const child of node.children) {
        rows.push(`${child.line.line}<${node.parent ? node.line.line : 'head'}`);
        visit(child);
      }
    };
    visit(block.node);
    return rows.sort((a, b) => parseInt(a) - parseInt(b)).join(' ');
  });
}

/** Text of the characters the reading treats apart: every line end, white space of `\s` beyond ASCII, `!`, pager marks, prompts. */
const trickyText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '\n',
        '\r\n',
        '\r',
        ' ',
        '  ',
        '\t',
        '\u000b',
        '\u000c',
        '\u00a0',
        '\u1680',
        '\u2003',
        '\u2028',
        '\u202f',
        '\u3000',
        '\ufeff',
        '\u0085',
        '\u200b',
        '\b',
        '\u0000',
        '\u007f',
        '!',
        '--MORE--',
        ' -- More -- \b\b\b',
        'lb1#',
        'lb1(config)#',
        'slb server s 1.1.1.1',
        'port 0 others',
        'member s:80',
        'é',
        '\ud83d\ude00',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('Reading a configuration into lines and words (property)', function () {
  this.timeout(60_000);

  it('reads the same lines and words as the plain character-by-character reading', () => {
    fc.assert(
      fc.property(
        fc.oneof(trickyText, configText, mutatedSeed(['config/acos2-wildcard.a10.cfg'])),
        (text) => {
          assert.deepStrictEqual(readLines(text), plainLines(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('nests the same lines under the same lines', () => {
    fc.assert(
      fc.property(fc.oneof(trickyText, configText), (text) => {
        assert.deepStrictEqual(readNesting(text), plainNesting(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a real running-config as the plain reading does, in every line-end style', () => {
    const text = fixture('config/real-acos4-adc.a10.cfg');
    for (const end of ['\n', '\r\n', '\r']) {
      const styled = text.replace(/\r\n|\r|\n/g, end);
      assert.deepStrictEqual(readLines(styled), plainLines(styled));
      assert.deepStrictEqual(readNesting(styled), plainNesting(styled));
    }
  });
});
