// `balancer-lens diagram FILE --svg OUT`: the flow diagram of a capture dump as an SVG file, the
// same picture the editor's "Show Flow Diagram" draws (one renderer, service/diagram/render.ts),
// for a ticket or a wiki page. Filters and collapsed flows as in the editor; the balancer's
// addresses named by the configurations beside the dump (or under --configs), as `explain` reads them.
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as path from 'path';
import { FileProblem, fileStat, pathShown, readStandardInput, readTextFile } from '../safeFiles';
import { createLanguageService } from '../service';
import { forEachLine as forEachTextLine } from '../service/capture/reading/parser';
import type { DiagramView } from '../service/diagram/render';
import type { DiagramStream } from '../service/diagram/streamed';
import { LIGHT_PALETTE } from '../service/diagram/theme';
import { binaryCaptureFormat, captureTextProblem, readCaptureFileText } from '../captureFiles';
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
import { filesRead, readConfigurations } from './configs';
import { forEachLine } from './inspect';
import { longLine } from './pieces';

/** The usage text `diagram --help` prints. */
export function diagramUsage(): string {
  return usageText([
    l10n.t(
      'Usage: balancer-lens diagram FILE --svg OUT [--configs PATH]... [--flow N] [--peer N] [--protocol P] [--collapse]',
    ),
    l10n.t(
      "Draws the flow diagram of a capture dump (axdebug or tcpdump text, or a pcap or pcapng file) as an SVG picture: a lane for\neach inside host, the balancer and each outside peer; an arrow for each packet, its two copies\njoined through the balancer with the translation written on it; replies against their requests;\nunanswered packets, one-way flows and ICMP errors marked; each IPsec peer's phase status on top.\nA dump of more than 5,000 packets is drawn as bands of packets. Under the balancer, the addresses\nit used are named by the VIP or NAT pool of the configurations read, as the editor names them\nfrom its workspace's: those beside the dump (its folder, not the folders under it), or those under the --configs PATHs.",
    ),
    l10n.t(
      '  --svg OUT        where to write the picture ("-" for standard output)\n  --configs PATH   read the balancer configurations from PATH (a file or a folder, as check\n                   finds them) instead of the dump\'s folder; repeat it for more\n  --flow N         only flow N (the numbers the editor\'s outline and lenses give)\n  --peer N         only IPsec peer N and the traffic with its address\n  --protocol P     only one protocol: tcp, udp, icmp, esp, ah, ike, arp, ...\n  --collapse       each flow as one row\n  -h, --help       this text',
    ),
    l10n.t(
      'Exit status: 0 drawn (or the reader of standard output stopped early, as `| head` does), 1 a\nfile cannot be read (a folder, a FIFO, a device) or the dump holds no packet to draw (a damaged\npcap: after drawing the packets before the damage), or the picture cannot be written (no space\nleft), 2 the command line is wrong (or OUT is a file read: the dump or a configuration).',
    ),
  ]);
}

interface DiagramOptions {
  readonly file: string;
  readonly svg: string;
  readonly configs: readonly string[];
  readonly view: DiagramView;
  readonly collapse: boolean;
}

function parseArguments(rest: readonly string[]): DiagramOptions | 'help' {
  const { values, positionals: files } = parseCommandLine(rest, {
    svg: { type: 'string' },
    flow: { type: 'string' },
    peer: { type: 'string' },
    protocol: { type: 'string' },
    configs: { type: 'string', multiple: true },
    collapse: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (files.length === 0)
    throw new UsageError('No FILE given: diagram draws a capture dump from a file.');
  if (files.length > 1)
    throw new UsageError(`One FILE at a time (got ${files.length}: ${files.join(', ')}).`);
  if (values.svg === undefined)
    throw new UsageError('No --svg OUT given: where should the picture go?');
  const number = (name: 'flow' | 'peer'): number | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(value))
      throw new UsageError(`--${name} takes a number from 1 (got '${value}').`);
    return Number(value);
  };
  return {
    file: files[0],
    svg: values.svg,
    configs: values.configs ?? [],
    view: {
      flow: number('flow'),
      peer: number('peer'),
      protocol: values.protocol?.toLowerCase(),
    },
    collapse: values.collapse === true,
  };
}

