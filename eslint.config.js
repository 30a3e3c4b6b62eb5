// Lint rules, including the import boundaries of DESIGN.md: src/ never reaches React, Electron or the DOM;
// the pure core (contract, graph, layers, shapes) never reaches Node or tfjs at run time; the renderer never reaches
// tfjs, Node built-ins, Electron or the Node-side parts of src/; imports only go down LAYERS below.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { layeringPlugin } from './scripts/check-layering-rule.mjs';

// What the renderer may import from outside renderer/: the pure core, and types of the service API and the bridge.
const RENDERER_ALLOW = [
  { path: 'src/contract' },
  { path: 'src/graph' },
  { path: 'src/layers' },
  { path: 'src/shapes' },
  { path: 'src/service/api', typesOnly: true },
  { path: 'electron/bridge', typesOnly: true },
];

// DESIGN.md's layering, bottom first: a file may import its own zone and any zone of a LOWER level,
// never one of its own level or above. A path names a folder or one file; the longest match wins, so
// the files listed for src/shapes (shape math) and src/torch (runner) are zones of their own.
// docs/architecture.md explains each level. Tests (*.test.ts) and testing/ helpers are exempt, but no
// production file may import a testing/ folder; scripts/check-import-cycles.mjs forbids circles.
const LAYERS = [
  { level: 0, name: 'src/contract', paths: ['src/contract'] },
  { level: 1, name: 'src/graph', paths: ['src/graph'] },
  { level: 2, name: 'src/shapes (shape math)', paths: ['src/shapes/shape.ts', 'src/shapes/convMath.ts'] },
  { level: 3, name: 'src/layers', paths: ['src/layers'] },
  { level: 4, name: 'src/shapes', paths: ['src/shapes'] },
  { level: 5, name: 'src/io', paths: ['src/io'] },
  { level: 6, name: 'src/compile', paths: ['src/compile'] },
  { level: 6, name: 'src/backend', paths: ['src/backend'] },
  { level: 6, name: 'src/torch (code, weights, Python tools)', paths: ['src/torch'] },
  { level: 7, name: 'src/data', paths: ['src/data'] },
  { level: 8, name: 'src/export', paths: ['src/export'] },
  { level: 9, name: 'src/infer', paths: ['src/infer'] },
  { level: 10, name: 'src/train', paths: ['src/train'] },
  { level: 10, name: 'src/torch (runner)', paths: ['src/torch/runner.ts', 'src/torch/export.ts', 'src/torch/index.ts'] },
  { level: 10, name: 'src/import', paths: ['src/import'] },
  { level: 11, name: 'src/service', paths: ['src/service'] },
  { level: 12, name: 'src/server', paths: ['src/server'] },
  { level: 12, name: 'electron', paths: ['electron'] },
  { level: 12, name: 'src/testing', paths: ['src/testing'] },
  { level: 13, name: 'src/cli', paths: ['src/cli'] },
  // The renderer's floors sit above every host. Its folders import each other by level like src/'s; from
  // outside renderer/ they may import only RENDERER_ALLOW. Screens share one level, so none imports another's files.
  { level: 20, name: 'renderer/api', paths: ['renderer/api'], allow: RENDERER_ALLOW },
  { level: 21, name: 'renderer/state', paths: ['renderer/state'], allow: RENDERER_ALLOW },
  { level: 22, name: 'renderer/components', paths: ['renderer/components'], allow: RENDERER_ALLOW },
  { level: 23, name: 'renderer/charts', paths: ['renderer/charts'], allow: RENDERER_ALLOW },
  { level: 23, name: 'renderer/dialogs', paths: ['renderer/dialogs'], allow: RENDERER_ALLOW },
  { level: 23, name: 'renderer/export', paths: ['renderer/export'], allow: RENDERER_ALLOW },
  { level: 24, name: 'renderer/files', paths: ['renderer/files'], allow: RENDERER_ALLOW },
  { level: 25, name: 'renderer/editor', paths: ['renderer/editor'], allow: RENDERER_ALLOW },
  { level: 25, name: 'renderer/dataset', paths: ['renderer/dataset'], allow: RENDERER_ALLOW },
  { level: 25, name: 'renderer/train', paths: ['renderer/train'], allow: RENDERER_ALLOW },
  { level: 25, name: 'renderer/runs', paths: ['renderer/runs'], allow: RENDERER_ALLOW },
  { level: 25, name: 'renderer/results', paths: ['renderer/results'], allow: RENDERER_ALLOW },
  { level: 25, name: 'renderer/tryit', paths: ['renderer/tryit'], allow: RENDERER_ALLOW },
  { level: 25, name: 'renderer/welcome', paths: ['renderer/welcome'], allow: RENDERER_ALLOW },
  { level: 26, name: 'renderer/shell', paths: ['renderer/shell'], allow: RENDERER_ALLOW },
];
const root = path.dirname(fileURLToPath(import.meta.url));

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
    files: ['src/contract/**/*.ts', 'src/graph/**/*.ts', 'src/layers/**/*.ts', 'src/shapes/**/*.ts'],
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
      ],
      'The renderer talks only to the service API: no tfjs, Node built-ins or Electron (its imports of src/ are on the allow-list in LAYERS).',
    ),
  },
  {
    files: ['src/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'],
    plugins: { layering: layeringPlugin({ root, layers: LAYERS }) },
    rules: { 'layering/imports': 'error' },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
