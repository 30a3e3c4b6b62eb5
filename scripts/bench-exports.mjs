// `node scripts/bench-exports.mjs EXPORT_DIR... [--runs N]`: the deployment profile of exported models, measured
// on this machine with stock runtimes only. For each folder: file size; for model.onnx, onnxruntime-node (a
// process per model: load time, peak resident memory, median and p95 latency at batch 1) and onnxruntime-web
// (wasm, one thread) in Chromium; for model.tflite, stock LiteRT.js (wasm, XNNPack) in Chromium; for a TF.js folder
// (model.json), stock TF.js in Chromium. Prints a table,
// then one JSON line with every number.
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '50' } } });
const runs = Number(values.runs);
if (!positionals.length) throw new Error('usage: node scripts/bench-exports.mjs EXPORT_DIR... [--runs N]');

const require = createRequire(import.meta.url);
const ortWebDist = path.dirname(require.resolve('onnxruntime-web'));
const tfjsDist = path.dirname(require.resolve('@tensorflow/tfjs/dist/tf.min.js'));
const at = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const mb = (bytes) => (bytes / 1e6).toFixed(2);

/** Files of the folder that make up the model (the page, its scripts and the card are not the model). */
function modelBytes(dir, kind) {
  if (kind === 'onnx') return statSync(path.join(dir, 'model.onnx')).size;
  if (kind === 'tflite') return statSync(path.join(dir, 'model.tflite')).size;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const shards = manifest.weightsManifest.flatMap((group) => group.paths);
  return statSync(path.join(dir, 'model.json')).size + shards.reduce((sum, shard) => sum + statSync(path.join(dir, shard)).size, 0);
}

const serveDir = mkdtempSync(path.join(os.tmpdir(), 'bench-exports-'));
copyFileSync(path.join(here, 'bench', 'export-bench-page.html'), path.join(serveDir, 'index.html'));
for (const f of ['ort.wasm.min.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']) copyFileSync(path.join(ortWebDist, f), path.join(serveDir, f));
copyFileSync(path.join(tfjsDist, 'tf.min.js'), path.join(serveDir, 'tf.min.js'));
// The package exports maps hide their folders: both main entries lie in dist/.
const liteRtCore = path.dirname(path.dirname(require.resolve('@litertjs/core')));
copyFileSync(path.join(liteRtCore, 'dist', 'index.js'), path.join(serveDir, 'litert.js'));
copyFileSync(path.join(path.dirname(path.dirname(require.resolve('@litertjs/wasm-utils'))), 'dist', 'index.js'), path.join(serveDir, 'wasm-utils.js'));
const mounts = new Map([['wasm', path.join(liteRtCore, 'wasm')]]);
const server = createServer((request, response) => {
  const [, mount, ...rest] = new URL(request.url ?? '/', 'http://x').pathname.split('/');
  const file = mounts.has(mount) ? path.join(mounts.get(mount), path.basename(rest.join('/'))) : path.join(serveDir, path.basename(mount || 'index.html'));
  if (!existsSync(file) || !statSync(file).isFile()) return void response.writeHead(404).end();
  const type = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' }[path.extname(file)];
  response.writeHead(200, { 'content-type': type ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage();
await page.goto(`${base}/index.html`);
await page.waitForFunction(() => globalThis.ready === true && globalThis.liteRtReady === true, null, { timeout: 60_000 });

const rows = [];
try {
  for (const [i, dir] of positionals.map((d) => path.resolve(d)).entries()) {
    const kind = existsSync(path.join(dir, 'model.onnx')) ? 'onnx' : existsSync(path.join(dir, 'model.tflite')) ? 'tflite' : 'tfjs';
    const spec = JSON.parse(readFileSync(path.join(dir, 'preprocessing.json'), 'utf8'));
    const shape = [spec.channels, spec.height, spec.width];
    const size = modelBytes(dir, kind);
    const name = path.basename(dir);
    mounts.set(`m${i}`, dir);
    if (kind === 'onnx') {
      const node = JSON.parse(execFileSync(process.execPath, [path.join(here, 'bench', 'ort-latency.mjs'), path.join(dir, 'model.onnx'), shape.join(','), String(runs)], { encoding: 'utf8' }).trim().split('\n').pop());
      rows.push({ export: name, runtime: 'onnxruntime-node (CPU EP)', sizeBytes: size, peakMemoryBytes: node.peakRssBytes, memoryNote: `peak RSS of its process (Node alone: ${mb(node.rssBeforeBytes)} MB)`, loadMs: node.loadMs, medianMs: node.medianMs, p95Ms: node.p95Ms });
      const web = await page.evaluate(([url, s, n]) => globalThis.benchOnnx(url, s, n), [`${base}/m${i}/model.onnx`, shape, runs]);
      rows.push({ export: name, runtime: `Chromium, ${web.backend} (1 thread)`, sizeBytes: size, peakMemoryBytes: null, memoryNote: 'not measurable from the page', loadMs: web.loadMs, medianMs: at(web.times, 0.5), p95Ms: at(web.times, 0.95) });
    } else if (kind === 'tflite') {
      const lite = await page.evaluate(([url, s, n]) => globalThis.benchTflite(url, s, n), [`${base}/m${i}/model.tflite`, shape, runs]);
      rows.push({ export: name, runtime: `Chromium, ${lite.backend}`, sizeBytes: size, peakMemoryBytes: null, memoryNote: 'not measurable from the page', loadMs: lite.loadMs, medianMs: at(lite.times, 0.5), p95Ms: at(lite.times, 0.95) });
    } else {
      const tfjs = await page.evaluate(([url, s, n]) => globalThis.benchTfjs(url, s, n), [`${base}/m${i}/model.json`, shape, runs]);
      rows.push({ export: name, runtime: `Chromium, ${tfjs.backend}`, sizeBytes: size, peakMemoryBytes: tfjs.peakBytes, memoryNote: 'tensor memory held by TF.js after the runs', loadMs: tfjs.loadMs, medianMs: at(tfjs.times, 0.5), p95Ms: at(tfjs.times, 0.95) });
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(serveDir, { recursive: true, force: true });
}

const header = ['export', 'runtime', 'size MB', 'peak memory MB', 'load ms', 'median ms', 'p95 ms'];
const lines = rows.map((r) => [r.export, r.runtime, mb(r.sizeBytes), r.peakMemoryBytes === null ? 'n/a' : mb(r.peakMemoryBytes), r.loadMs.toFixed(0), r.medianMs.toFixed(2), r.p95Ms.toFixed(2)]);
console.log([header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
console.log(JSON.stringify({ date: new Date().toISOString(), cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadAverage: os.loadavg(), runs, rows }));
