// `npm run bench:grammar`: how long each grammar takes on the lines that are hardest for it,
// against the 500 ms VS Code gives one line (vscode-textmate drops a line's tokens past it);
// then the capture grammar against VS Code's own Log grammar (what a dump saved as .log gets
// without this extension) on the same 200,000-line dumps, one per dialect.
// Prints one line per case and the hard-line summary, then as its last line
// `{"grammarMs":...,"logGrammarMs":...,"slowestLineMs":...}` (the slower dialect's figures).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { ensureVSCodeServer } from '../test/e2e/harness/vscodeServer';
import { binaryLines, denseLine, MB, PATHOLOGICAL } from '../test/grammar/hardLines';
import { loadGrammar, readFixture, repoRoot } from '../test/grammar/tokenize';
import { writeDump } from './captureDumps';

const DUMP_LINES = 200_000;

const VSCODE_LINE_LIMIT_MS = 500;

function fastestMs(run: () => void, times = 3): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function main(): Promise<void> {
  const summary: Record<string, number> = {};
  for (const name of ['config', 'capture'] as const) {
    const grammar = await loadGrammar(name);
    grammar.tokenizeLine2(denseLine(4096), vsctm.INITIAL);
    let slowest = 0;
    const cases = {
      ...binaryLines(MB),
      ...PATHOLOGICAL,
      'real text, 128 KB on one line': denseLine(MB / 8),
      'real text, 1 MB on one line': denseLine(MB),
    };
    for (const [label, line] of Object.entries(cases)) {
      const ms = fastestMs(() => grammar.tokenizeLine2(line, vsctm.INITIAL));
      if (!label.startsWith('real text, 1 MB')) slowest = Math.max(slowest, ms);
      console.log(
        `${name.padEnd(7)} ${ms.toFixed(1).padStart(8)} ms  ${label}${ms > VSCODE_LINE_LIMIT_MS ? '  (over the per-line limit)' : ''}`,
      );
    }
    const seedLines = [
      'seed/capture-before-fix.axdebug.txt',
      'seed/vip-before-fix.summary.txt',
      'config/acos2-wildcard.a10.cfg',
    ]
      .map((f) => readFixture(`test/fixtures/${f}`))
      .join('\n')
      .split('\n');
    const lines = Array.from({ length: 20_000 }, (_, i) => seedLines[i % seedLines.length]);
    const documentMs = fastestMs(() => {
      let state = vsctm.INITIAL;
      for (const line of lines) state = grammar.tokenizeLine2(line, state).ruleStack;
    });
    console.log(
      `${name.padEnd(7)} ${documentMs.toFixed(1).padStart(8)} ms  a 20,000-line document of seed lines`,
    );
    summary[`${name}SlowestHardLineMs`] = Math.round(slowest);
    summary[`${name}Document20000LinesMs`] = Math.round(documentMs);
  }
  console.log(JSON.stringify(summary));
  await againstTheLogGrammar();
}

/**
 * VS Code's Log grammar (MIT, from the microsoft/vscode repository), as the VS Code server the
 * real-editor tests and `npm start` run holds it: installed into .vscode-test/ the first time
 * (from the npm registry, pinned by test/e2e/vscode-server), so a fresh clone runs this bench too.
 */
async function logGrammarFile(): Promise<string> {
  const vscode = await ensureVSCodeServer();
  const file = path.join(vscode, 'extensions', 'log', 'syntaxes', 'log.tmLanguage.json');
  if (!fs.existsSync(file))
    throw new Error(
      `VS Code's Log grammar is not at ${file}: the VS Code server holds no Log grammar.`,
    );
  return file;
}

async function loadLogGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(
    path.join(repoRoot(), 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'),
  );
  await oniguruma.loadWASM(wasm).catch(() => undefined); // already loaded by the capture grammar's registry
  const file = await logGrammarFile();
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: (scopeName: string) =>
      Promise.resolve(
        scopeName === 'text.log'
          ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file)
          : null,
      ),
  });
  const grammar = await registry.loadGrammar('text.log');
  if (!grammar) throw new Error('The Log grammar did not load');
  return grammar;
}

/**
 * Tokenizes every line, carrying the state; answers the total and the slowest line. A line's
 * time in one pass includes whatever the engine did meanwhile (a garbage collection, compiling a
 * rule's regexes the first time they are needed), so the slowest lines of the pass are timed
 * again from the state they started in, and a line counts by its best of five.
 */
function tokenizeAll(
  grammar: vsctm.IGrammar,
  lines: readonly string[],
): { totalMs: number; slowestLineMs: number } {
  const suspects: { ms: number; line: string; state: vsctm.StateStack }[] = [];
  let state = vsctm.INITIAL;
  const start = performance.now();
  for (const line of lines) {
    const before = performance.now();
    const next = grammar.tokenizeLine2(line, state).ruleStack;
    const took = performance.now() - before;
    if (suspects.length < 50 || took > suspects[suspects.length - 1].ms) {
      suspects.push({ ms: took, line, state });
      suspects.sort((a, b) => b.ms - a.ms);
      if (suspects.length > 50) suspects.pop();
    }
    state = next;
  }
  const totalMs = performance.now() - start;
  const slowestLineMs = Math.max(
    ...suspects.map((s) => fastestMs(() => grammar.tokenizeLine2(s.line, s.state), 5)),
  );
  return { totalMs, slowestLineMs };
}

async function againstTheLogGrammar(): Promise<void> {
  const capture = await loadGrammar('capture');
  const log = await loadLogGrammar();
  const folder = path.join(repoRoot(), 'bench', 'out');
  fs.mkdirSync(folder, { recursive: true });
  let worst: { grammarMs: number; logGrammarMs: number; slowestLineMs: number } | undefined;
  for (const dialect of ['axdebug', 'tcpdump'] as const) {
    const file = path.join(folder, `grammar-${dialect}-200k.txt`);
    writeDump(file, dialect, DUMP_LINES);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // Warm both up on the first lines, as an editor that has shown the top of the file has.
    tokenizeAll(capture, lines.slice(0, 2000));
    tokenizeAll(log, lines.slice(0, 2000));
    const ours = tokenizeAll(capture, lines);
    const theirs = tokenizeAll(log, lines);
    console.log(
      `${dialect.padEnd(8)} ${DUMP_LINES} lines: capture grammar ${ours.totalMs.toFixed(0)} ms (slowest line ${ours.slowestLineMs.toFixed(2)} ms), Log grammar ${theirs.totalMs.toFixed(0)} ms: ${(ours.totalMs / theirs.totalMs).toFixed(2)} times`,
    );
    if (!worst || ours.totalMs / theirs.totalMs > worst.grammarMs / worst.logGrammarMs)
      worst = {
        grammarMs: ours.totalMs,
        logGrammarMs: theirs.totalMs,
        slowestLineMs: Math.max(ours.slowestLineMs, worst?.slowestLineMs ?? 0),
      };
    else worst.slowestLineMs = Math.max(worst.slowestLineMs, ours.slowestLineMs);
  }
  console.log(
    JSON.stringify({
      grammarMs: Math.round(worst!.grammarMs),
      logGrammarMs: Math.round(worst!.logGrammarMs),
      slowestLineMs: Number(worst!.slowestLineMs.toFixed(2)),
    }),
  );
}

void main();
