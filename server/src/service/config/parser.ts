// Reads balancer configuration text into a ConfigDocument. It never throws: whatever it does
// not understand it keeps as plain lines, so every feature can still work on the rest.
import { emptyListOfObjects } from '../collections';
import type { Word } from '../text';
import type {
  ConfigBlock,
  ConfigDocument,
  ConfigLine,
  ConfigNode,
  VirtualServerBlock,
  Vport,
} from './ast';

/** `vip_210.21.*.*(A) 210.21.*.*`: a name, a one-letter state in parentheses, an address. */
const SUMMARY_HEAD = /^(\S+?)\(([A-Za-z])\)(?:\s|$)/;

/** The comment lines ACOS writes at the top of a running-config (`show running-config`). */
export const RUNNING_CONFIG_HEADER =
  /^!(?:version\b|Current configuration\b|Configuration last\b|(?:\d+-bit )?Advanced Core OS\b)/;

/**
 * The header lines configuration-backup tools write above a device's configuration: RANCID's
 * `!RANCID-CONTENT-TYPE: a10` and its `!Chassis:`/`!Model:` lines, Batfish's
 * `!BATFISH_FORMAT: a10_acos`, Oxidized's `! COMMAND: show running-config`.
 */
export const BACKUP_TOOL_HEADER =
  /^! ?(?:RANCID-CONTENT-TYPE:|BATFISH_FORMAT:|COMMAND: *sh(?:ow?)? +run|Chassis type:|Model:)/i;

/**
 * A terminal prompt, as a saved session shows it before the command typed at it:
 * `lb1#`, `lb1>`, `lb1(config)#`, `lb1-Active-vMaster[1/1]#`, `ACOS-Standby#show running-config`.
 * Group 1 is the device's name as the prompt spells it.
 */
