// `npm start`: VS Code in the browser on a fresh copy of examples/ (in the ignored .demo/, so a
// quick fix tried there never changes the tracked files the tests read) with the extension
// loaded from the working tree. Runs until Ctrl-C, which stops the server's whole
// process group. Env PORT picks the port (for an ssh -L forward); a free one by default.
import { freshExamples, repoRoot } from './paths';
import { VSCodeServer } from './vscodeServer';

async function main(): Promise<void> {
  const server = await VSCodeServer.create({ port: Number(process.env.PORT ?? 0) });
  await server.start();
  const workspace = freshExamples();
  const url = server.workbenchUrl(workspace, [
    ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
    ['skipWelcome', 'true'],
  ]);
  console.log(
    '\nBalancer Lens in VS Code, on a fresh copy of examples/ (.demo/examples: try the fixes, the next start begins anew).',
  );
  console.log(
    'Open this address in a browser, then open capture-before-fix.axdebug.txt and hover its first line:\n',
  );
  console.log(`  ${url}\n`);
  console.log('After rebuilding (npm run build), reload the browser tab. Ctrl-C stops the server.');
  // The server module stops the process group on the signal; this only says so.
  process.once('SIGINT', () => console.log('\nStopping the VS Code server...'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