/** Runs `diagram`; resolves to the exit status. */
export async function runDiagram(
  argv: readonly string[],
  output: CliOutput,
  cwd = process.cwd(),
): Promise<number> {
  const options = parseArguments(argv);
  if (options === 'help') {
    output.stdout.write(diagramUsage());
    return 0;
  }
  const say = sayTo(output);
  const fromInput = options.file === '-';
  const dump = path.resolve(cwd, options.file);
  const inputs: InputFile[] = [];
  // A text dump is streamed from its file (three readings); standard input and a binary capture's
  // text form are read whole and their lines streamed from memory.
  let text: string | undefined;
  let size = 0;
  let problem: string | undefined;
  try {
    if (fromInput) text = await readStandardInput();
    else {
      const stat = await fileStat(dump); // no folder, FIFO or device
      inputs.push({ name: options.file, stat });
      size = stat.size;
      if ((await binaryCaptureFormat(dump)) !== undefined) {
        const form = await readCaptureFileText(dump, options.file);
        text = form.text;
        problem = captureTextProblem(form, options.file);
      }
    }
  } catch (error) {
    say(
      cannotRead(
        fromInput ? l10n.t('standard input') : pathShown(options.file),
        describeFileError(error),
      ),
    );
    return 1;
  }
  // A dump read from standard input has no folder: only the --configs named are read.
  const configs = await readConfigurations(
    options.configs,
    fromInput ? undefined : path.dirname(dump),
    cwd,
    say,
  );
  if (configs === undefined) return 1;
  // The picture must not be written over a file it was drawn from.
  inputs.push(...(await filesRead(configs, cwd)));
  const svgStat =
    options.svg === '-'
      ? undefined
      : await fs.promises.stat(path.resolve(cwd, options.svg)).catch(() => undefined);
  const into =
    options.svg === '-'
      ? outputIntoInput(output, inputs)
      : svgStat && outputIntoInput(output, inputs, { name: options.svg, stat: svgStat });
  if (into !== undefined) {
    say(into);
    return 2;
  }
  const service = createLanguageService({ workspace: { configDocuments: () => configs } });
  const streamed = { view: options.view, collapseAll: options.collapse };
  let drawing: DiagramStream | undefined;
  try {
    drawing = await drawStreamed(
      service.diagramCaptureStream(streamed),
      text === undefined ? dump : { text },
      size,
    );
    // A line too long to stream: the dump is read whole, as the editor reads it.
    if (drawing === undefined) text = await readTextFile(dump);
  } catch (error) {
    say(cannotRead(pathShown(options.file), describeFileError(error)));
    return 1;
  }
  drawing ??= await drawStreamed(service.diagramCaptureStream(streamed), { text: text! }, 0);
  const answer = drawing!.diagram();
  if (answer.message !== undefined) {
    say(`${pathShown(options.file)}: ${answer.message}`);
    return 1;
  }
  const { flow, peer } = options.view;
  if (flow !== undefined && !answer.flows.some((f) => f.id === flow))
    throw new UsageError(`There is no flow ${flow}: the dump has ${answer.flows.length}.`);
  if (peer !== undefined && !answer.peers.some((p) => p.id === peer))
    throw new UsageError(`There is no IPsec peer ${peer}: the dump has ${answer.peers.length}.`);
  const svg = drawing!.svg(LIGHT_PALETTE);
  try {
    if (options.svg === '-') await writeAll(output.stdout, svg);
    else await fs.promises.writeFile(path.resolve(cwd, options.svg), svg);
  } catch (error) {
    if (options.svg === '-') throw error; // standard output's failure: the command line's answer
    say(`cannot write ${pathShown(options.svg)}: ${describeFileError(error, 'no such folder')}.`);
    return 1;
  }
  if (problem === undefined) return 0;
  say(problem);
  return 1;
}

/**
 * The diagram of a dump streamed past the service three times (DiagramStream.passes), from its
 * file or from its text in memory, so that the diagram of a dump of any size takes memory that
 * grows with its hosts and flows, not its lines; undefined for a file with a line too long to stream.
 */
async function drawStreamed(
  drawing: DiagramStream,
  from: string | { readonly text: string },
  size: number,
): Promise<DiagramStream | undefined> {
  try {
    for (const sink of drawing.passes()) {
      if (typeof from === 'string') await forEachLine(from, size, (line) => sink.line(line));
      else forEachTextLine(from.text, (line) => sink.line(line));
      sink.end();
    }
  } catch (error) {
    if (error instanceof FileProblem && error.message === longLine().message) return undefined;
    throw error;
  }
  return drawing;
}