export const TERMINAL_PROMPT =
  /^([A-Za-z0-9][\w.@:/-]*?)(?:-(?:Active|Standby|ForcedStandby)(?:-vMaster|-vBlade)?(?:\[\d+\/\d+\])?)?(?:\([\w-]*\))?[#>]/;

/** A prompt at which `show running-config` (or `sh run`, `show run all-partitions`, ...) was typed. */
export const SHOW_RUNNING_CONFIG =
  /[#>]\s*sh(?:o|ow)?\s+run(?:n|ni|nin|ning|ning-|ning-c|ning-co|ning-con|ning-conf|ning-confi|ning-config)?\b/i;

/** The pager's mark a saved terminal session keeps: `--MORE--`, `--More--`, `-- More --`. */
const PAGER_MARK = /-+ *more *-+/iy;

/** Parses a configuration document in the running-config or summary form (or both mixed). */
export function parseConfig(text: string): ConfigDocument {
  const lines = configLines(text, 0, text.length, 0, true);
  return { lines, ...structure(lines) };
}

/**
 * Parses a new version of a document by reading again only the blocks around what changed (found
 * by the text both versions begin and end with), with a block of margin on each side. The lines
 * and blocks before are kept as they are; those after are kept too, their line numbers and
 * offsets moved: the previous version's objects are changed in place and must not be used any
 * more. Whenever the shortcut could differ from a full parse (the status summary form, a line
 * end split in two), it parses the whole text instead.
 */
export function reparseConfig(
  previous: ConfigDocument,
  previousText: string,
  text: string,
): ConfigDocument {
  if (previousText === text) return previous;
  if (previous.virtualServers.some((v) => v.form === 'summary')) return parseConfig(text);
  const oldLines = previous.lines;
  const { blocks } = previous;
  const prefix = commonPrefixLength(previousText, text);
  const suffix = commonSuffixLength(
    previousText,
    text,
    Math.min(previousText.length, text.length) - prefix,
  );
  const delta = text.length - previousText.length;

  // From the block before the first changed line to the block after the block of the last one.
  const firstBlock = blockIndexAt(blocks, lineIndexAt(oldLines, prefix)) - 1;
  const lastBlock = blockIndexAt(blocks, lineIndexAt(oldLines, previousText.length - suffix)) + 2;
  const startLine = firstBlock >= 0 ? blocks[firstBlock].head.line : 0;
  const toEnd = lastBlock >= blocks.length;
  const endLine = toEnd ? oldLines.length : blocks[lastBlock].head.line;
  const start = oldLines[startLine].start;
  const oldEnd = toEnd ? previousText.length : oldLines[endLine].start;
  const newEnd = toEnd ? text.length : oldEnd + delta;
  const splitsLineEnd = (at: number): boolean =>
    at > 0 && text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10;
  if (
    oldEnd < previousText.length - suffix ||
    newEnd < start ||
    splitsLineEnd(start) ||
    (!toEnd && (!isLineEnd(text.charCodeAt(newEnd - 1)) || splitsLineEnd(newEnd)))
  ) {
    return parseConfig(text);
  }

  const regionLines = configLines(text, start, newEnd, startLine, toEnd);
  const region = structure(regionLines);
  if (region.virtualServers.some((v) => v.form === 'summary')) return parseConfig(text);

  // The lines after the region keep their text: only where they are changes.
  const lineDelta = startLine + regionLines.length - endLine;
  for (let i = endLine; i < oldLines.length; i++) moveLine(oldLines[i], lineDelta, delta);

  const lines = oldLines.slice(0, startLine);
  for (const line of regionLines) lines.push(line);
  for (let i = endLine; i < oldLines.length; i++) lines.push(oldLines[i]);
  const keptBefore = firstBlock >= 0 ? blocks.slice(0, firstBlock) : [];
  const keptAfter = toEnd ? [] : blocks.slice(lastBlock);
  const newBlocks = [...keptBefore, ...region.blocks, ...keptAfter];
  const virtualServers: VirtualServerBlock[] = [];
  for (const block of newBlocks)
    if (isVirtualServerHead(block.head)) virtualServers.push(cliVirtualServer(block));
  return {
    lines,
    blocks: newBlocks,
    virtualServers,
    wholeRunningConfig: newBlocks.some(isDeviceBlock) || lines.some(isHeader),
  };
}

/** Blocks, virtual servers and headers of a run of lines that starts outside any block. */
function structure(lines: readonly ConfigLine[]): Omit<ConfigDocument, 'lines'> {
  const blocks: ConfigBlock[] = [];
  const virtualServers: VirtualServerBlock[] = [];

  // The open block's head, and its lines so far in a scratch list: a block keeps a list of just its lines.
  let head: ConfigLine | undefined;
  const children: ConfigLine[] = [];
  let count = 0;
  let summary: { head: ConfigLine; lines: ConfigLine[] } | undefined;

  let wholeRunningConfig = false;
  const closeBlock = (): void => {
    if (head) {
      const closed = toBlock(head, children.slice(0, count));
      blocks.push(closed);
      if (isDeviceBlock(closed)) wholeRunningConfig = true;
      // A VIP's head is told apart here; its vports are read apart (cliVirtualServer).
      if (isVirtualServerHead(closed.head)) virtualServers.push(cliVirtualServer(closed));
      head = undefined;
      count = 0;
    }
  };
  const closeSummary = (): void => {
    if (summary) {
      virtualServers.push(summaryVirtualServer(summary.head, summary.lines));
      summary = undefined;
    }
  };

  for (const line of lines) {
    if (line.words.length === 0) {
      if (isHeader(line)) wholeRunningConfig = true;
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
      if (head) {
        if (count < children.length) children[count] = line;
        else children.push(line);
        count++;
      }
      continue;
    }
    closeBlock();
    closeSummary();
    // A summary head's first word holds its state in parentheses: most heads have none.
    if (line.text.includes('(') && SUMMARY_HEAD.test(line.text)) {
      summary = { head: line, lines: [] };
    } else {
      head = line;
    }
  }
  closeBlock();
  closeSummary();
  return { blocks, virtualServers, wholeRunningConfig };
}

/** True for the blocks only a device's whole configuration has: its `end`, its `hostname`. */
function isDeviceBlock(block: ConfigBlock): boolean {
  const first = block.head.words[0].text;
  return (
    (first === 'end' && block.head.words.length === 1) ||
    (first === 'hostname' && block.head.words.length === 2)
  );
}

/** True for a line only a device's whole configuration has: the box's header, a backup tool's, or the prompt `show running-config` was typed at. */
function isHeader(line: ConfigLine): boolean {
  if (line.words.length !== 0) return false;
  // Not charCodeAt(0): a blank line has no first character, and optimised code reading past the end is thrown away.
  if (line.text.startsWith('!'))
    return RUNNING_CONFIG_HEADER.test(line.text) || BACKUP_TOOL_HEADER.test(line.text);
  return (
    line.indentText === '' && TERMINAL_PROMPT.test(line.text) && SHOW_RUNNING_CONFIG.test(line.text)
  );
}

function isLineEnd(code: number): boolean {
  return code === 10 || code === 13;
}

/** Moves a kept line (and its words) by a number of lines and characters. */
function moveLine(line: ConfigLine, lines: number, characters: number): void {
  const movable = line as Mutable<ConfigLine>;
  movable.line += lines;
  movable.start += characters;
  movable.end += characters;
  for (const word of line.words as Mutable<Word>[]) {
    word.start += characters;
    word.end += characters;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The index of the last line starting at or before an offset. */
function lineIndexAt(lines: readonly ConfigLine[], offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The index of the last block whose head is at or before a line; -1 before the first block. */
function blockIndexAt(blocks: readonly ConfigBlock[], line: number): number {
  let low = -1;
  let high = blocks.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (blocks[middle].head.line <= line) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** How many characters two texts begin with in common (compared in halving chunks, natively). */
function commonPrefixLength(a: string, b: string): number {
  let low = 0;
  let high = Math.min(a.length, b.length);
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (a.slice(low, middle) === b.slice(low, middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** How many characters two texts end with in common, at most `limit`. */
function commonSuffixLength(a: string, b: string, limit: number): number {
  let low = 0;
  let high = limit;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (a.slice(a.length - middle, a.length - low) === b.slice(b.length - middle, b.length - low))
      low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The children of a line with none (never pushed to: a first child replaces it). */
const LEAF: ConfigNode[] = emptyListOfObjects<ConfigNode>();

/**
 * Nests a block's lines by indentation: each line goes under the nearest line above it that is
 * indented less. ACOS 2 and ACOS 4 use different widths (3/6, 2/4, a member at 4), so only the
 * order of the widths matters, never their size.
 */
function toBlock(head: ConfigLine, children: readonly ConfigLine[]): ConfigBlock {
  const root: { line: ConfigLine; parent: undefined; children: ConfigNode[] } = {
    line: head,
    parent: undefined,
    children: LEAF,
  };
  // The open lines and their indentations, as two arrays: no object per line for the stack.
  const open: (ConfigNode & { children: ConfigNode[] })[] = [root];
  const indents: number[] = [-1];
  for (const line of children) {
    const indent = line.indentText.length;
    while (open.length > 1 && indents[indents.length - 1] >= indent) {
      fit(open.pop()!);
      indents.pop();
    }
    const parent = open[open.length - 1];
    // Most lines have no lines under them: they share one empty list until one comes.
    const node = { line, parent, children: LEAF };
    if (parent.children === LEAF) parent.children = [node];
    else parent.children.push(node);
    open.push(node);
    indents.push(indent);
  }
  for (const node of open) fit(node);
  return { head, children, node: root, last: children.at(-1) ?? head };
}

/**
 * Gives a closed node a list of just its children: one that grew by push keeps room for 17, and
 * a running-config's thousands of nodes are kept as long as its reading.
 */
function fit(node: { children: ConfigNode[] }): void {
  if (node.children.length > 1) node.children = node.children.slice();
}

/**
 * Splits the text into lines and words (`\n`, `\r\n` and a lone `\r` end a line; white space
 * is what `\s` matches). A running-config has tens of thousands of lines and is read again on
 * each keystroke: no regular expression runs per line, the line ends are found natively
 * (`indexOf`), and each line's words go to one scratch list first, so that a line keeps a list
 * of just its words (one that grew by push keeps room for 17).
 */
function configLines(
  text: string,
  from: number,
  to: number,
  firstLine: number,
  toEnd: boolean,
): ConfigLine[] {
  const lines: ConfigLine[] = [];
  const scratch: Word[] = [];
  // Without a `\r` in the region, a line ends at the next `\n`.
  const carriageReturn = text.indexOf('\r', from);
  const newlinesOnly = carriageReturn < 0 || carriageReturn >= to;
  let start = from;
  for (;;) {
    let end: number;
    if (newlinesOnly) {
      end = text.indexOf('\n', start);
      if (end < 0 || end > to) end = to;
    } else {
      end = start;
      while (end < to) {
        const code = text.charCodeAt(end);
        if (code === 10 || code === 13) break;
        end++;
      }
    }
    lines.push(configLine(text, firstLine + lines.length, start, end, scratch));
    if (end >= to) break;
    start = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    // A region that stops at a line start has no empty line after its last line end; the whole text does.
    if (start >= to && !toEnd) break;
  }
  return lines;
}

/** The words of a line that has none: one list for them all (never written to). */
const NO_WORDS: readonly Word[] = emptyListOfObjects<Word>();

/**
 * One line: its indentation, and its words up to a `!` comment. What a saved terminal session
 * adds is no command: a prompt line has no words, and a pager's `--MORE--` (with the backspaces
 * and blanks that erased it) is skipped, the line's indentation being what follows it.
 */
function configLine(
  text: string,
  line: number,
  start: number,
  end: number,
  scratch: Word[],
): ConfigLine {
  let at = start;
  while (at < end && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  let indentStart = start;
  if (at < end && text.charCodeAt(at) === 45 /* - */) {
    PAGER_MARK.lastIndex = at;
    if (PAGER_MARK.test(text) && PAGER_MARK.lastIndex <= end) {
      at = PAGER_MARK.lastIndex;
      indentStart = at;
      while (at < end && (isSpace(text.charCodeAt(at)) || text.charCodeAt(at) === 8)) {
        if (text.charCodeAt(at) === 8) indentStart = at + 1;
        at++;
      }
    }
  }
  const indentText =
    indentStart === start &&
    at - start < INDENTS.length &&
    text.startsWith(INDENTS[at - start], start)
      ? INDENTS[at - start]
      : text.slice(indentStart, at);
  let count = 0;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code === 33 /* ! */) break;
    if (code === 32 || isSpace(code)) {
      at++;
      continue;
    }
    const wordStart = at;
    at++;
    for (;;) {
      if (at >= end) break;
      const next = text.charCodeAt(at);
      // Letters, digits and most punctuation first: one comparison for most characters.
      if (next > 33 && next <= 127) at++;
      else if (next === 33 || isSpace(next)) break;
      else at++;
    }
    const word = { text: text.slice(wordStart, at), start: wordStart, end: at };
    // Written in place while the list is long enough, pushed when it is not (never past its end).
    if (count < scratch.length) scratch[count] = word;
    else scratch.push(word);
    count++;
  }
  // A prompt (`lb1#show running-config`, a trailing `lb1#`) is the terminal's, not a command.
  const words =
    count === 0 || (indentText === '' && isPromptWord(scratch[0].text))
      ? NO_WORDS
      : scratch.slice(0, count);
  return { line, start, end, text: text.slice(start, end), indentText, words };
}

/** True when a line's first word is a terminal prompt (`lb1#`, `lb1(config)#sh`): no command has `#` or `>` in its first word. */
function isPromptWord(word: string): boolean {
  return (word.includes('#') || word.includes('>')) && TERMINAL_PROMPT.test(word);
}

/** Indentations of spaces, shared by every line that has one (tens of thousands of lines, a handful of widths). */
const INDENTS = Array.from({ length: 17 }, (_, width) => ' '.repeat(width));

/** The white space of `\s` (without the line ends, which never occur inside a line). */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 12) ||
    (code > 127 &&
      (code === 0xa0 ||
        code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff))
  );
}

/** In the summary form, a VIP is followed by `port N TYPE` lines and `member:...` lines. */
function isSummaryChild(line: ConfigLine): boolean {
  const first = line.words[0].text;
  return (
    (first === 'port' && /^\d+$/.test(line.words[1]?.text ?? '')) || first.startsWith('member:')
  );
}

/** True for `slb virtual-server NAME ...`. Indexed, not destructured: it is asked of each of thousands of blocks. */
function isVirtualServerHead(head: ConfigLine): boolean {
  const words = head.words;
  return words.length >= 3 && words[0].text === 'slb' && words[1].text === 'virtual-server';
}

/** The VIP of a block whose head is one (isVirtualServerHead). */
function cliVirtualServer(block: ConfigBlock): VirtualServerBlock {
  const words = block.head.words;
  const name = words[2];
  const address = words[3] as Word | undefined;
  // The vports are the `port` lines directly under the head in the block's tree, each with every
  // line nested under it: a VIP whose vports are indented unevenly (an ACOS 2 vport beside an
  // ACOS 4 one) keeps them all, as the rest of the model reads them.
  const vports: Vport[] = [];
  for (const child of block.node.children) {
    if (isPortLine(child.line)) {
      const under = linesUnder(child, []);
      vports.push(toVport(child.line, under.length > 0 ? under.slice() : under));
    }
  }
  return { form: 'cli', head: block.head, name, address, vports };
}

/** Every line nested under a node, in document order. */
function linesUnder(node: ConfigNode, into: ConfigLine[]): ConfigLine[] {
  for (const child of node.children) {
    into.push(child.line);
    linesUnder(child, into);
  }
  return into;
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
