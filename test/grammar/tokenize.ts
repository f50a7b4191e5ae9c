// Tokenizes text with the extension's real TextMate grammars (vscode-textmate + vscode-oniguruma,
// the engine VS Code runs) and asserts scopes in the words a reader uses: "this text on this line
// has a scope matching X".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot as root } from '../paths';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

/** The two grammars the extension contributes, by the short names tests use. */
export const SCOPE_NAMES = {
  config: 'source.balancer-config',
  capture: 'source.balancer-capture',
} as const;

/** A grammar of this extension: `config` (ACOS configuration) or `capture` (axdebug, tcpdump). */
export type GrammarName = keyof typeof SCOPE_NAMES;

/** One token: its text, its offsets on the line and its scopes, outermost (the grammar's) first. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}

/** One tokenized line. */
export interface Line {
  /** Zero-based line number in the document. */
  readonly index: number;
  readonly text: string;
  readonly tokens: readonly Token[];
  /** True when the grammar is back in its root state after this line: nothing leaks into the next. */
  readonly endsAtRoot: boolean;
}

/** The repository root, found from this file whether it runs from test/grammar or out/test/grammar. */
export function repoRoot(): string {
  return root;
}

/** The text of a file under the repository root, e.g. `test/fixtures/seed/vip-after-fix.summary.txt`. */
export function readFixture(relativePath: string): string {
  return fs.readFileSync(path.join(repoRoot(), relativePath), 'utf8');
}

/** The files of a fixture folder whose names end with `suffix`, as paths from the repository root. */
export function fixtureFiles(folder: string, suffix: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot(), folder))
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** The lines of a text as an editor shows them (a final newline does not start another line). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

let registry: vsctm.Registry | undefined;
const grammars = new Map<GrammarName, Promise<vsctm.IGrammar>>();

function grammarFile(scopeName: string): string {
  const name = Object.entries(SCOPE_NAMES).find(([, scope]) => scope === scopeName)?.[0];
  if (name === undefined) {
    throw new Error(`Unknown grammar scope ${scopeName}`);
  }
  return path.join(repoRoot(), 'syntaxes', `balancer-${name}.tmLanguage.json`);
}

function getRegistry(): vsctm.Registry {
  if (registry === undefined) {
    const wasm = fs.readFileSync(
      path.join(repoRoot(), 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'),
    );
    const onigLib: Promise<vsctm.IOnigLib> = oniguruma.loadWASM(wasm).then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }));
    registry = new vsctm.Registry({
      onigLib,
      loadGrammar: (scopeName: string) => {
        const file = grammarFile(scopeName);
        return Promise.resolve(vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file));
      },
    });
  }
  return registry;
}

/** The compiled grammar (loaded once per test run). */
export function loadGrammar(name: GrammarName): Promise<vsctm.IGrammar> {
  let grammar = grammars.get(name);
  if (grammar === undefined) {
    grammar = getRegistry()
      .loadGrammar(SCOPE_NAMES[name])
      .then((loaded) => {
        if (loaded === null) {
          throw new Error(`Grammar ${name} did not load`);
        }
        return loaded;
      });
    grammars.set(name, grammar);
  }
  return grammar;
}

/** Tokenizes a whole document line by line, carrying the state from each line to the next. */
export async function tokenize(name: GrammarName, text: string): Promise<Line[]> {
  const grammar = await loadGrammar(name);
  const root = grammar.tokenizeLine('', vsctm.INITIAL).ruleStack;
  let state = vsctm.INITIAL;
  return splitLines(text).map((lineText, index) => {
    const result = grammar.tokenizeLine(lineText, state);
    state = result.ruleStack;
    const tokens = result.tokens.map((token) => ({
      text: lineText.slice(token.startIndex, token.endIndex),
      start: token.startIndex,
      end: token.endIndex,
      scopes: token.scopes,
    }));
    return { index, text: lineText, tokens, endsAtRoot: state.equals(root) };
  });
}

/**
 * Whether a scope matches a selector the way a theme rule does: `constant.numeric.spi` matches
 * `constant.numeric.spi.balancer-capture` and `constant.numeric` matches it too, but
 * `constant.numeric.sp` does not.
 */
export function scopeMatches(scope: string, selector: string): boolean {
  return scope === selector || scope.startsWith(selector + '.');
}

/** The tokens of a line with their scopes, one a line, for failure messages. */
export function describeLine(line: Line): string {
  const rows = line.tokens.map(
    (token) => `    ${JSON.stringify(token.text).padEnd(28)} ${token.scopes.slice(1).join(' | ')}`,
  );
  return `line ${line.index + 1}: ${JSON.stringify(line.text)}\n${rows.join('\n')}`;
}

