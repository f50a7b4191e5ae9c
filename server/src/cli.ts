// The language service on the command line (package.json "bin": `balancer-lens`):
//   balancer-lens check PATH...       the editor's findings, as text, JSON or SARIF (cli/check.ts)
//   balancer-lens inspect FILE --json one record per packet copy of a capture (cli/inspect.ts)
//   balancer-lens explain DUMP        the "Explain this capture" report in Markdown (cli/explain.ts)
//   balancer-lens diagram FILE --svg OUT the flow diagram of a capture as SVG (cli/diagram.ts)
//   balancer-lens redact PATH... --out DIR  redacted copies for sharing; unredact maps them back (cli/redact.ts)
// `runCli` takes the arguments and the output streams, so another program (or a test) can wrap it.
import { runCheck } from './cli/check';
import { type CliOutput, OutputError, PROGRAM, sayTo, UsageError } from './cli/common';
import { runDiagram } from './cli/diagram';
import { runExplain } from './cli/explain';
import { runInspect } from './cli/inspect';
import { runRedact, runUnredact } from './cli/redact';
import { packageInfo } from './packageInfo';

export type { CliOutput } from './cli/common';

/** The usage text `--help` prints. */
export const USAGE = `Usage: balancer-lens COMMAND [options]

Balancer Lens reads link load balancer (A10 ACOS) configurations and the capture dumps they
print, as the editor extension does.

Commands:
  check PATH...      check configurations and captures (files and folders); prints each finding
                     as file:line:column: severity code: message, or as JSON or SARIF
  inspect FILE       one line (or JSON object) per packet copy of a capture dump
  explain DUMP [PATH...]
                     the "Explain this capture" report of a dump in Markdown, joined with the
                     configurations under PATH (default: the dump's folder)
  diagram FILE --svg OUT [--configs PATH]...
                     the flow diagram of a capture dump as an SVG picture, as the editor draws it,
                     the VIPs named by the configurations under PATH (default: the dump's folder)
  redact PATH... --out DIR [--key FILE] [--names]
                     redacted copies of configurations and dumps for sharing: addresses mapped
                     consistently (prefixes and private/public kept), secrets removed, names too
                     with --names
  unredact --key FILE [FILE]
                     maps a redacted text (a finding, a report) back to the original addresses

Options:
  -h, --help         this text; "balancer-lens COMMAND --help" for a command's options
  -v, --version      the version
  --locale zh-cn     findings, reports and diagrams in Simplified Chinese (any command; else
                     LC_ALL, LC_MESSAGES or LANG decides: zh_CN.UTF-8 is Chinese, the rest English)

The language server for editors is the program balancer-lens-language-server --stdio.
`;

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
  const [command, ...rest] = argv;
  /** A wrong command line: what is wrong, and where to read how it goes (not the whole text). */
  const usageError = (message: string, helpCommand: string): number => {
    sayTo(output)(message);
    output.stderr.write(`Run '${helpCommand} --help' for how to use it.\n`);
    return 2;
  };
  if (command === undefined) return usageError('No command given.', PROGRAM);
  if (command === '-h' || command === '--help') {
    output.stdout.write(USAGE);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    output.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  const known = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (known === undefined) {
    const what = command.startsWith('-')
      ? `Unknown option ${command}`
      : `Unknown command '${command}'`;
    return usageError(
      `${what}. The commands are 'check', 'inspect', 'explain', 'diagram', 'redact' and 'unredact'.`,
      PROGRAM,
    );
  }
  try {
    return await known.run(rest, output);
  } catch (error) {
    if (error instanceof OutputError) {
      // A reader that goes away early (`| head`) is not an error of ours: stop, quietly.
      if (error.code === 'EPIPE') return 0;
      sayTo(output)(`cannot write the output: ${error.message}.`);
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
        `${PROGRAM}: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 3;
    },
  );
}
