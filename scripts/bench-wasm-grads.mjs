// Benchmarks TF.js's wasm backend on GoogLeNet-96's convolution shapes (batch 16, one thread): the forward
// Conv2D, the built-in Conv2DBackpropInput, and ours (src/backend/wasmGradients.ts) for the input and the
// filter gradient, in GFLOP/s (2·N·OH·OW·KH·KW·Cin·Cout per op), and our Tile and MaxPoolGrad against the
// built-in ones.
// Prints JSON. Timings are the best of several runs, so other processes on the machine disturb them less.
//
//   node scripts/bench-wasm-grads.mjs            the convolution table
//   node scripts/bench-wasm-grads.mjs --step     also one GoogLeNet-96 training step (batch 16, SGD)
//   INCEPTION_WASM_THREADS=4 node scripts/...   the same on the multi-threaded build (default: 1 thread)
//
// Node cannot import the TypeScript sources, so this bundles them with esbuild first (packages stay
// external) into node_modules/.cache, where the bundle still resolves this project's node_modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'node_modules', '.cache', 'bench-wasm-grads');
mkdirSync(outDir, { recursive: true });
const entry = path.join(outDir, 'entry.ts');
const rel = (p) => JSON.stringify(path.relative(outDir, path.join(root, p)).split(path.sep).join('/'));
writeFileSync(entry, [
  `export * from ${rel('src/backend/select.ts')};`,
  `export * from ${rel('src/backend/wasmGradients.ts')};`,
  `export { compileGraph } from ${rel('src/compile/compile.ts')};`,
  `export { loadPreset } from ${rel('src/graph/presets.ts')};`,
].join('\n'));
const outfile = path.join(outDir, 'bundle.mjs');
await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
const lib = await import(pathToFileURL(outfile).href);
const tf = await import('@tensorflow/tfjs');
const wasm = await import('@tensorflow/tfjs-backend-wasm');

// Keep the built-in kernel callable: ours replaces it before the backend starts, so its setup never ran.
const builtin = tf.getKernel('Conv2DBackpropInput', 'wasm');
const builtinTile = tf.getKernel('Tile', 'wasm');
const builtinMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm');
// One thread unless INCEPTION_WASM_THREADS says otherwise (select.ts then loads the threaded build).
process.env.INCEPTION_WASM_THREADS ??= '1';
const choice = await lib.initBackend('wasm');
if (choice.name !== 'wasm') throw new Error(`wasm backend unavailable: ${JSON.stringify(choice.tried)}`);
const backend = tf.backend();
builtin.setupFunc?.(backend);
builtinMaxPoolGrad.setupFunc?.(backend);

/** Best (least disturbed) milliseconds of `f` (which returns a TensorInfo to free) after a warm-up, over ≥3 runs / ~0.6 s. */
function time(f) {
  backend.disposeData(f().dataId);
  const ms = [];
  const start = performance.now();
  while (ms.length < 3 || (performance.now() - start < 600 && ms.length < 30)) {
    const t = performance.now();
    const out = f();
    ms.push(performance.now() - t);
    backend.disposeData(out.dataId);
  }
  ms.sort((a, b) => a - b);
  return ms[0];
}

const shapes = [
  { name: 'conv1 3→64 7×7/2 @96', n: 16, h: 96, cin: 3, cout: 64, k: 7, stride: 2, pad: 3 },
  { name: 'conv3 64→192 3×3 @23', n: 16, h: 23, cin: 64, cout: 192, k: 3, stride: 1, pad: 1 },
  { name: '3a 96→128 3×3 @11', n: 16, h: 11, cin: 96, cout: 128, k: 3, stride: 1, pad: 1 },
  { name: '3a 16→32 5×5 @11', n: 16, h: 11, cin: 16, cout: 32, k: 5, stride: 1, pad: 2 },
  { name: '4e 480→192 1×1 @5', n: 16, h: 5, cin: 480, cout: 192, k: 1, stride: 1, pad: 0 },
];

