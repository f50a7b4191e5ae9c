// `balancer-lens explain DUMP [PATH...]`: the editor's "Explain this capture" report, in Markdown,
// for a ticket or a CI artefact. The configurations it joins the dump with are those found under
// the PATHs (files or folders), or in the dump's own folder when none is named.
import * as l10n from '@vscode/l10n';
import type { Stats } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { languageOfFile } from '../languageFiles';
import { FileProblem, fileStat, pathShown, readTextFile } from '../safeFiles';
import { CAPTURE_LANGUAGE, createLanguageService, type LanguageService } from '../service';
import { binaryCaptureFormat, captureTextProblem, readCaptureFileText } from '../captureFiles';
import {
  type CliOutput,
  describeFileError,
  outputIntoInput,
  parseCommandLine,
  sayTo,
  UsageError,
  writeAll,
  cannotRead,
  usageText,
} from './common';
import { filesRead, readConfigurations } from './configs';
import { forEachLine } from './inspect';
import { longLine } from './pieces';

/** The usage text `explain --help` prints. */
export function explainUsage(): string {
  return usageText([
    l10n.t('Usage: balancer-lens explain DUMP [PATH...]'),
    l10n.t(
      'Prints the report the editor\'s "Explain this capture" command opens, in Markdown: per IPsec peer\nthe phases seen, the NAT seen, the VIP and vport that handled the traffic, the findings and the\nconfiguration changes that would fix them, each linked to its line.',
    ),
    l10n.t(
      'DUMP is a capture dump (axdebug or tcpdump text) or a binary capture (pcap, pcapng), read as its\ntext form (tcpdump -# -nn -v, whose lines the report links). The configurations are read from the PATHs\n(files or folders, as check finds them); with no PATH, from the files beside the dump (its folder, not the folders under it).',
    ),
    l10n.t('Options:\n  -h, --help   this text'),
    l10n.t(
      'Exit status: 0 the report was printed (or its reader stopped early, as `| head` does), 1 a file\nthat cannot be read (a folder, a FIFO, a device) or a DUMP that is no capture dump (a damaged\npcap: after the report on the packets before the damage), or the report cannot be written (no\nspace left), 2 a wrong command line (or standard output goes into a file read).',
    ),
  ]);
}

/** Runs `explain` with the arguments after the command; resolves to the exit status. */
export async function runExplain(
  argv: readonly string[],
  output: CliOutput,
  cwd = process.cwd(),
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    output.stdout.write(explainUsage());
    return 0;
  }
  const [dumpArgument, ...configArguments] = positionals;
  if (dumpArgument === undefined)
    throw new UsageError('No DUMP given: name the capture dump to explain.');
  const say = sayTo(output);

  const dump = path.resolve(cwd, dumpArgument);
  const shown = pathShown(dumpArgument);
  // A text dump is streamed (explainStreamed); a binary capture is read whole, as its text form.
  let text: string | undefined;
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
    }
  } catch (error) {
    say(cannotRead(shown, describeFileError(error)));
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
  const uri = pathToFileURL(dump).href;
  // Links relative to the working folder: a report saved there (`> report.md`) links to the files.
  const linksRelativeTo = pathToFileURL(cwd).href;
  let report: string | undefined;
  try {
    if (text === undefined) {
      report = await explainStreamed(dump, stat.size, service, linksRelativeTo);
      // A line too long to stream: the dump is read whole, as the editor reads it.
      if (report === undefined) text = await readTextFile(dump);
    }
  } catch (error) {
    say(cannotRead(shown, describeFileError(error)));
    return 1;
  }
  if (text !== undefined) {
    const capture = TextDocument.create(uri, CAPTURE_LANGUAGE, 1, text);
    report = service.explainCapture(capture, { linksRelativeTo }) ?? '';
  }
  await writeAll(output.stdout, report ?? '');
  if (problem === undefined) return 0;
  say(problem);
  return 1;
}

/**
 * The report of a text dump streamed past the service two or three times
 * (LanguageService.explainCaptureStream), so that a dump of any size is explained in memory that
 * grows with its flows and hosts, not its lines; undefined for a dump with a line too long to
 * stream (read whole instead).
 */
async function explainStreamed(
  file: string,
  size: number,
  service: LanguageService,
  linksRelativeTo: string,
): Promise<string | undefined> {
  const explain = service.explainCaptureStream(pathToFileURL(file).href, { linksRelativeTo });
  try {
    for (const sink of explain.passes()) {
      await forEachLine(file, size, (text) => sink.line(text));
      sink.end();
    }
  } catch (error) {
    if (error instanceof FileProblem && error.message === longLine().message) return undefined;
    throw error;
  }
  return explain.report();
}
