// Bundles what ships: the extension (client), the language server, the command line and the flow
// diagram's page script. Everything else in the .vsix is static (manifest, grammars, media/diagram.css).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  {
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'client/out/extension.js',
    external: ['vscode'],
  },
  // The server and the command line are also programs of their own (package.json "bin").
  // jsonc-parser's "main" is a UMD module whose requires esbuild cannot follow: both take its ES
  // module (the server reads settings files too, for "Redact for Sharing").
  {
    ...common,
    entryPoints: ['server/src/main.ts'],
    outfile: 'server/out/server.js',
    banner: { js: '#!/usr/bin/env node' },
    mainFields: ['module', 'main'],
  },
  {
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    mainFields: ['module', 'main'],
  },
  // inspect's reading threads (server/src/cli/inspectThreads.ts): a script of their own, beside cli.js.
  {
    ...common,
    entryPoints: ['server/src/cli/inspectWorker.ts'],
    outfile: 'server/out/inspectWorker.js',
  },
  // The flow diagram's page script runs in the webview, a browser: the same renderer as the CLI's.
  {
    ...common,
    entryPoints: ['media/src/diagram.ts'],
    outfile: 'media/out/diagram.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // Executable, so the "bin" entries run as programs straight from a clone too.
  for (const options of builds) if (options.banner) fs.chmodSync(options.outfile, 0o755);
}
