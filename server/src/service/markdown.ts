// Text from the user's files (names, host names, addresses, configuration lines) written into
// the Markdown of hovers and of the capture report. Each piece is escaped for the place it lands,
// so that nothing in a dump or a configuration can close a code span or a fenced block, start
// emphasis, a heading, HTML or a link, or be turned into a link by a preview (VS Code's
// markdown-it with linkify, GitHub's autolinks of `www.` and `http://`, e-mail addresses).

/** Line ends (and the other line separators) inside one piece of inline text. */
const LINE_ENDS = /\r\n|[\r\n\u2028\u2029]/g;

/** The longest run of backticks in a text (0 when it holds none). */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * Escapes text for Markdown prose (inline, not at the start of a line): emphasis, code, links,
 * HTML, entities, tables, strike-through and math signs are backslash-escaped, a line end becomes
 * a space, and what a preview would link (`https://`, `//host`, `www.`, `user@host`) is broken
 * by an escape, so it shows as written and links nowhere.
 */
export function markdownText(text: string): string {
  return text
    .replace(LINE_ENDS, ' ')
    .replace(/[\\`*_[\]<>#|~&$@]/g, (c) => `\\${c}`)
    .replace(/:(?=\/)/g, '\\:')
    .replace(/\/(?=\/)/g, '/\\')
    .replace(/(www)\./gi, '$1\\.');
}

/**
 * Text as an inline code span: fenced by one backtick more than its longest run of backticks,
 * padded with a space where it starts or ends with a backtick (or with a space on both sides),
 * its line ends made spaces (a code span never holds a line end that could start a block); an
 * empty text is a space.
 */
export function markdownCode(text: string | number | undefined): string {
  const flat = String(text).replace(LINE_ENDS, ' ');
  if (flat === '') return '` `';
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = /^`|`$/.test(flat) || (/^ .* $/.test(flat) && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Lines as a fenced code block of a language: its fence longer than any run of backticks in them. */
export function markdownFence(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** A link target as Markdown writes it: what would end it (a space, a parenthesis, `<`, `>`, a control character) percent-encoded. */
export function markdownDestination(href: string): string {
  return href.replace(
    /[ ()<>\\`"\p{Cc}]/gu,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** `[text](href)`: a link whose text is the user's, escaped, and whose target cannot be cut short. */
export function markdownLink(text: string, href: string): string {
  return `[${markdownText(text)}](${markdownDestination(href)})`;
}

/**
 * Plain text that quotes words in backticks (a finding's message, as the Problems panel shows it)
 * in Markdown: each quoted piece a code span of its own, the text between escaped. A backtick
 * left without its pair is text.
 */
export function markdownProse(text: string): string {
  return text
    .split(/`([^`]*)`/)
    .map((part, i) => (i % 2 === 1 ? markdownCode(part) : markdownText(part)))
    .join('');
}
