// The problem matcher `$balancer-lens` (package.json contributes.problemMatchers): a VS Code task
// that runs `balancer-lens check` shows its findings in the Problems view. Its pattern is applied
// here to real `check` output, reading each line as VS Code does.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { balancerLens, checkJson, fixtures, manifest } from './support';

const matcher = manifest.contributes.problemMatchers.find((m) => m.name === 'balancer-lens')!;
const pattern = matcher.pattern as {
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity: number;
  code: number;
  message: number;
};

/** VS Code's marker severities. */
type Marker = 'Error' | 'Warning' | 'Info';

/**
 * The severity VS Code gives a matched severity word (its problem matcher's rules): error,
 * warning/warn, info; then hint and note as Info; anything else the matcher's default, Error.
 */
function vscodeSeverity(word: string): Marker {
  const value = word.toLowerCase();
  if (value === 'error') return 'Error';
  if (value === 'warning' || value === 'warn') return 'Warning';
  if (value === 'info' || value === 'hint' || value === 'note') return 'Info';
  return 'Error';
}

/** What the editor shows for each severity of `check`. */
const SHOWN_AS: Record<string, Marker> = {
  error: 'Error',
  warning: 'Warning',
  information: 'Info',
  hint: 'Info',
};

describe('the problem matcher $balancer-lens', () => {
  it('is owned by balancer-lens and reads file names relative to the workspace folder', () => {
    assert.deepStrictEqual(
      [matcher.owner, matcher.source, matcher.fileLocation],
      ['balancer-lens', 'balancer-lens', ['relative', '${workspaceFolder}']],
    );
  });

  it('reads every line of check: the file, line, column, severity, code and message', () => {
    // Run from test/fixtures as a task runs from its workspace folder. problems.a10.cfg has
    // findings of all four severities.
    const args = ['check', 'seed', 'config/problems.a10.cfg'];
    const lines = balancerLens(args).stdout.trimEnd().split('\n');
    const findings = checkJson(args.slice(1));
    assert.deepStrictEqual(
      new Set(findings.map((f) => f.severity)),
      new Set(['error', 'warning', 'information', 'hint']),
    );
    assert.strictEqual(lines.length, findings.length);
    const regexp = new RegExp(pattern.regexp);
    lines.forEach((line, i) => {
      const match = regexp.exec(line);
      assert.ok(match, line);
      const expected = findings[i];
      assert.deepStrictEqual(
        {
          file: match[pattern.file],
          line: Number(match[pattern.line]),
          column: Number(match[pattern.column]),
          severity: vscodeSeverity(match[pattern.severity]),
          code: match[pattern.code],
          message: match[pattern.message],
        },
        {
          file: expected.file,
          line: expected.line,
          column: expected.column,
          severity: SHOWN_AS[expected.severity],
          code: expected.code,
          message: expected.message,
        },
      );
      assert.ok(
        fs.existsSync(path.join(fixtures, match[pattern.file])),
        'relative to the workspace folder',
      );
    });
  });

  it('leaves the count check writes at the end alone', () => {
    assert.strictEqual(
      new RegExp(pattern.regexp).exec('balancer-lens: checked 4 files: 5 warnings.'),
      null,
    );
  });
});
