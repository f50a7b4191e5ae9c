// `balancer-lens check PATH...`: the editor's findings for whole folders, for people, scripts and
// CI. The configurations found are one workspace, as the editor's folders are (a name defined
// in one file and used in another resolves); the project's settings files and the silencing
// comments apply as in the editor.
import * as l10n from '@vscode/l10n';
import { promises as fs } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DeviceGroupMatcher } from '../deviceGroups';
import type { Diagnostic } from 'vscode-languageserver-types';
import { fileStat, FileProblem, pathShown, readTextFile } from '../safeFiles';
import { CONFIG_LANGUAGE, createLanguageService, type LanguageService } from '../service';
import type { Severity } from '../service/rules';
import { binaryCaptureFormat, readCaptureFileText } from '../captureFiles';
import {
  type CliOutput,
  describeFileError,
  type InputFile,
  outputIntoInput,
  parseCommandLine,
  sayTo,
  UsageError,
  writeAll,
  cannotRead,
  usageText,
} from './common';
import { findFiles, type FoundFiles } from './files';
import {
  type Finding,
  findingOf,
  type Format,
  formatJson,
  formatSarif,
  FORMATS,
  formatText,
  SEVERITY_RANK,
  sortFindings,
} from './formats';
import { ignorePatterns } from './ignore';
import { forEachLine } from './inspect';
import { longLine } from './pieces';
import {
  type CheckSettings,
  SETTINGS_FILE,
  SettingsError,
  SettingsFinder,
  VSCODE_SETTINGS_FILE,
} from './settings';

/** The levels `--fail-on` takes. */
const FAIL_ON = ['error', 'warning', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** The usage text `check --help` prints. */
export function checkUsage(): string {
  return usageText([
    l10n.t('Usage: balancer-lens check [options] PATH...'),
    l10n.t(
      'Checks balancer configurations (A10 ACOS running-config, VIP status summaries) and capture dumps\n(axdebug, tcpdump text, binary pcap and pcapng) as the editor does, and prints each finding. PATH\nis a file or a folder. In a folder, files count by their name (*.a10.cfg, *.acos,\nvip*.summary.txt, *.axdebug.txt, *.tcpdump.txt, ...; *.pcap, *.pcapng and *.cap by their first\nbytes) or, for .txt, .cfg, .conf and .log files and files without an extension, by their content\n(comment and backup-tool header lines, a banner and the prompt skipped); node_modules, out, dist\nand hidden folders are skipped. A file named on the command line is recognised by its content\nwhatever its name.',
    ),
    l10n.t(
      'Devices: a configuration with a hostname, the box\'s header, an end, a backup tool\'s header or\nthe prompt show running-config was typed at is a device of its own: its names resolve inside it\nand nothing it defines clashes with another device. A fragment (a paste, a status summary)\nbelongs to the one device of its folder, else sees every device and clashes with none. A device\nsplit over several files is named in the settings: "devices": { "lb-dc1": ["dc1/lb1/*.cfg"] }.',
    ),
    l10n.t(
      'Options:\n  --format text|json|sarif     text (the default): file:line:column: severity code: message\n                               (a pcap or pcapng file is read as its text form, tcpdump -# -nn -v,\n                               as the editor shows it: its lines, each packet\'s starting with its number)\n                               json: [{"file","device","line","column","endLine","endColumn",\n                                      "severity","code","message","docUrl"}] (device: the\n                                      file\'s device, when it belongs to one)\n                               sarif: SARIF 2.1.0, for code scanning (the device in each\n                                      result\'s properties)\n  --fail-on error|warning|never\n                               exit with 1 when there is a finding of this severity or above\n                               (default: error; never: always 0 once the check has run)\n  --config FILE                the settings file to apply everywhere, instead of looking for\n                               {0} and {1}\n  --ignore PATTERN             leave out files and folders that match, in folders walked\n                               (repeatable; "archive/", "*.old.cfg", "lab/**/box?.cfg")\n  -h, --help                   this text',
      SETTINGS_FILE,
      VSCODE_SETTINGS_FILE,
    ),
    l10n.t(
      'Settings: for each file, the nearest folder (its own, then each parent) that holds\n{0} or a {1} with "balancerLens.rules" decides;\nwhen it holds both, both apply and {0} wins rule by rule. {0}:\n  { "rules": { "lbconf/unused-definition": "off", "lbconf/nat-pool-overlap": "error" },\n    "ignore": ["archive/"], "devices": { "lb-dc1": ["dc1/lb1/*.cfg"] } }\nA rule is off, hint, information, warning or error. "! balancer-lens-disable-next-line CODE"\nabove a configuration line silences that finding there.',
      SETTINGS_FILE,
      VSCODE_SETTINGS_FILE,
    ),
    l10n.t(
      'Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, 2 a wrong command\nline, a settings file that cannot be used, a path that cannot be read (a FIFO or a device where a\nfile is expected; a damaged pcap, after the findings of the packets before the damage), nothing\nchecked but files that are neither configurations nor captures, or output that cannot be written\n(no space left) or that goes into a file checked. A reader of the output that stops early\n(`| head`) ends the check with 0.',
    ),
  ]);
}

interface CheckOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly failOn: FailOn;
  readonly config?: string;
  readonly ignore: readonly string[];
}