const round = (v) => Math.round(v * 10) / 10;
const convs = [];
for (const s of shapes) {
  const o = Math.floor((s.h + 2 * s.pad - s.k) / s.stride) + 1;
  const x = tf.randomNormal([s.n, s.h, s.h, s.cin]);
  const filter = tf.randomNormal([s.k, s.k, s.cin, s.cout]);
  const dy = tf.randomNormal([s.n, o, o, s.cout]);
  const gflop = (2 * s.n * o * o * s.k * s.k * s.cin * s.cout) / 1e9;
  const conv = { strides: s.stride, pad: s.pad, dilations: 1, dataFormat: 'NHWC' };
  const run = (name, inputs, attrs, kernel = tf.getKernel(name, 'wasm')) => () => kernel.kernelFunc({ inputs, attrs, backend });
  const ms = {
    forward: time(run('Conv2D', { x, filter }, conv)),
    builtinInput: time(run('Conv2DBackpropInput', { dy, filter }, { ...conv, inputShape: x.shape }, builtin)),
    oursInput: time(run('Conv2DBackpropInput', { dy, filter }, { ...conv, inputShape: x.shape })),
    oursFilter: time(run('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: filter.shape })),
  };
  const gflops = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round(gflop / (v / 1000))]));
  convs.push({ shape: s.name, gflop: Math.round(gflop * 1000) / 1000, gflops, ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round(v)])) });
  tf.dispose([x, filter, dy]);
}

// Tile as FusedBatchNorm's gradient uses it: [1, 1, 1, C] to a whole activation.
const small = tf.randomNormal([1, 1, 1, 192]);
const tileAttrs = { reps: [16, 23, 23, 1] };
const tileMs = {
  builtin: round(time(() => builtinTile.kernelFunc({ inputs: { x: small }, attrs: tileAttrs, backend }))),
  ours: round(time(() => tf.getKernel('Tile', 'wasm').kernelFunc({ inputs: { x: small }, attrs: tileAttrs, backend }))),
};
small.dispose();

// MaxPoolGrad of GoogLeNet-96's pool1 (3×3 /2 on [16, 48, 48, 64]).
const poolX = tf.randomNormal([16, 48, 48, 64]);
const poolY = tf.maxPool(poolX, 3, 2, 'valid');
const poolDy = tf.randomNormal(poolY.shape);
const poolInputs = { dy: poolDy, input: poolX, output: poolY };
const poolAttrs = { filterSize: 3, strides: 2, pad: 'valid' };
const maxPoolGradMs = {
  builtin: round(time(() => builtinMaxPoolGrad.kernelFunc({ inputs: poolInputs, attrs: poolAttrs, backend }))),
  ours: round(time(() => tf.getKernel('MaxPoolGrad', 'wasm').kernelFunc({ inputs: poolInputs, attrs: poolAttrs, backend }))),
};
tf.dispose([poolX, poolY, poolDy]);

const report = {
  backend: tf.getBackend(),
  build: choice.detail,
  threads: wasm.getThreadsCount(),
  simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
  convs,
  tile1x1x1x192To16x23x23x192Ms: tileMs,
  maxPoolGrad3x3s2On16x48x48x64Ms: maxPoolGradMs,
};

if (process.argv.includes('--step')) {
  const model = lib.compileGraph(lib.loadPreset('googlenet-96'));
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const batch = 16;
  const xs = tf.randomNormal([batch, 96, 96, 3]);
  const ys = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10);
  const steps = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await model.trainOnBatch(xs, ys);
    steps.push(round((performance.now() - t) / 1000));
  }
  // Where one step's time goes, by kernel (ours include the wasm kernels they call).
  const profile = await tf.profile(() => model.trainOnBatch(xs, ys));
  const byKernel = {};
  for (const k of profile.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + k.kernelTimeMs;
  const top = Object.entries(byKernel).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, Math.round(v)]);
  report.googlenet96Step = { batch, secondsPerStep: steps, note: 'first step includes warm-up', profileMsByKernel: Object.fromEntries(top) };
}

console.log(JSON.stringify(report, null, 2));
