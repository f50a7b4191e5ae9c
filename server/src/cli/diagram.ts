// `balancer-lens diagram FILE --svg OUT`: the flow diagram of a capture dump as an SVG file, the
// same picture the editor's "Show Flow Diagram" draws (one renderer, service/diagram/render.ts),
// for a ticket or a wiki page. Filters and collapsed flows as in the editor.
import * as fs from 'fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CAPTURE_LANGUAGE, createLanguageService } from '../service';
import { type DiagramView, LIGHT_PALETTE, renderDiagramSvg } from '../service/diagram/render';
import { type CliOutput, describeFileError, PROGRAM, UsageError, writeAll } from './common';

/** The usage text `diagram --help` prints. */
export const DIAGRAM_USAGE = `Usage: balancer-lens diagram FILE --svg OUT [--flow N] [--peer N] [--protocol P] [--collapse]

Draws the flow diagram of a capture dump (axdebug or tcpdump text) as an SVG picture: a lane for
each inside host, the balancer and each outside peer; an arrow for each packet, its two copies
joined through the balancer with the translation written on it; replies against their requests;
unanswered packets, one-way flows and ICMP errors marked; each IPsec peer's phase status on top.
A dump of more than 5,000 packets is drawn as bands of packets.

  --svg OUT        where to write the picture ("-" for standard output)
  --flow N         only flow N (the numbers the editor's outline and lenses give)
  --peer N         only IPsec peer N and the traffic with its address
  --protocol P     only one protocol: tcp, udp, icmp, esp, ah, ike, arp, ...
  --collapse       each flow as one row
  -h, --help       this text

Exit status: 0 drawn, 1 the file cannot be read or holds no packet to draw, 2 the command line is wrong.
`;

interface DiagramOptions {
  readonly file: string;
  readonly svg: string;
  readonly view: DiagramView;
  readonly collapse: boolean;
}

function parseArguments(rest: readonly string[]): DiagramOptions | 'help' {
  if (rest.includes('--help') || rest.includes('-h')) return 'help';
  const files: string[] = [];
  const values: Record<string, string | undefined> = {};
  let collapse = false;
  for (let i = 0; i < rest.length; i++) {
    const argument = rest[i];
    if (argument === '--collapse') collapse = true;
    else if (['--svg', '--flow', '--peer', '--protocol'].includes(argument)) {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${argument} needs a value.`);
      values[argument] = value;
    } else if (argument.startsWith('-') && argument !== '-') throw new UsageError(`Unknown option ${argument}.`);
    else files.push(argument);
  }
  if (files.length === 0) throw new UsageError('No FILE given: diagram draws a capture dump from a file.');
  if (files.length > 1) throw new UsageError(`One FILE at a time (got ${files.length}: ${files.join(', ')}).`);
  if (values['--svg'] === undefined) throw new UsageError('No --svg OUT given: where should the picture go?');
  const number = (name: string): number | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${name} takes a number from 1 (got '${value}').`);
    return Number(value);
  };
  return {
    file: files[0],
    svg: values['--svg'],
    view: { flow: number('--flow'), peer: number('--peer'), protocol: values['--protocol']?.toLowerCase() },
    collapse,
  };
}

/** Runs `diagram`; resolves to the exit status. */
export async function runDiagram(argv: readonly string[], output: CliOutput): Promise<number> {
  const options = parseArguments(argv);
  if (options === 'help') {
    output.stdout.write(DIAGRAM_USAGE);
    return 0;
  }
  let text: string;
  try {
    text = options.file === '-' ? fs.readFileSync(0, 'utf8') : await fs.promises.readFile(options.file, 'utf8');
  } catch (error) {
    output.stderr.write(`${PROGRAM}: cannot read ${options.file}: ${describeFileError(error)}.\n`);
    return 1;
  }
  const answer = createLanguageService().getFlowDiagram(TextDocument.create('file:///dump', CAPTURE_LANGUAGE, 1, text));
  if ('error' in answer) throw new Error(answer.error); // a capture document always has a diagram
  if (answer.message !== undefined) {
    output.stderr.write(`${PROGRAM}: ${options.file}: ${answer.message}\n`);
    return 1;
  }
  const { flow, peer } = options.view;
  if (flow !== undefined && !answer.flows.some((f) => f.id === flow)) throw new UsageError(`There is no flow ${flow}: the dump has ${answer.flows.length}.`);
  if (peer !== undefined && !answer.peers.some((p) => p.id === peer)) throw new UsageError(`There is no IPsec peer ${peer}: the dump has ${answer.peers.length}.`);
  const view: DiagramView = { ...options.view, collapsed: options.collapse ? answer.flows.map((f) => f.id) : [] };
  const svg = renderDiagramSvg(answer, view, { palette: LIGHT_PALETTE });
  try {
    if (options.svg === '-') await writeAll(output.stdout, svg);
    else await fs.promises.writeFile(options.svg, svg);
  } catch (error) {
    output.stderr.write(`${PROGRAM}: cannot write ${options.svg}: ${describeFileError(error, 'no such folder')}.\n`);
    return 1;
  }
  return 0;
}
