import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { createOptimizer, type OptimizerSpec } from './optimizer';
import { evalStep, trainStep, type Batch } from './step';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 8×8×1 noisy images: class 0 has horizontal stripes, class 1 vertical ones. */
function halves(n: number, seed = 1): Batch {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const x = new Float32Array(n * 64);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) x[i * 64 + r * 8 + c] = ((y[i] === 0 ? r : c) % 2) + 0.3 * rand();
  }
  return { x, y, size: n };
}

function tinyNet(): GraphDoc {
  const parsed = parseGraph({
    format: 'inception-studio.graph',
    version: 2,
    name: 'tiny',
    nodes: [
      { id: 'in', kind: 'Input', params: { height: 8, width: 8, channels: 1 }, position: { x: 0, y: 0 } },
      { id: 'conv', kind: 'ConvBNReLU', params: { filters: 4, kernel: 3, padding: 1 }, position: { x: 0, y: 1 } },
      { id: 'gap', kind: 'GlobalAvgPool', params: {}, position: { x: 0, y: 2 } },
      { id: 'fc', kind: 'Dense', params: { units: 2 }, position: { x: 0, y: 3 } },
    ],
    edges: [
      { id: 'a', source: 'in', target: 'conv', targetSlot: 0 },
      { id: 'b', source: 'conv', target: 'gap', targetSlot: 0 },
      { id: 'c', source: 'gap', target: 'fc', targetSlot: 0 },
    ],
  });
  if (!parsed.ok) throw new Error('bad test graph');
  return parsed.graph;
}

const specs: OptimizerSpec[] = [
  { type: 'sgd', momentum: 0.9, nesterov: false, weightDecay: 1e-4 },
  { type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
  { type: 'adamw', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.01 },
];

describe('training steps', () => {
  for (const spec of specs) {
    it(`${spec.type} lowers the loss and learns a separable task`, () => {
      tf.randomUniform([1]).dispose();
      const model = compileGraph(tinyNet());
      const opt = createOptimizer(spec, 0.05);
      const batch = halves(32);
      const options = { lr: spec.type === 'sgd' ? 0.1 : 0.02, labelSmoothing: 0.05, numClasses: 2, inputShape: [8, 8, 1] };
      const first = trainStep(model, opt, batch, options);
      let last = first;
      for (let i = 0; i < 40; i++) last = trainStep(model, opt, batch, options);
      expect(last.loss).toBeLessThan(first.loss * 0.7);
      const held = evalStep(model, halves(32, 7), options);
      expect(held.correct / held.size).toBeGreaterThan(0.9);
      model.dispose();
      opt.optimizer.dispose();
    });
  }

  it('updates BatchNorm moving statistics in training mode only', () => {
    const model = compileGraph(tinyNet());
    const mean = () => Array.from(model.getLayer('conv_bn').getWeights()[2].dataSync());
    const before = mean();
    evalStep(model, halves(8), { numClasses: 2, inputShape: [8, 8, 1] });
    expect(mean()).toEqual(before);
    trainStep(model, createOptimizer(specs[0], 0.01), halves(8), { lr: 0.01, labelSmoothing: 0, numClasses: 2, inputShape: [8, 8, 1] });
    expect(mean()).not.toEqual(before);
    model.dispose();
  });

  it('trains a progressive-resizing phase on the batch resized (2×: the 2×2 mean), the design\'s weights unchanged in shape', () => {
    const batch = halves(8);
    const averaged = tf.tidy(() => tf.avgPool(tf.tensor4d(batch.x, [8, 8, 8, 1]), 2, 2, 'valid').dataSync() as Float32Array);
    const losses = [
      { b: batch, o: { inputShape: [8, 8, 1], resizeTo: { height: 4, width: 4 } } },
      { b: { ...batch, x: averaged }, o: { inputShape: [4, 4, 1] } },
    ].map(({ b, o }) => {
      const model = compileGraph(tinyNet(), { seed: 3 });
      const opt = createOptimizer(specs[0], 0.01);
      const result = trainStep(model, opt, b, { lr: 0.01, labelSmoothing: 0, numClasses: 2, ...o });
      model.dispose();
      opt.optimizer.dispose();
      return result.loss;
    });
    expect(losses[0]).toBeCloseTo(losses[1], 5);
  });

  it('does not leak tensors', () => {
    const model = compileGraph(tinyNet());
    const opt = createOptimizer(specs[1], 0.01);
    const options = { lr: 0.01, labelSmoothing: 0, numClasses: 2, inputShape: [8, 8, 1] };
    trainStep(model, opt, halves(8), options);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) trainStep(model, opt, halves(8), options);
    evalStep(model, halves(8), options);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
