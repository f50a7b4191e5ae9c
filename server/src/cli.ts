// The language service on the command line (package.json "bin": `balancer-lens`):
//   balancer-lens check PATH...       the editor's findings, as text, JSON or SARIF (cli/check.ts)
//   balancer-lens inspect FILE --json one record per packet copy of a capture (cli/inspect.ts)
//   balancer-lens explain DUMP        the "Explain this capture" report in Markdown (cli/explain.ts)
//   balancer-lens diagram FILE --svg OUT the flow diagram of a capture as SVG (cli/diagram.ts)
//   balancer-lens redact PATH... --out DIR  redacted copies for sharing; unredact maps them back (cli/redact.ts)
// `runCli` takes the arguments and the output streams, so another program (or a test) can wrap it.
import * as l10n from '@vscode/l10n';
import { runCheck } from './cli/check';
import { type CliOutput, OutputError, PROGRAM, sayTo, UsageError } from './cli/common';
import { runDiagram } from './cli/diagram';
import { runExplain } from './cli/explain';
import { runInspect } from './cli/inspect';
import { runRedact, runUnredact } from './cli/redact';
import { environmentLocale, speak } from './locale';
import { packageInfo } from './packageInfo';

export type { CliOutput } from './cli/common';

/** The usage text `--help` prints, in the language the command line speaks. */
export function usage(): string {
  return `${[
    l10n.t('Usage: balancer-lens COMMAND [options]'),
    '',
    l10n.t(
      'Balancer Lens reads link load balancer (A10 ACOS) configurations and the capture dumps they\nprint, as the editor extension does.',
    ),
    '',
    l10n.t('Commands:'),
    l10n.t(
      '  check PATH...      check configurations and captures (files and folders); prints each finding\n                     as file:line:column: severity code: message, or as JSON or SARIF',
    ),
    l10n.t('  inspect FILE       one line (or JSON object) per packet copy of a capture dump'),
    l10n.t(
      '  explain DUMP [PATH...]\n                     the "Explain this capture" report of a dump in Markdown, joined with the\n                     configurations under PATH (default: the dump\'s folder)',
    ),
    l10n.t(
      "  diagram FILE --svg OUT [--configs PATH]...\n                     the flow diagram of a capture dump as an SVG picture, as the editor draws it,\n                     the VIPs named by the configurations under PATH (default: the dump's folder)",
    ),
    l10n.t(
      '  redact PATH... --out DIR [--key FILE] [--names]\n                     redacted copies of configurations and dumps for sharing: addresses mapped\n                     consistently (prefixes and private/public kept), secrets removed, names too\n                     with --names',
    ),
    l10n.t(
      '  unredact --key FILE [FILE]\n                     maps a redacted text (a finding, a report) back to the original addresses',
    ),
    '',
    l10n.t('Options:'),
    l10n.t(
      '  -h, --help         this text; "balancer-lens COMMAND --help" for a command\'s options',
    ),
    l10n.t('  -v, --version      the version'),
    l10n.t(
      '  --locale zh-cn     findings, reports and diagrams in Simplified Chinese (any command; else\n                     LC_ALL, LC_MESSAGES or LANG decides: zh_CN.UTF-8 is Chinese, the rest English)',
    ),
    '',
    l10n.t('The language server for editors is the program balancer-lens-language-server --stdio.'),
  ].join('\n')}\n`;
}

/**
 * The locale a command line asks for with `--locale X` or `--locale=X` (before a `--`), so that
 * even a wrong command line, or `--help`, is answered in it; undefined when it names none.
 */
function localeAsked(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--locale') return argv[i + 1];
    if (argv[i].startsWith('--locale=')) return argv[i].slice('--locale='.length);
  }
  return undefined;
}

/** Each command, and its exit status when its output cannot be written (check's 1 means findings). */
const COMMANDS: Record<string, { run: typeof runCheck; cannotWrite: number }> = {
  check: { run: runCheck, cannotWrite: 2 },
  inspect: { run: runInspect, cannotWrite: 1 },
  explain: { run: runExplain, cannotWrite: 1 },
  diagram: { run: runDiagram, cannotWrite: 1 },
  redact: { run: runRedact, cannotWrite: 2 },
  unredact: { run: runUnredact, cannotWrite: 2 },
};

/** Runs the command line `argv` (without `node cli.js`); resolves to the exit status. */
export async function runCli(argv: readonly string[], output: CliOutput): Promise<number> {
  // `--locale X` may come before the command too (`balancer-lens --locale zh-cn --help`): it is
  // handed on to the command, which reads it again (parseCommandLine).
  const leading = /^--locale(=|$)/.test(argv[0] ?? '') ? (argv[0].includes('=') ? 1 : 2) : 0;
  const command = argv[leading] as string | undefined;
  const rest = [...argv.slice(0, leading), ...argv.slice(leading + 1)];
  // What goes wrong before the command reads its options, and these lines, are said in the
  // language asked for already.
  speak(localeAsked(argv) ?? environmentLocale());
  /** A wrong command line: what is wrong, and where to read how it goes (not the whole text). */
  const usageError = (message: string, helpCommand: string): number => {
    sayTo(output)(message);
    output.stderr.write(`${l10n.t("Run '{0} --help' for how to use it.", helpCommand)}\n`);
    return 2;
  };
  if (command === undefined) return usageError(l10n.t('No command given.'), PROGRAM);
  if (command === '-h' || command === '--help') {
    output.stdout.write(usage());
    return 0;
  }
  if (command === '-v' || command === '--version') {
    output.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  const known = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (known === undefined) {
    return usageError(
      command.startsWith('-')
        ? l10n.t(
            "Unknown option {0}. The commands are 'check', 'inspect', 'explain', 'diagram', 'redact' and 'unredact'.",
            command,
          )
        : l10n.t(
            "Unknown command '{0}'. The commands are 'check', 'inspect', 'explain', 'diagram', 'redact' and 'unredact'.",
            command,
          ),
      PROGRAM,
    );
  }
  try {
    return await known.run(rest, output);
  } catch (error) {
    if (error instanceof OutputError) {
      // A reader that goes away early (`| head`) is not an error of ours: stop, quietly.
      if (error.code === 'EPIPE') return 0;
      sayTo(output)(l10n.t('cannot write the output: {0}.', error.message));
      return known.cannotWrite;
    }
    if (!(error instanceof UsageError)) throw error;
    return usageError(error.message, `${PROGRAM} ${command}`);
  }
}

if (require.main === module) {
  // A failed write is answered where it was made (OutputWriter: a closed pipe, a full disk);
  // the streams' own error events must not end the program with a stack trace.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      // Not the user's doing: say so plainly, with what a bug report needs.
      process.stderr.write(
        `${PROGRAM}: ${l10n.t('internal error, please report it: {0}', error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
      );
      process.exitCode = 3;
    },
  );
}
