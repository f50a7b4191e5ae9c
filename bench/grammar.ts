// `npm run bench:grammar`: how long each grammar takes on the lines that are hardest for it,
// against the 500 ms VS Code gives one line (vscode-textmate drops a line's tokens past it).
// Prints one line per case, then a JSON summary as the last line.
import { performance } from 'node:perf_hooks';
import * as vsctm from 'vscode-textmate';
import { binaryLines, denseLine, MB, PATHOLOGICAL } from '../test/grammar/hardLines';
import { loadGrammar, readFixture } from '../test/grammar/tokenize';

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
    const cases = { ...binaryLines(MB), ...PATHOLOGICAL, 'real text, 128 KB on one line': denseLine(MB / 8), 'real text, 1 MB on one line': denseLine(MB) };
    for (const [label, line] of Object.entries(cases)) {
      const ms = fastestMs(() => grammar.tokenizeLine2(line, vsctm.INITIAL));
      if (!label.startsWith('real text, 1 MB')) slowest = Math.max(slowest, ms);
      console.log(`${name.padEnd(7)} ${ms.toFixed(1).padStart(8)} ms  ${label}${ms > VSCODE_LINE_LIMIT_MS ? '  (over the per-line limit)' : ''}`);
    }
    const seedLines = ['seed/capture-before-fix.axdebug.txt', 'seed/vip-before-fix.summary.txt', 'config/acos2-wildcard.a10.cfg']
      .map((f) => readFixture(`test/fixtures/${f}`))
      .join('\n')
      .split('\n');
    const lines = Array.from({ length: 20_000 }, (_, i) => seedLines[i % seedLines.length]);
    const documentMs = fastestMs(() => {
      let state = vsctm.INITIAL;
      for (const line of lines) state = grammar.tokenizeLine2(line, state).ruleStack;
    });
    console.log(`${name.padEnd(7)} ${documentMs.toFixed(1).padStart(8)} ms  a 20,000-line document of seed lines`);
    summary[`${name}SlowestHardLineMs`] = Math.round(slowest);
    summary[`${name}Document20000LinesMs`] = Math.round(documentMs);
  }
  console.log(JSON.stringify(summary));
}

void main();