/** Reads the arguments after `check`: options with a value take it as `--format json` or `--format=json`. */
function parseArguments(argv: readonly string[]): CheckOptions | 'help' {
  const { values, positionals: paths } = parseCommandLine(
    argv,
    {
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      config: { type: 'string' },
      ignore: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    {
      format: FORMATS.join(', '),
      'fail-on': FAIL_ON.join(', '),
      config: 'a settings file',
      ignore: 'a pattern such as "archive/"',
    },
  );
  if (values.help) return 'help';
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`Unknown format '${format}': use ${FORMATS.join(', ')}.`);
  const failOn = values['fail-on'] ?? 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn))
    throw new UsageError(`Unknown --fail-on level '${failOn}': use ${FAIL_ON.join(', ')}.`);
  if (paths.length === 0)
    throw new UsageError('No PATH given: name the files or folders to check (. for this folder).');
  if (paths.includes('-'))
    throw new UsageError(
      'check reads files and folders, not standard input: save the text to a file first.',
    );
  return {
    paths,
    format: format as Format,
    failOn: failOn as FailOn,
    config: values.config,
    ignore: values.ignore ?? [],
  };
}

/** The counts of a list of findings in words: `1 error, 2 warnings`. */
function countsOf(findings: readonly Finding[]): string {
  const words: [Severity, string, string][] = [
    ['error', 'error', 'errors'],
    ['warning', 'warning', 'warnings'],
    ['information', 'information', 'information'],
    ['hint', 'hint', 'hints'],
  ];
  const parts = words
    .map(([severity, one, many]) => {
      const count = findings.filter((f) => f.severity === severity).length;
      return count === 0 ? '' : `${count} ${count === 1 ? one : many}`;
    })
    .filter((part) => part !== '');
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}

/**
 * Reads a file found as a document; undefined (and the reason added to `unreadable`) when it
 * cannot be read. A binary capture is read as its text form, and one damaged is unreadable past
 * the damage (its packets before it are checked).
 */
async function readDocument(
  file: FoundFiles['files'][number],
  unreadable: { path: string; reason: string }[],
  shown: (file: string) => string,
): Promise<TextDocument | undefined> {
  try {
    let text: string;
    if ((await binaryCaptureFormat(file.path)) !== undefined) {
      const form = await readCaptureFileText(file.path, shown(file.path));
      text = form.text;
      if (form.fault !== undefined) unreadable.push({ path: file.path, reason: form.fault });
    } else {
      text = await readTextFile(file.path);
    }
    return TextDocument.create(pathToFileURL(file.path).href, file.language, 1, text);
  } catch (error) {
    unreadable.push({ path: file.path, reason: describeFileError(error) });
    return undefined;
  }
}

/**
 * Checks a capture dump as its lines stream past, twice (LanguageService.checkCaptureStream), so
 * that a dump of any size is checked in memory that grows with its flows and hosts, not its
 * lines. Answers its findings; undefined (the reason added to `unreadable`) when it cannot be
 * read; 'whole' for a dump to be read whole instead: a binary capture (read as its text form) or
 * one with a line too long to stream.
 */
async function checkStreamed(
  file: string,
  service: LanguageService,
  unreadable: { path: string; reason: string }[],
): Promise<Diagnostic[] | 'whole' | undefined> {
  try {
    if ((await binaryCaptureFormat(file)) !== undefined) return 'whole';
    const size = (await fileStat(file)).size;
    const check = service.checkCaptureStream(pathToFileURL(file).href);
    for (const sink of check.passes()) {
      await forEachLine(file, size, (text) => sink.line(text));
      sink.end();
    }
    return check.findings();
  } catch (error) {
    if (error instanceof FileProblem && error.message === longLine().message) return 'whole';
    unreadable.push({ path: file, reason: describeFileError(error) });
    return undefined;
  }
}

/** The files checked (absolute paths), named as `shown` names them, for outputIntoInput. */
async function statsOf(
  files: readonly string[],
  shown: (file: string) => string,
): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const file of files) {
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat) inputs.push({ name: shown(file), stat });
  }
  return inputs;
}

/**
 * Runs `check` with the arguments after the command; resolves to the exit status. Throws a
 * UsageError for a command line it cannot run.
 */
