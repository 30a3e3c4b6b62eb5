// Lint rules, including the import boundaries of DESIGN.md: src/ never reaches React, Electron or the DOM;
// the pure core (contract, graph, shapeMath, layers, shapes) never reaches Node or tfjs at run time; the
// renderer never reaches tfjs, Node built-ins, Electron or the Node-side parts of src/; imports only go
// down LAYERS below.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { layeringPlugin } from './scripts/check-layering-rule.mjs';

// What the renderer may import from outside renderer/: the pure core, and types of the service API and the bridge.
const RENDERER_ALLOW = [
  { path: 'src/contract' },
  { path: 'src/graph' },
  { path: 'src/shapeMath' },
  { path: 'src/layers' },
  { path: 'src/shapes' },
  { path: 'src/service/api', typesOnly: true },
  { path: 'electron/bridge', typesOnly: true },
];

// DESIGN.md's layering, bottom first: a file may import its own zone and any zone of a LOWER level,
// never one of its own level or above. One line per folder: each folder of src/ holds one level.
// docs/architecture.md explains each level. Tests (*.test.ts) and testing/ helpers are exempt, but no
// production file may import a testing/ folder; scripts/check-import-cycles.mjs forbids circles.
const zone = (level, folder) => ({ level, name: folder, paths: [folder] });
const LAYERS = [
  zone(0, 'src/contract'),
  zone(1, 'src/graph'),
  zone(2, 'src/shapeMath'),
  zone(3, 'src/layers'),
  zone(4, 'src/shapes'),
  zone(5, 'src/io'),
  zone(6, 'src/compile'),
  zone(6, 'src/backend'),
  zone(6, 'src/torch'),
  zone(7, 'src/data'),
  zone(8, 'src/export'),
  zone(9, 'src/infer'),
  zone(10, 'src/train'),
  zone(10, 'src/torchRun'),
  zone(10, 'src/import'),
  zone(11, 'src/service'),
  zone(12, 'src/server'),
  zone(12, 'electron'),
  zone(12, 'src/testing'),
  zone(13, 'src/cli'),
  // The renderer's floors sit above every host. Its folders import each other by level like src/'s; from
  // outside renderer/ they may import only RENDERER_ALLOW. Screens share one level, so none imports another's files.
  { ...zone(20, 'renderer/api'), allow: RENDERER_ALLOW },
  { ...zone(21, 'renderer/state'), allow: RENDERER_ALLOW },
  { ...zone(22, 'renderer/components'), allow: RENDERER_ALLOW },
  { ...zone(23, 'renderer/charts'), allow: RENDERER_ALLOW },
  { ...zone(23, 'renderer/dialogs'), allow: RENDERER_ALLOW },
  { ...zone(23, 'renderer/export'), allow: RENDERER_ALLOW },
  { ...zone(24, 'renderer/files'), allow: RENDERER_ALLOW },
  { ...zone(25, 'renderer/editor'), allow: RENDERER_ALLOW },
  { ...zone(25, 'renderer/dataset'), allow: RENDERER_ALLOW },
  { ...zone(25, 'renderer/train'), allow: RENDERER_ALLOW },
  { ...zone(25, 'renderer/runs'), allow: RENDERER_ALLOW },
  { ...zone(25, 'renderer/results'), allow: RENDERER_ALLOW },
  { ...zone(25, 'renderer/tryit'), allow: RENDERER_ALLOW },
  { ...zone(25, 'renderer/welcome'), allow: RENDERER_ALLOW },
  { ...zone(26, 'renderer/shell'), allow: RENDERER_ALLOW },
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
    files: ['src/contract/**/*.ts', 'src/graph/**/*.ts', 'src/shapeMath/**/*.ts', 'src/layers/**/*.ts', 'src/shapes/**/*.ts'],
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
