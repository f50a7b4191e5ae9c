// The language server's program (package.json "bin": `balancer-lens-language-server`):
// `balancer-lens-language-server --stdio` for any editor, `--node-ipc` as the VS Code client
// starts it. It makes the connection and hands it to the server. Asked for --help or --version,
// or started without a way to talk, it answers and exits instead of waiting for a client.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { packageInfo } from './packageInfo';
import { MessageTraffic } from './analysisScheduler';
import { startServer } from './server';

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
  // The server sees each message the connection dispatches: analyses wait until none is queued.
  const traffic = new MessageTraffic();
  startServer(createConnection(ProposedFeatures.all, { messageStrategy: traffic.strategy }), traffic);
}
