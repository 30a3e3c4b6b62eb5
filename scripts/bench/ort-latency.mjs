// One model in onnxruntime-node, in a process of its own (so its peak memory is its own): prints one JSON line
// with the load time, the median and p95 latency of `runs` single-image runs after 5 warm-up runs, and the
// process's resident memory before loading and at its peak.
// Usage: node ort-latency.mjs MODEL.onnx C,H,W RUNS
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

const [model, shapeText, runsText] = process.argv.slice(2);
const shape = [1, ...shapeText.split(',').map(Number)];
const runs = Number(runsText);
const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const session = await ort.InferenceSession.create(model);
const loadMs = performance.now() - loadStart;
const input = new ort.Tensor('float32', Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)), shape);
const times = [];
let sampled = process.memoryUsage().rss;
for (let i = 0; i < runs + 5; i++) {
  const start = performance.now();
  await session.run({ [session.inputNames[0]]: input });
  if (i >= 5) times.push(performance.now() - start);
  sampled = Math.max(sampled, process.memoryUsage().rss);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(JSON.stringify({ loadMs, medianMs: at(0.5), p95Ms: at(0.95), rssBeforeBytes: rssBefore, peakRssBytes: peakRss(sampled) }));
