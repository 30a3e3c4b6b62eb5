// Runs ONNX models in onnxruntime-node for the int8 export, in its own process: images are decoded (sharp)
// in the parent, because sharp and onnxruntime-node in one process crashed (SIGSEGV) after ~1,000 images.
// Usage: node ortRunner.mjs JOB.json; prints one JSON line.
//   { "task": "ranges", "model": PATH, "batches": [{ "file", "shape" }] }
//     → { "ranges": { tensor: [min, max] } } over the input and every output (the probe model lists them all)
//   { "task": "classify", "models": [PATH, ...], "batches": [...] }
//     → { "predictions": [[class index per image] per model] }
//   { "task": "latency", "model": PATH, "shape": [1, C, H, W], "runs": N }
//     → { "loadMs", "medianMs", "p95Ms", "rssBeforeBytes", "peakRssBytes" } (one model per process: the peak is its own)
// A batch file holds little-endian float32 N×C×H×W values.
import { existsSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

/**
 * This process's peak resident memory: VmHWM on Linux (getrusage's maxRSS is kept across execve, so a child
 * would report its parent's peak), else the largest RSS seen by `sampled`.
 */
function peakRss(sampled) {
  if (existsSync('/proc/self/status')) {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kb) return Number(kb[1]) * 1024;
  }
  return sampled;
}

function readBatch({ file, shape }) {
  const bytes = readFileSync(file);
  return new ort.Tensor('float32', new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), shape);
}

async function ranges(job) {
  const session = await ort.InferenceSession.create(job.model);
  const found = {};
  for (const batch of job.batches) {
    const feeds = { [session.inputNames[0]]: readBatch(batch) };
    const result = await session.run(feeds);
    for (const [name, tensor] of [...Object.entries(feeds), ...Object.entries(result)]) {
      let [low, high] = found[name] ?? [Infinity, -Infinity];
      for (const v of tensor.data) {
        if (v < low) low = v;
        if (v > high) high = v;
      }
      found[name] = [low, high];
    }
  }
  return { ranges: found };
}

function argmaxRows(tensor) {
  const [rows, cols] = tensor.dims;
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let c = 1; c < cols; c++) if (tensor.data[r * cols + c] > tensor.data[r * cols + best]) best = c;
    return best;
  });
}

async function classify(job) {
  const predictions = [];
  for (const model of job.models) {
    const session = await ort.InferenceSession.create(model);
    const labels = [];
    for (const batch of job.batches) {
      const result = await session.run({ [session.inputNames[0]]: readBatch(batch) });
      labels.push(...argmaxRows(result[session.outputNames[0]]));
    }
    predictions.push(labels);
  }
  return { predictions };
}

/** Load time, median and p95 of `runs` batch-1 runs after 5 warm-up runs, and this process's resident memory before loading and at its peak. */
async function latency(job) {
  const rssBeforeBytes = process.memoryUsage().rss;
  const loadStart = performance.now();
  const session = await ort.InferenceSession.create(job.model);
  const loadMs = performance.now() - loadStart;
  const input = new ort.Tensor('float32', Float32Array.from({ length: job.shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)), job.shape);
  const times = [];
  let sampled = process.memoryUsage().rss;
  for (let i = 0; i < job.runs + 5; i++) {
    const start = performance.now();
    await session.run({ [session.inputNames[0]]: input });
    if (i >= 5) times.push(performance.now() - start);
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { loadMs, medianMs: at(0.5), p95Ms: at(0.95), rssBeforeBytes, peakRssBytes: peakRss(sampled) };
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const tasks = { ranges, classify, latency };
if (!tasks[job.task]) throw new Error(`expected task ranges, classify or latency, found ${job.task}`);
console.log(JSON.stringify(await tasks[job.task](job)));
