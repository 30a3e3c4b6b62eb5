// One model in onnxruntime-node, in a process of its own (so its peak memory is its own): prints one JSON line
// with the load time, the median and p95 latency of `runs` single-image runs after 5 warm-up runs, and the
// process's resident memory before loading and at its peak.
// Usage: node ort-latency.mjs MODEL.onnx C,H,W RUNS
import * as ort from 'onnxruntime-node';

const [model, shapeText, runsText] = process.argv.slice(2);
const shape = [1, ...shapeText.split(',').map(Number)];
const runs = Number(runsText);
const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const session = await ort.InferenceSession.create(model);
const loadMs = performance.now() - loadStart;
const input = new ort.Tensor('float32', Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)), shape);
const times = [];
for (let i = 0; i < runs + 5; i++) {
  const start = performance.now();
  await session.run({ [session.inputNames[0]]: input });
  if (i >= 5) times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(JSON.stringify({ loadMs, medianMs: at(0.5), p95Ms: at(0.95), rssBeforeBytes: rssBefore, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
