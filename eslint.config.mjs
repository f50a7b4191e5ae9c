// Lint rules: typescript-eslint's type-aware recommended set, plus the two rules that guard
// this project's shape: promises are never left floating, and the language service stays pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pure = {
  group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'fs', 'node:fs', 'fs/*', 'node:fs/*'],
  message: 'The language service is pure: no editor, no protocol connection, no file system.',
};

/** The import bans of one part of the service: always pure, and optionally blind to a sibling. */
function serviceRules(files, sibling) {
  const patterns = [pure];
  if (sibling.length > 0) {
    patterns.push({ group: sibling, message: 'config and capture do not import each other; workspace.ts joins them.' });
  }
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

export default tseslint.config(
  {
    ignores: ['out/**', 'client/out/**', 'server/out/**', 'node_modules/**', '.vscode-test/**', '**/*.mjs', '**/*.js'],
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
  ...serviceRules('server/src/service/**/*.ts', []),
  ...serviceRules('server/src/service/config/**/*.ts', ['**/capture/**', '../capture/*']),
  ...serviceRules('server/src/service/capture/**/*.ts', ['**/config/**', '../config/*']),
);
