// Lint rules: typescript-eslint's type-aware recommended set, plus the rules that hold this
// project's shape (STYLE.md), so a wrong import fails `npm run lint` instead of waiting for review:
//   * promises are never left floating;
//   * the language service (server/src/service) is pure: no editor, no protocol connection, no
//     Node module (its own tsconfig.json builds it without Node's types, too);
//   * which folders may import which (import-x/no-restricted-paths, the zones below): the client
//     and the diagram page only the protocol, the shared theme and renderer (and the client the shared
//     recognition of a file's language), and their messages;
//     config and capture never each other; join the one bridge between them; nothing upward
//     (inside capture/ as well: reading < engine < features);
//   * and, checked by `npm run lint:cycles` (madge, which unlike import-x/no-cycle counts type
//     imports too), no import cycle.
// test/unit/lintBoundaries.test.ts shows a forbidden import and a cycle reported.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const NODE_MODULES = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'stream',
  'util',
  'buffer',
  'net',
  'url',
  'perf_hooks',
  'zlib',
];
const pure = {
  group: [
    'vscode',
    'vscode-languageserver',
    'vscode-languageserver/*',
    ...NODE_MODULES.flatMap((m) => [m, `${m}/*`, `node:${m}`, `node:${m}/*`]),
  ],
  message:
    'The language service is pure: no editor, no protocol connection, no Node module (the host passes in what it needs).',
};

const service = './server/src/service';
/** The service's shared leaves: every part may use them, they use none of the parts. */
const leaves = [
  'collections.ts',
  'diagnostics.ts',
  'markdown.ts',
  'rules.ts',
  'text.ts',
  'ellipsis.ts',
  'languages.ts',
  'locale.ts',
].map((f) => `${service}/${f}`);
/** The facade and the workspace above every part. */
const top = [`${service}/index.ts`, `${service}/workspace.ts`];

/** Who may not import whom: each zone forbids `target` files to import `from` files. */
const zones = [
  // The service knows nothing of its host (server, command line) nor of the editor.
  {
    target: service,
    from: './server/src',
    except: ['./service'],
    message: 'The service imports nothing of its host: the host passes in what it needs.',
  },
  { target: service, from: ['./client', './media'], message: 'The service knows no editor.' },
  // The two languages never know each other; join is the one bridge.
  {
    target: `${service}/config`,
    from: `${service}/capture`,
    message: 'config and capture do not import each other: join/ is the bridge.',
  },
  {
    target: `${service}/capture`,
    from: `${service}/config`,
    message: 'config and capture do not import each other: join/ is the bridge.',
  },
  // Nothing imports upward: leaves < config, capture < join < diagram, redact < workspace, index.
  {
    target: leaves,
    from: [
      `${service}/config`,
      `${service}/capture`,
      `${service}/join`,
      `${service}/diagram`,
      `${service}/redact`,
      ...top,
    ],
    message: 'A shared leaf of the service imports none of its parts.',
  },
  {
    target: [`${service}/config`, `${service}/capture`],
    from: [`${service}/join`, `${service}/diagram`, `${service}/redact`, ...top],
    message:
      'Nothing imports upward: config and capture sit below join, the diagram and the facade.',
  },
  // Inside capture/, too: reading (dumps and binary captures into packet copies) < the engine
  // (rows, pairing, flows, drafts, inspect) < the editor features (checks, hovers, outline, ...).
  {
    target: `${service}/capture/reading`,
    from: [`${service}/capture/engine`, `${service}/capture/features`],
    message: 'capture/reading sits below the engine and the features: it reads, nothing more.',
  },
  {
    target: `${service}/capture/engine`,
    from: `${service}/capture/features`,
    message: 'capture/engine sits below the editor features.',
  },
  {
    target: `${service}/join`,
    from: [`${service}/diagram`, `${service}/redact`, ...top],
    message: 'Nothing imports upward: join sits below the diagram and the facade.',
  },
  {
    target: [`${service}/diagram`, `${service}/redact`],
    from: top,
    message: 'Nothing imports upward: the facade (index.ts, workspace.ts) sits on top.',
  },
  // The extension speaks to the server through the protocol only, and shares the diagram's theme.
  // (and the pure recognition of a file's language by its content, which the editor's content
  // detection shares with the server and `check`)
  {
    target: './client',
    from: './server',
    except: ['./src/protocol.ts', './src/service/diagram/theme.ts', './src/service/recognition.ts'],
    message:
      'The client imports only the protocol (server/src/protocol.ts), the shared theme and the shared recognition.',
  },
  {
    target: './client',
    from: './media',
    message:
      'The client and the diagram page share only their messages (client/src/diagram/messages.ts).',
  },
  // The diagram page draws with the shared renderer and speaks to the extension through its messages.
  {
    target: './media',
    from: './server',
    except: ['./src/protocol.ts', './src/service/diagram'],
    message: 'The diagram page imports only the shared renderer, theme and protocol types.',
  },
  {
    target: './media',
    from: './client',
    except: ['./src/diagram/messages.ts'],
    message: 'The diagram page imports only its messages from the client.',
  },
];

/** The boundary rules alone (the test of the boundaries lints with them). */
export const boundaries = {
  plugins: { 'import-x': importX },
  settings: {
    'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
  },
  rules: {
    'import-x/no-restricted-paths': ['error', { zones }],
  },
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'client/out/**',
      'server/out/**',
      'media/out/**',
      'node_modules/**',
      '.vscode-test/**',
      '.demo/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.ts'], ...boundaries },
  {
    files: ['server/src/service/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [pure] }] },
  },
);
