// The language server's program (package.json "bin": `balancer-lens-language-server`):
// `balancer-lens-language-server --stdio` for any editor, `--node-ipc` as the VS Code client
// starts it. It makes the connection and hands it to the server. Asked for --help or --version,
// or started without a way to talk, it answers and exits instead of waiting for a client.
import { format } from 'util';
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageReader,
  type MessageWriter,
  ProposedFeatures,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { packageInfo } from './packageInfo';
import { MessageTraffic } from './analysisScheduler';
import { JSON_BYTES_ENCODER } from './jsonBytes';
import { startServer } from './server';
import { FramedMessageReader, GatedMessageReader } from './transport';

/** The usage text `--help` prints. */
export const SERVER_USAGE = `Usage: balancer-lens-language-server --stdio

The Balancer Lens language server: diagnostics, hovers, quick fixes, completion, outline, go to
definition, references and rename for balancer configurations (language id balancer-config) and
capture dumps (balancer-capture), over the Language Server Protocol.

How it talks to the editor (one of):
  --stdio              standard input and output (what most editors use)
  --node-ipc           Node's IPC channel (when the editor starts it as a Node child process)
  --socket=PORT        a TCP socket the editor listens on
  --pipe=NAME          a named pipe or Unix socket the editor listens on

Options:
  -h, --help           this text
  -v, --version        the version

Settings (initializationOptions.settings, or workspace/configuration section "balancerLens"):
  { "rules": { "lbconf/unused-definition": "off" } }
`;

const TRANSPORTS = /^--(stdio|node-ipc|socket|pipe)(=|$)/;

const argv = process.argv.slice(2);
if (argv.includes('-h') || argv.includes('--help')) {
  process.stdout.write(SERVER_USAGE);
} else if (argv.includes('-v') || argv.includes('--version')) {
  process.stdout.write(`${packageInfo().version}\n`);
} else if (!argv.some((argument) => TRANSPORTS.test(argument))) {
  process.stderr.write(
    'balancer-lens-language-server: say how to talk to the editor: --stdio, --node-ipc, --socket=PORT or --pipe=NAME.\n' +
      "Run 'balancer-lens-language-server --help' for how to use it.\n",
  );
  process.exitCode = 2;
} else {
  const [reader, writer] = wire(argv);
  const gate = new GatedMessageReader(reader, writer);
  // The editor closed standard input: the server ends (with 0 only after a shutdown request).
  if (reader instanceof FramedMessageReader)
    process.stdin.on('end', () => process.exit(gate.shutdownReceived ? 0 : 1));
  // The server sees each message the connection dispatches: analyses wait until none is queued.
  const traffic = new MessageTraffic();
  startServer(
    createConnection(ProposedFeatures.all, gate, traffic.watch(writer), {
      messageStrategy: traffic.strategy,
    }),
    traffic,
  );
}

/**
 * The reader and writer of the transport the arguments name (as vscode-languageserver picks
 * them), standard input read by a reader that survives a malformed header.
 */
function wire(args: readonly string[]): [MessageReader, MessageWriter] {
  const value = (name: string): string | undefined => {
    const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (at < 0) return undefined;
    return args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
  };
  if (args.includes('--node-ipc'))
    return [new IPCMessageReader(process), new IPCMessageWriter(process)];
  const port = value('socket');
  if (port !== undefined) return createServerSocketTransport(Number.parseInt(port, 10));
  const pipe = value('pipe');
  if (pipe !== undefined) return createServerPipeTransport(pipe);
  // Standard output carries the protocol: anything a library logs goes to stderr instead.
  console.log =
    console.info =
    console.debug =
    console.warn =
      (...parts: unknown[]): void => void process.stderr.write(`${format(...parts)}\n`);
  const reader = new FramedMessageReader(process.stdin, (problem) =>
    process.stderr.write(`balancer-lens-language-server: ${problem}\n`),
  );
  // Its JSON made a piece at a time: a large answer is never one whole text (jsonBytes.ts).
  return [
    reader,
    new StreamMessageWriter(process.stdout, {
      charset: 'utf-8',
      contentTypeEncoder: JSON_BYTES_ENCODER,
    }),
  ];
}
