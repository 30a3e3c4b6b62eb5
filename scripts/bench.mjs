// `npm run bench`: training images/s of googlenet-96 at batch 32 on each TF.js backend present,
// beside a plain fp32 PyTorch loop over the same network (where python3 has torch), plus the data
// pipeline's images/s from JPEG files. Prints one JSON document. A benchmark, not a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'bench');
mkdirSync(out, { recursive: true });
const args = process.argv.slice(2);
const steps = Number(args.find((a) => a.startsWith('--steps='))?.slice(8) ?? 3);
const includeCpu = args.includes('--cpu');
const cores = os.availableParallelism();

await build({
  entryPoints: [path.join(root, 'scripts', 'bench', 'tfjs-train.ts')],
  outfile: path.join(out, 'tfjs-train.mjs'),
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});

const runJson = (command, commandArgs, env = {}) => {
  const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 1_800_000 });
  const line = (result.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) return { error: (result.stderr || result.error?.message || 'no output').trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line);
};

const backends = ['tensorflow-gpu', 'tensorflow', 'wasm', ...(includeCpu ? ['cpu'] : [])];
const tfjs = backends.map((b) => runJson(process.execPath, [path.join(out, 'tfjs-train.mjs'), b, String(steps), '32'], { INCEPTION_WASM_THREADS: '1' }));
// The wasm backend again with every core, as training jobs run it (INCEPTION_WASM_THREADS).
const allCores = runJson(process.execPath, [path.join(out, 'tfjs-train.mjs'), 'wasm', String(steps), '32'], { INCEPTION_WASM_THREADS: String(cores) });
if (allCores.available) tfjs.push({ ...allCores, backend: `wasm (${cores} threads)` });
if (!includeCpu) tfjs.push({ backend: 'cpu', skipped: 'about 400 s per step on this kind of machine; pass --cpu to measure it' });

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
const pytorch = python
  ? runJson(python, [path.join(root, 'scripts', 'bench', 'plain_torch_loop.py'), '32', String(Math.max(steps, 5))], { OMP_NUM_THREADS: String(cores) })
  : { skipped: 'no python3 with torch (Debian: apt-get install python3-torch)' };

let data = { skipped: 'scripts/bench-data.mjs missing' };
if (existsSync(path.join(root, 'scripts', 'bench-data.mjs'))) {
  try {
    const text = execFileSync(process.execPath, [path.join(root, 'scripts', 'bench-data.mjs'), '--images', '1000'], { cwd: root, encoding: 'utf8', timeout: 900_000 });
    data = JSON.parse(text.slice(text.indexOf('{')));
  } catch (error) {
    data = { error: String(error.message).slice(0, 300) };
  }
}

const wasm = [...tfjs].reverse().find((r) => String(r.backend).startsWith('wasm') && r.available);
const ratio = wasm && pytorch.imagesPerSecond ? wasm.imagesPerSecond / pytorch.imagesPerSecond : null;
console.log(JSON.stringify({
  date: new Date().toISOString(),
  machine: { cpus: os.cpus()[0]?.model ?? 'unknown', cores, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
  network: 'googlenet-96', batchSize: 32,
  tfjs, pytorch,
  wasmVsPytorch: ratio,
  data,
}, null, 2));
