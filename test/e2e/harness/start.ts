// `npm start`: VS Code in the browser on examples/ (the real folder, so edits stay) with the
// extension loaded from the working tree. Runs until Ctrl-C, which stops the server's whole
// process group. Env PORT picks the port (for an ssh -L forward); a free one by default.
import { examplesDir, repoRoot } from './paths';
import { VSCodeServer } from './vscodeServer';

async function main(): Promise<void> {
  const server = await VSCodeServer.create({ port: Number(process.env.PORT ?? 0) });
  await server.start();
  const url = server.workbenchUrl(examplesDir, [
    ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
    ['skipWelcome', 'true'],
  ]);
  console.log('\nBalancer Lens in VS Code, on examples/. Open this address in a browser:\n');
  console.log(`  ${url}\n`);
  console.log('After rebuilding (npm run build), reload the browser tab. Ctrl-C stops the server.');
  // The server module stops the process group on the signal; this only says so.
  process.once('SIGINT', () => console.log('\nStopping the VS Code server...'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
