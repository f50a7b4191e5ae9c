// `balancer-lens explain DUMP [PATH...]`: the editor's "Explain this capture" report, in Markdown,
// for a ticket or a CI artefact. The configurations it joins the dump with are those found under
// the PATHs (files or folders), or in the dump's own folder when none is named.
import { promises as fs } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { languageOfFile } from '../languageFiles';
import { CAPTURE_LANGUAGE, createLanguageService } from '../service';
import { binaryCaptureFormat, captureTextProblem, readCaptureFileText } from '../captureFiles';
import {
  type CliOutput,
  describeFileError,
  sayTo,
  UsageError,
  writeAll,
} from './common';
import { readConfigurations } from './configs';

/** The usage text `explain --help` prints. */
export const EXPLAIN_USAGE = `Usage: balancer-lens explain DUMP [PATH...]

Prints the report the editor's "Explain this capture" command opens, in Markdown: per IPsec peer
the phases seen, the NAT seen, the VIP and vport that handled the traffic, the findings and the
configuration changes that would fix them, each linked to its line.

DUMP is a capture dump (axdebug or tcpdump text) or a binary capture (pcap, pcapng), read as its
text form (tcpdump -# -nn -v, whose lines the report links). The configurations are read from the PATHs
(files or folders, as check finds them); with no PATH, from the files beside the dump (its folder, not the folders under it).

Options:
  -h, --help   this text

Exit status: 0 the report was printed, 1 a file that cannot be read or a DUMP that is no capture
dump (a damaged pcap: after the report on the packets before the damage), 2 a wrong command line.
`;

/** Runs `explain` with the arguments after the command; resolves to the exit status. */
export async function runExplain(
  argv: readonly string[],
  output: CliOutput,
  cwd = process.cwd(),
): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    output.stdout.write(EXPLAIN_USAGE);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('-') && a !== '-');
  if (unknown) throw new UsageError(`Unknown option ${unknown}.`);
  const [dumpArgument, ...configArguments] = argv;
  if (dumpArgument === undefined)
    throw new UsageError('No DUMP given: name the capture dump to explain.');
  const say = sayTo(output);

  const dump = path.resolve(cwd, dumpArgument);
  let text: string;
  let problem: string | undefined;
  try {
    if ((await languageOfFile(dump, true)) !== CAPTURE_LANGUAGE) {
      say(
        `${dumpArgument} is not a capture dump (axdebug or tcpdump text), by its name or first line.`,
      );
      return 1;
    }
    const binary = await binaryCaptureFormat(dump);
    if (binary !== undefined) {
      const form = await readCaptureFileText(dump, dumpArgument);
      text = form.text;
      problem = captureTextProblem(form, dumpArgument);
    } else {
      text = await fs.readFile(dump, 'utf8');
    }
  } catch (error) {
    say(`cannot read ${dumpArgument}: ${describeFileError(error)}.`);
    return 1;
  }

  const configs = await readConfigurations(configArguments, path.dirname(dump), cwd, say);
  if (configs === undefined) return 1;
  const service = createLanguageService({ workspace: { configDocuments: () => configs } });
  const capture = TextDocument.create(pathToFileURL(dump).href, CAPTURE_LANGUAGE, 1, text);
  // Links relative to the working folder: a report saved there (`> report.md`) links to the files.
  const linksRelativeTo = pathToFileURL(cwd).href;
  await writeAll(output.stdout, service.explainCapture(capture, { linksRelativeTo }) ?? '');
  if (problem === undefined) return 0;
  say(problem);
  return 1;
}
