// Markdown read the way a preview reads it, for tests that check what user text turns into: the
// parser of VS Code's Markdown preview (markdown-it with HTML and linkify on, fuzzy links off, as
// its markdownEngine sets it), plus GitHub's `www.` autolinks, which markdown-it leaves alone.
import MarkdownIt from 'markdown-it';

const preview = new MarkdownIt({ html: true, linkify: true });
preview.linkify.set({ fuzzyLink: false });
// Escaped characters stay tokens of their own (as GitHub sees them), not joined into the text around them.
preview.core.ruler.disable('text_join');
// Every link counts, `file:` and `javascript:` too (markdown-it drops those; VS Code lets `file:` through).
preview.validateLink = () => true;

/** What a Markdown text renders to, as far as the user's text could change it. */
export interface Rendered {
  /** The targets of its links (written, autolinked or images), in order. */
  readonly links: string[];
  /** Raw HTML it holds (a tag a preview would render). */
  readonly html: string[];
  /** The text a reader sees: every text, code span and code block's content, in order. */
  readonly text: string;
  /** Its code blocks (fenced or indented), each whole with its fences, in order. */
  readonly codeBlocks: string[];
  /** Its code spans' contents, in order. */
  readonly codeSpans: string[];
}

/** Parses Markdown as a preview does and answers its links, its HTML, the text it shows and its code. */
export function rendered(markdown: string): Rendered {
  const links: string[] = [];
  const html: string[] = [];
  const text: string[] = [];
  const codeBlocks: string[] = [];
  const codeSpans: string[] = [];
  const walk = (tokens: ReturnType<MarkdownIt['parse']>): void => {
    for (const token of tokens) {
      if (token.type === 'link_open' || token.type === 'image')
        links.push(token.attrGet('href') ?? token.attrGet('src') ?? '');
      if (token.type === 'html_inline' || token.type === 'html_block') html.push(token.content);
      if (token.type === 'text' || token.type === 'text_special' || token.type === 'code_inline') {
        // GitHub links `www.x` at the start of a text or after a space, `*`, `_`, `~` or `(`.
        if (token.type !== 'code_inline' && /(^|[\s*_~(])www\.\w/i.test(token.content))
          links.push(`(GitHub autolink) ${token.content}`);
        text.push(token.content);
      }
      if (token.type === 'softbreak' || token.type === 'hardbreak') text.push('\n');
      if (token.type === 'code_inline') codeSpans.push(token.content);
      if (token.type === 'fence' || token.type === 'code_block') {
        text.push(token.content);
        codeBlocks.push(`${token.markup}${token.info}\n${token.content}${token.markup}`);
      }
      if (token.children) walk(token.children);
    }
  };
  walk(preview.parse(markdown, {}));
  return { links, html, text: text.join(''), codeBlocks, codeSpans };
}
