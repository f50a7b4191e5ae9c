// `balancer-lens redact PATH... --out DIR` and `balancer-lens unredact --key FILE [FILE]`:
// consistent redaction for sharing (redactFiles.ts, service/redact/), and its way back.
import * as l10n from '@vscode/l10n';
import * as path from 'path';
import {
  defaultKeyFile,
  loadKey,
  RedactionError,
  redactFiles,
  redactionReport,
} from '../redactFiles';
import { pathShown, readStandardInput, readTextFile } from '../safeFiles';
import {
  cannotRead,
  type CliOutput,
  describeFileError,
  parseCommandLine,
  sayTo,
  UsageError,
  writeAll,
  usageText,
} from './common';

/** The usage text `redact --help` prints. */
export function redactUsage(): string {
  return usageText([
    l10n.t('Usage: balancer-lens redact PATH... --out DIR [--key FILE] [--names] [--host-bits N]'),
    l10n.t(
      "Writes redacted copies of the balancer configurations and capture dumps under PATH (files and\nfolders, found as 'check' finds them) into DIR, with the same relative paths. The originals are\nnever changed. One mapping serves every file of a run, so the configurations and the dumps still\nagree and every finding, pairing and join still works on the copies. A binary capture (pcap,\npcapng) is written as its redacted text form, FILE.txt (tcpdump -# -nn -v), never as bytes.",
    ),
    l10n.t(
      '  * Addresses (IPv4, IPv6) become keyed pseudonyms that keep prefixes (two addresses that share\n    their first n bits still share exactly n) and classes (a private address stays private in\n    its RFC 1918 block, a public one public). Netmasks, 0.0.0.0, broadcast, loopback, link-local\n    and multicast addresses are kept, and so are ports and protocols. Masked input (183.62.*.*)\n    stays masked.\n  * Secrets are always removed (REMOVED): passwords, encrypted values, keys, passphrases,\n    certificates and private keys, SNMP communities, RADIUS and TACACS+ secrets, pre-shared keys,\n    credentials in URLs, HTTP headers and aFleX scripts. The report lists them line by line.\n  * With --names, host names, object names, descriptions and domain names become pseudonyms\n    (n-xxxxxxxx), in configurations and dumps alike.',
    ),
    l10n.t(
      "Options:\n  --out DIR        the folder for the copies (required; not a folder that holds the originals)\n  --key FILE       the key (default: {0}); made on first\n                   use. The same key gives the same pseudonyms, so files redacted later match.\n                   Keep it private: with it, 'balancer-lens unredact' undoes the pseudonyms.\n  --names          replace names too\n  --host-bits N    trailing address bits kept as they are, fixed when the key is made (default 8:\n                   a /24's last octet, so a NAT pool's range keeps its order)\n  -h, --help       this text",
      defaultKeyFile(),
    ),
    l10n.t(
      'Exit status: 0 written, 2 a wrong command line, a path or key that cannot be used, or an output\nfolder that holds the originals.',
    ),
  ]);
}

/** The usage text `unredact --help` prints. */
export function unredactUsage(): string {
  return usageText([
    l10n.t('Usage: balancer-lens unredact --key FILE [FILE]'),
    l10n.t(
      'Maps the pseudonyms of a redacted text (a finding, a report, a redacted dump) back to the\naddresses and names they stand for, with the key that made them. Reads FILE, or standard input\nwhen no FILE (or -) is given, and writes the result to standard output.',
    ),
    l10n.t(
      'Options:\n  --key FILE       the key the redaction used (default: {0})\n  -h, --help       this text',
      defaultKeyFile(),
    ),
    l10n.t('Exit status: 0 done, 2 a wrong command line or a key or file that cannot be read.'),
  ]);
}

/** Runs `redact`; resolves to the exit status. */
export async function runRedact(
  argv: readonly string[],
  output: CliOutput,
  cwd = process.cwd(),
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    out: { type: 'string' },
    key: { type: 'string' },
    names: { type: 'boolean' },
    'host-bits': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    output.stdout.write(redactUsage());
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('No PATH given: name the files or folders to redact.');
  if (values.out === undefined)
    throw new UsageError('--out DIR is needed: the folder the redacted copies go to.');
  let hostBits: number | undefined;
  if (values['host-bits'] !== undefined) {
    hostBits = Number(values['host-bits']);
    if (!Number.isInteger(hostBits) || hostBits < 0 || hostBits > 32)
      throw new UsageError('--host-bits takes a whole number from 0 to 32.');
  }
  const say = sayTo(output);
  const shown = (file: string): string => path.relative(cwd, file) || file;
  try {
    const result = await redactFiles({
      paths: positionals.map((p) => path.resolve(cwd, p)),
      outDir: path.resolve(cwd, values.out),
      keyFile: path.resolve(cwd, values.key ?? defaultKeyFile()),
      names: values.names === true,
      hostBits,
    });
    if (result.key.created)
      say(
        `made a new key in ${result.key.file}: keep it private, and use it again for files of the same site.`,
      );
    await writeAll(output.stdout, redactionReport(result, shown));
    const secrets = result.written.reduce((sum, f) => sum + f.secrets.length, 0);
    say(
      `redacted ${result.written.length} file${result.written.length === 1 ? '' : 's'} into ${shown(path.resolve(cwd, values.out))}: ${secrets} secret${secrets === 1 ? '' : 's'} removed.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof RedactionError)) throw error;
    say(error.message);
    return 2;
  }
}

/** Runs `unredact`; resolves to the exit status. */
export async function runUnredact(
  argv: readonly string[],
  output: CliOutput,
  cwd = process.cwd(),
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    key: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    output.stdout.write(unredactUsage());
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('unredact reads one FILE (or standard input).');
  const say = sayTo(output);
  try {
    const key = await loadKey(path.resolve(cwd, values.key ?? defaultKeyFile()), {
      create: false,
      names: true,
    });
    const source = positionals[0];
    let text: string;
    try {
      text =
        source === undefined || source === '-'
          ? await readStandardInput()
          : await readTextFile(path.resolve(cwd, source));
    } catch (error) {
      say(cannotRead(pathShown(source ?? '-'), describeFileError(error)));
      return 2;
    }
    await writeAll(output.stdout, key.redactor.unredact(text));
    return 0;
  } catch (error) {
    if (!(error instanceof RedactionError)) throw error;
    say(error.message);
    return 2;
  }
}
