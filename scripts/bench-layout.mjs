// `node scripts/bench-layout.mjs [ROUNDS] [--elk]`: the canvas's layered layout (placement, then edge routing)
// on DenseNet- and ResNet-shaped graphs of about 200 and 1,000 nodes; prints one JSON line per graph with
// the median milliseconds of ROUNDS runs (default 5); with --elk, also ELK's layered algorithm once on the
// ~200-node graphs, for comparison. A benchmark, not a test: the target is under 2 s
// for 1,000 nodes, in the app's layout worker (the same code, run off the page's thread).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'bench');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'scripts', 'bench', 'layout.ts')],
  outfile: path.join(out, 'layout.mjs'),
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
execFileSync(process.execPath, [path.join(out, 'layout.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