export async function runCheck(
  argv: readonly string[],
  output: CliOutput,
  cwd = process.cwd(),
): Promise<number> {
  const options = parseArguments(argv);
  if (options === 'help') {
    output.stdout.write(checkUsage());
    return 0;
  }
  const say = sayTo(output);

  // Every path must exist before anything is printed: a mistyped path is a wrong command line.
  const paths = options.paths.map((p) => path.resolve(cwd, p));
  for (const [index, absolute] of paths.entries()) {
    try {
      await fs.stat(absolute);
    } catch (error) {
      say(
        cannotRead(
          pathShown(options.paths[index]),
          describeFileError(error, l10n.t('no such file or folder')),
        ),
      );
      return 2;
    }
  }

  let found: FoundFiles;
  const rulesOf = new Map<string, CheckSettings['rules']>();
  const groupOf = new Map<string, string>();
  try {
    const explicit =
      options.config === undefined
        ? undefined
        : await SettingsFinder.read(path.resolve(cwd, options.config), say);
    const settings = new SettingsFinder(explicit, say);
    found = await findFiles(paths, settings, ignorePatterns(options.ignore, cwd));
    const matchers = new Map<CheckSettings, DeviceGroupMatcher>();
    for (const file of found.files) {
      const folderSettings = await settings.forFolder(path.dirname(file.path));
      rulesOf.set(file.path, folderSettings.rules);
      // A device split over several files, named in the settings (`devices`).
      let matcher = matchers.get(folderSettings);
      if (!matcher) {
        matcher = new DeviceGroupMatcher(folderSettings.devices ? [folderSettings.devices] : []);
        matchers.set(folderSettings, matcher);
      }
      const group = matcher.groupOf(file.path);
      if (group !== undefined) groupOf.set(pathToFileURL(file.path).href, group);
    }
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    say(error.message);
    return 2;
  }

  const shown = (file: string): string => pathShown(path.relative(cwd, file) || file);
  for (const file of found.unrecognised)
    say(
      `skipped ${shown(file)}: neither a balancer configuration nor a capture (by its name or first line).`,
    );
  // The configurations are the workspace each file is checked in, with its folder's rules: read
  // first, and kept. A capture is read when its turn comes and forgotten once checked, so that
  // the largest dump, not all of them, decides the memory a check takes.
  const unreadable = [...found.unreadable];
  const sayUnreadable = (from: number): void => {
    for (const u of unreadable.slice(from)) say(cannotRead(shown(u.path), u.reason));
  };
  const configOf = new Map<string, TextDocument>();
  for (const file of found.files) {
    if (file.language !== CONFIG_LANGUAGE) continue;
    const document = await readDocument(file, unreadable, shown);
    if (document) configOf.set(file.path, document);
  }
  const configs = [...configOf.values()];
  sayUnreadable(0);
  const notRead = new Set(unreadable.map((u) => u.path));
  const reading = found.files.map((f) => f.path).filter((f) => !notRead.has(f));
  const into = outputIntoInput(output, await statsOf(reading, shown));
  if (into !== undefined) {
    say(into);
    return 2;
  }

  // Each device's names are its own (service/config/devices.ts).
  const service = createLanguageService({
    workspace: {
      configDocuments: () => configs,
      ...(groupOf.size === 0 ? {} : { deviceGroup: (uri: string) => groupOf.get(uri) }),
    },
  });
  const findings: Finding[] = [];
  const devices = new Set<string>();
  let checked = 0;
  for (const file of found.files) {
    const said = unreadable.length;
    if (file.language !== CONFIG_LANGUAGE) {
      service.configure({ rules: rulesOf.get(file.path) ?? {} });
      const streamed = await checkStreamed(file.path, service, unreadable);
      if (streamed !== 'whole') {
        sayUnreadable(said);
        if (streamed === undefined) continue;
        checked++;
        for (const diagnostic of streamed)
          findings.push(findingOf(diagnostic, file.path, cwd, undefined));
        continue;
      }
    }
    const document =
      file.language === CONFIG_LANGUAGE
        ? configOf.get(file.path)
        : await readDocument(file, unreadable, shown);
    sayUnreadable(said);
    if (!document) continue;
    checked++;
    service.configure({ rules: rulesOf.get(file.path) ?? {} });
    const device = service.deviceOf(document);
    if (device) devices.add(device.id);
    for (const diagnostic of service.doValidation(document))
      findings.push(findingOf(diagnostic, file.path, cwd, device?.name));
    if (file.language !== CONFIG_LANGUAGE) service.forget(document.uri);
  }
  sortFindings(findings);

  const printed =
    options.format === 'json'
      ? formatJson(findings)
      : options.format === 'sarif'
        ? formatSarif(findings, { cwd, unreadable })
        : formatText(findings);
  await writeAll(output.stdout, printed);

  const ofDevices =
    devices.size === 0 ? '' : ` (${devices.size} device${devices.size === 1 ? '' : 's'})`;
  say(`checked ${checked} file${checked === 1 ? '' : 's'}${ofDevices}: ${countsOf(findings)}.`);
  if (unreadable.length > 0) return 2;
  // Files named, none of them checked: a wrong path in a CI job, not a clean bill of health.
  if (checked === 0 && found.unrecognised.length > 0) return 2;
  if (options.failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[options.failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}
