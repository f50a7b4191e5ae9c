// `balancer-lens explain DUMP [PATH...]`: the editor's "Explain this capture" report, in Markdown,
// for a ticket or a CI artefact. The configurations it joins the dump with are those found under
// the PATHs (files or folders), or in the dump's own folder when none is named.
import type { Stats } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { languageOfFile } from '../languageFiles';
import { fileStat, pathShown, readTextFile } from '../safeFiles';
import { CAPTURE_LANGUAGE, createLanguageService } from '../service';
import { binaryCaptureFormat, captureTextProblem, readCaptureFileText } from '../captureFiles';
import {
  type CliOutput,
  describeFileError,
  outputIntoInput,
  parseCommandLine,
  sayTo,
  UsageError,
  writeAll,
} from './common';
import { filesRead, readConfigurations } from './configs';

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

Exit status: 0 the report was printed (or its reader stopped early, as \`| head\` does), 1 a file
that cannot be read (a folder, a FIFO, a device) or a DUMP that is no capture dump (a damaged
pcap: after the report on the packets before the damage), or the report cannot be written (no
space left), 2 a wrong command line (or standard output goes into a file read).
`;

/** Runs `explain` with the arguments after the command; resolves to the exit status. */
export async function runExplain(
  argv: readonly string[],
  output: CliOutput,
  cwd = process.cwd(),
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    output.stdout.write(EXPLAIN_USAGE);
    return 0;
  }
  const [dumpArgument, ...configArguments] = positionals;
  if (dumpArgument === undefined)
    throw new UsageError('No DUMP given: name the capture dump to explain.');
  const say = sayTo(output);

  const dump = path.resolve(cwd, dumpArgument);
  const shown = pathShown(dumpArgument);
  let text: string;
  let stat: Stats;
  let problem: string | undefined;
  try {
    stat = await fileStat(dump); // a folder, a FIFO or a device is refused before it is opened
    if ((await languageOfFile(dump, true)) !== CAPTURE_LANGUAGE) {
      say(`${shown} is not a capture dump (axdebug or tcpdump text), by its name or first line.`);
      return 1;
    }
    const binary = await binaryCaptureFormat(dump);
    if (binary !== undefined) {
      const form = await readCaptureFileText(dump, dumpArgument);
      text = form.text;
      problem = captureTextProblem(form, dumpArgument);
    } else {
      text = await readTextFile(dump);
    }
  } catch (error) {
    say(`cannot read ${shown}: ${describeFileError(error)}.`);
    return 1;
  }

  const configs = await readConfigurations(configArguments, path.dirname(dump), cwd, say);
  if (configs === undefined) return 1;
  const into = outputIntoInput(output, [
    { name: dumpArgument, stat },
    ...(await filesRead(configs, cwd)),
  ]);
  if (into !== undefined) {
    say(into);
    return 2;
  }
  const service = createLanguageService({ workspace: { configDocuments: () => configs } });
  const capture = TextDocument.create(pathToFileURL(dump).href, CAPTURE_LANGUAGE, 1, text);
  // Links relative to the working folder: a report saved there (`> report.md`) links to the files.
  const linksRelativeTo = pathToFileURL(cwd).href;
  await writeAll(output.stdout, service.explainCapture(capture, { linksRelativeTo }) ?? '');
  if (problem === undefined) return 0;
  say(problem);
  return 1;
}