/** Where `text` occurs on the line at or after `from`, or -1. */
function findOn(line: Line, text: string, from: number): number {
  return line.text.indexOf(text, from);
}

/** The tokens that cover [start, end), asserting that the range starts and ends on token edges. */
function tokensCovering(line: Line, text: string, start: number): Token[] {
  const end = start + text.length;
  const covering = line.tokens.filter((token) => token.start < end && token.end > start);
  const aligned =
    covering.length > 0 && covering[0].start === start && covering[covering.length - 1].end === end;
  assert.ok(
    aligned,
    `${JSON.stringify(text)} at column ${start + 1} is not a whole token (or run of tokens)\n${describeLine(line)}`,
  );
  return covering;
}

function assertScopeAt(line: Line, text: string, start: number, selectors: string): void {
  for (const token of tokensCovering(line, text, start)) {
    for (const selector of selectors.split(/\s+/)) {
      assert.ok(
        token.scopes.some((scope) => scopeMatches(scope, selector)),
        `${JSON.stringify(token.text)} in ${JSON.stringify(text)} has no scope matching ${selector}\n${describeLine(line)}`,
      );
    }
  }
}

/**
 * Asserts that `text` on `line` is a whole token (or a run of tokens), each with a scope matching
 * `selector` (several selectors separated by spaces must all match, e.g.
 * `'meta.address.source constant.numeric.ip-address.ipv4'`). `occurrence` picks a later
 * occurrence of a text that repeats on the line (1 = first).
 */
export function expectScope(line: Line, text: string, selector: string, occurrence = 1): void {
  let start = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    start = findOn(line, text, start + 1);
    assert.ok(
      start >= 0,
      `${JSON.stringify(text)} (#${seen + 1}) not found\n${describeLine(line)}`,
    );
  }
  assertScopeAt(line, text, start, selector);
}

/** Asserts that no token of the first occurrence of `text` on `line` has a scope matching `selector`. */
export function expectNoScope(line: Line, text: string, selector: string): void {
  const start = findOn(line, text, 0);
  assert.ok(start >= 0, `${JSON.stringify(text)} not found\n${describeLine(line)}`);
  const end = start + text.length;
  for (const token of line.tokens.filter((t) => t.start < end && t.end > start)) {
    assert.ok(
      !token.scopes.some((scope) => scopeMatches(scope, selector)),
      `${JSON.stringify(token.text)} in ${JSON.stringify(text)} has a scope matching ${selector}\n${describeLine(line)}`,
    );
  }
}

/** A piece of a line and the selector(s) its scopes must match (see {@link expectScope}). */
export type Expectation = readonly [text: string, selector: string];

/**
 * Asserts a sequence of expectations along a line, left to right: each text is looked for after
 * the previous one, so repeated texts (`>`, `500 > 500`) are told apart by their order.
 */
export function expectScopes(line: Line, expectations: readonly Expectation[]): void {
  let from = 0;
  for (const [text, selector] of expectations) {
    const start = findOn(line, text, from);
    assert.ok(
      start >= 0,
      `${JSON.stringify(text)} not found after column ${from + 1}\n${describeLine(line)}`,
    );
    assertScopeAt(line, text, start, selector);
    from = start + text.length;
  }
}

/**
 * Asserts one row of expectations for every line of a document, in order: a document with more or
 * fewer lines than rows fails, so a fixture cannot grow an unchecked line.
 */
export function expectDocument(
  lines: readonly Line[],
  rows: readonly (readonly Expectation[])[],
): void {
  assert.equal(rows.length, lines.length, 'one row of expectations for each line of the document');
  rows.forEach((row, index) => {
    assert.ok(row.length > 0, `row ${index + 1} asserts nothing`);
    expectScopes(lines[index], row);
  });
}

/**
 * Asserts that every character of the line that is not white space is classified: it has a scope
 * besides the grammar's own and besides `meta.*` scopes, which only group others.
 */
export function expectFullyScoped(line: Line): void {
  for (const token of line.tokens) {
    if (token.text.trim() === '') {
      continue;
    }
    const specific = token.scopes.slice(1).filter((scope) => !scope.startsWith('meta.'));
    assert.ok(
      specific.length > 0,
      `${JSON.stringify(token.text)} at column ${token.start + 1} is unclassified\n${describeLine(line)}`,
    );
  }
}
