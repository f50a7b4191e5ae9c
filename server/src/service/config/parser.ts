// Reads balancer configuration text into a ConfigDocument. It never throws: whatever it does
// not understand it keeps as plain lines, so every feature can still work on the rest.
import { splitLines, wordsOf } from '../text';
import type { ConfigBlock, ConfigDocument, ConfigLine, VirtualServerBlock, Vport } from './ast';

/** `vip_210.21.*.*(A) 210.21.*.*`: a name, a one-letter state in parentheses, an address. */
const SUMMARY_HEAD = /^(\S+?)\(([A-Za-z])\)(?:\s|$)/;

/** Parses a configuration document in the running-config or summary form (or both mixed). */
export function parseConfig(text: string): ConfigDocument {
  const lines = splitLines(text).map(toConfigLine);
  const blocks: ConfigBlock[] = [];
  const virtualServers: VirtualServerBlock[] = [];

  let block: { head: ConfigLine; children: ConfigLine[] } | undefined;
  let summary: { head: ConfigLine; lines: ConfigLine[] } | undefined;

  const closeBlock = (): void => {
    if (block) {
      blocks.push(block);
      const vip = cliVirtualServer(block);
      if (vip) virtualServers.push(vip);
      block = undefined;
    }
  };
  const closeSummary = (): void => {
    if (summary) {
      virtualServers.push(summaryVirtualServer(summary.head, summary.lines));
      summary = undefined;
    }
  };

  for (const line of lines) {
    const first = line.words[0]?.text;
    if (first === undefined) {
      // A `!` line at column 0 closes a block; blank lines and indented comments do not.
      if (line.indentText === '' && line.text.startsWith('!')) {
        closeBlock();
        closeSummary();
      }
      continue;
    }
    if (summary && isSummaryChild(line)) {
      summary.lines.push(line);
      continue;
    }
    if (line.indentText !== '') {
      if (block) block.children.push(line);
      continue;
    }
    closeBlock();
    closeSummary();
    if (SUMMARY_HEAD.test(line.text)) {
      summary = { head: line, lines: [] };
    } else {
      block = { head: line, children: [] };
    }
  }
  closeBlock();
  closeSummary();
  return { lines, blocks, virtualServers };
}

function toConfigLine(line: { line: number; start: number; end: number; text: string }): ConfigLine {
  const indentText = /^[ \t]*/.exec(line.text)![0];
  const bang = line.text.indexOf('!');
  const code = bang < 0 ? line.text : line.text.slice(0, bang);
  return { ...line, indentText, words: wordsOf(code, line.start) };
}

/** In the summary form, a VIP is followed by `port N TYPE` lines and `member:...` lines. */
function isSummaryChild(line: ConfigLine): boolean {
  const first = line.words[0].text;
  return (first === 'port' && /^\d+$/.test(line.words[1]?.text ?? '')) || first.startsWith('member:');
}

function cliVirtualServer(block: ConfigBlock): VirtualServerBlock | undefined {
  const [slb, kind, name, address] = block.head.words;
  if (slb?.text !== 'slb' || kind?.text !== 'virtual-server' || name === undefined) return undefined;
  const vports: Vport[] = [];
  let current: { line: ConfigLine; children: ConfigLine[] } | undefined;
  const vportIndent = block.children.reduce((least, c) => Math.min(least, c.indentText.length), Infinity);
  for (const line of block.children) {
    if (line.indentText.length <= vportIndent) {
      if (current) vports.push(toVport(current.line, current.children));
      current = isPortLine(line) ? { line, children: [] } : undefined;
    } else if (current) {
      current.children.push(line);
    }
  }
  if (current) vports.push(toVport(current.line, current.children));
  return { form: 'cli', head: block.head, name, address, vports };
}

function summaryVirtualServer(head: ConfigLine, lines: readonly ConfigLine[]): VirtualServerBlock {
  const match = SUMMARY_HEAD.exec(head.text)!;
  const headWord = head.words[0];
  const name = { text: match[1], start: headWord.start, end: headWord.start + match[1].length };
  const vports: Vport[] = [];
  let current: { line: ConfigLine; children: ConfigLine[] } | undefined;
  for (const line of lines) {
    if (isPortLine(line)) {
      if (current) vports.push(toVport(current.line, current.children));
      current = { line, children: [] };
    } else if (current) {
      current.children.push(line);
    }
  }
  if (current) vports.push(toVport(current.line, current.children));
  return { form: 'summary', head, name, address: head.words[1], vports };
}

function isPortLine(line: ConfigLine): boolean {
  return line.words[0]?.text === 'port' && /^\d+$/.test(line.words[1]?.text ?? '');
}

function toVport(line: ConfigLine, children: ConfigLine[]): Vport {
  return { line, port: line.words[1], type: line.words[2], children };
}
