// `npm run build:node && node scripts/bench-exports.mjs EXPORT_DIR... [--runs N]`: the deployment profile of
// export folders, measured on this machine with stock runtimes by the same code as `inception export --profile`
// (src/export/profile): for model.onnx, onnxruntime-node (a process per model) and onnxruntime-web (wasm) in
// Chromium; for model.tflite, LiteRT.js in Chromium; for a TF.js folder (model.json), TF.js in Chromium — each in
// a Chromium of its own. Prints a table, then one JSON line with every number.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '50' } } });
const runs = Number(values.runs);
if (!positionals.length) throw new Error('usage: node scripts/bench-exports.mjs EXPORT_DIR... [--runs N]');
if (!existsSync('dist/node/deploymentProfile.mjs')) throw new Error('build first: npm run build:node');
const { exportedModel, machineName, profileModels } = await import(path.resolve('dist/node/deploymentProfile.mjs'));

const rows = [];
for (const dir of positionals.map((d) => path.resolve(d))) {
  const { model, inputShape } = await exportedModel(dir, path.basename(dir));
  const profile = await profileModels([model], inputShape, machineName(), runs);
  rows.push(...profile.rows.map((row) => ({ export: path.basename(dir), ...row })));
}

const mb = (bytes) => (bytes === null ? 'n/a' : (bytes / 1e6).toFixed(2));
const ms = (value, digits) => (value === null ? 'n/a' : value.toFixed(digits));
const header = ['runtime, export', 'where', 'size MB', 'peak memory MB', 'load ms', 'median ms', 'p95 ms'];
const lines = rows.map((r) => [r.runtime, r.where, mb(r.sizeBytes), mb(r.peakMemoryBytes), ms(r.loadMs, 0), ms(r.medianMs, 2), ms(r.p95Ms, 2)]);
console.log([header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
for (const r of rows.filter((row) => row.unavailable)) console.log(`${r.runtime}: ${r.unavailable}`);
console.log(JSON.stringify({ date: new Date().toISOString(), cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadAverage: os.loadavg(), runs, rows }));
