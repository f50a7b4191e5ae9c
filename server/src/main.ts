// The language server's program: `node server/out/server.js --stdio` (or --node-ipc, as the
// VS Code client starts it). It makes the connection and hands it to the server.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
