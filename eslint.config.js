// Lint rules, including the import boundaries of DESIGN.md: src/ never reaches React, Electron or the DOM;
// the pure core (graph, layers, shapes) never reaches Node or tfjs at run time; the renderer never reaches
// tfjs, Node built-ins, Electron or the Node-side parts of src/.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ui = ['react', 'react-dom', 'react-dom/*', 'react/*', '@xyflow/*', 'zustand', 'zustand/*'];

// Node built-ins are matched as exact module names (so a file like ./Inspector is not taken for `inspector`);
// everything else as gitignore-style patterns.
const restrict = (groups, message) => {
  const exact = groups.filter((g) => nodeBuiltins.includes(g));
  const patterns = groups.filter((g) => !nodeBuiltins.includes(g));
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: exact.map((name) => ({ name, message, allowTypeImports: true })),
        patterns: [{ group: patterns, message, allowTypeImports: true }],
      },
    ],
  };
};

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      ...restrict([...ui, 'electron'], 'src/ is shared by every host: no React, Electron or DOM code here.'),
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage'],
    },
  },
  {
    files: ['src/graph/**/*.ts', 'src/layers/**/*.ts', 'src/shapes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [...ui, 'electron', '@tensorflow/*', ...nodeBuiltins],
      'The graph core is pure and runs in the renderer: no Node built-ins, no tfjs at run time (types only).',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [
        '@tensorflow/*',
        'electron',
        'ws',
        'sharp',
        ...nodeBuiltins,
        '**/src/server/**',
        '**/src/cli/**',
        '**/src/backend/**',
        '**/src/compile/**',
        '**/src/io/**',
        '**/src/service/service',
        '**/src/service/dispatch',
        '**/src/service/paths',
        '**/src/service/electronStatus',
        '**/electron/**',
      ],
      'The renderer talks only to the service API: no tfjs, Node built-ins, Electron or Node-side code (type imports are fine).',
    ),
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
