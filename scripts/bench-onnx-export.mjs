// `node scripts/bench-onnx-export.mjs [ROUNDS]`: how long the ONNX writer takes on googlenet-96 (a trained
// run, and a bare design with its seeded weights); the median of ROUNDS (3) as one JSON document.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'bench');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'scripts', 'bench', 'onnx-export.ts')],
  outfile: path.join(out, 'onnx-export.mjs'),
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
const result = spawnSync(process.execPath, [path.join(out, 'onnx-export.mjs'), ...process.argv.slice(2)], { cwd: root, encoding: 'utf8' });
process.stdout.write(result.stdout.split('\n').filter((l) => l.startsWith('{')).join('\n') + '\n');
if (result.status !== 0) process.stderr.write(result.stderr);
process.exit(result.status ?? 1);
