// Training images/s of googlenet-96 at batch 32 on one TF.js backend; prints one JSON line.
// Run through scripts/bench.mjs, which bundles this file.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/select';
import { compileGraph } from '../../src/compile/compile';
import { loadPreset } from '../../src/graph/presets';
import { createOptimizer } from '../../src/train/optimizer';
import { trainStep } from '../../src/train/step';

const [backendName, stepsArg, batchArg] = process.argv.slice(2);
const steps = Number(stepsArg ?? 3);
const batchSize = Number(batchArg ?? 32);

const choice = await initBackend(backendName as never);
if (choice.name !== backendName) {
  console.log(JSON.stringify({ backend: backendName, available: false, reason: choice.tried.map((t) => t.error).join('; ') }));
  process.exit(0);
}
const model = compileGraph(loadPreset('googlenet-96'));
const opt = createOptimizer({ type: 'sgd', momentum: 0.9, nesterov: false, weightDecay: 0 }, 0.01);
const x = new Float32Array(batchSize * 96 * 96 * 3).map((_, i) => Math.sin(i) * 0.5);
const y = Int32Array.from({ length: batchSize }, (_, i) => i % 10);
const batch = { x, y, size: batchSize };
const options = { lr: 0.01, labelSmoothing: 0, numClasses: 10, inputShape: [96, 96, 3] };
trainStep(model, opt, batch, options);
const start = performance.now();
for (let i = 0; i < steps; i++) trainStep(model, opt, batch, options);
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ backend: choice.name, detail: choice.detail ?? null, available: true, batchSize, steps, secondsPerStep: seconds / steps, imagesPerSecond: (steps * batchSize) / seconds, tfjs: tf.version.tfjs }));
