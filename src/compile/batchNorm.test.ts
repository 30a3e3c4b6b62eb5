import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/select';
import { TrainingBatchNorm } from './batchNorm';
import { relativeError } from '../testing/relativeError';

/** Deterministic values in [-1, 1). */
function values(count: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 31 - 1;
  });
}

const TOLERANCE = 1e-4;
type Make = (args: { epsilon: number; momentum: number; name: string }) => tf.layers.Layer;
const stock: Make = (args) => tf.layers.batchNormalization({ axis: -1, ...args });
const ours: Make = (args) => new TrainingBatchNorm({ axis: -1, ...args });

/** (Layer.dispose only works for layers applied to symbolic tensors.) */
const freeWeights = (layer: tf.layers.Layer) => layer.weights.forEach((w) => w.dispose());

interface Result { y: Float32Array; dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array; weights: Float32Array[]; inference: Float32Array }

/**
 * Two training steps' forward and backward of sum(bn(x)·r) (the second after the moving statistics moved),
 * then an inference pass, on the current backend.
 */
function run(make: Make, shape: number[], epsilon: number, offset: number): Result {
  const channels = shape[shape.length - 1];
  const size = shape.reduce((a, b) => a * b, 1);
  const layer = make({ epsilon, momentum: 0.9, name: 'bn' });
  layer.build(shape);
  const initial = [
    tf.tensor(values(channels, 1).map((v) => 1 + v / 2)),
    tf.tensor(values(channels, 2)),
    tf.tensor(values(channels, 3)),
    tf.tensor(values(channels, 4).map((v) => 1.5 + v)),
  ];
  layer.setWeights(initial);
  tf.dispose(initial);
  // Per-channel offsets and scales, so the statistics are far from 0 and 1.
  const x0 = tf.tensor(values(size, 5).map((v, i) => v * (1 + (i % channels)) + offset * ((i % channels) - 1)), shape);
  const x = tf.variable(x0);
  x0.dispose();
  const r = tf.tensor(values(size, 6), shape);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  let result: Omit<Result, 'weights' | 'inference'> | undefined;
  for (let step = 0; step < 2; step++) {
    tf.tidy(() => {
      let y: tf.Tensor | undefined;
      const { grads } = tf.variableGrads(() => {
        y = tf.keep(layer.apply(x, { training: true }) as tf.Tensor);
        return tf.sum(tf.mul(y, r)) as tf.Scalar;
      }, [x, gamma, beta]);
      result = {
        y: y!.dataSync() as Float32Array,
        dx: grads[x.name].dataSync() as Float32Array,
        dGamma: grads[gamma.name].dataSync() as Float32Array,
        dBeta: grads[beta.name].dataSync() as Float32Array,
      };
      y!.dispose();
    });
  }
  const inference = tf.tidy(() => (layer.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array);
  const weights = layer.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, r]);
  freeWeights(layer);
  return { ...result!, weights, inference };
}

function expectClose(actual: Result, expected: Result): void {
  for (const key of ['y', 'dx', 'dGamma', 'dBeta', 'inference'] as const) {
    expect(relativeError(actual[key], expected[key]), key).toBeLessThan(TOLERANCE);
  }
  expected.weights.forEach((w, i) => expect(relativeError(actual.weights[i], w), `weight ${i}`).toBeLessThan(TOLERANCE));
}

const cases = [
  { shape: [4, 5, 6, 7], epsilon: 1e-3, offset: 0 },
  { shape: [3, 4, 4, 5], epsilon: 1e-5, offset: 20 },
  { shape: [9, 6], epsilon: 1e-5, offset: 3 },
  { shape: [2, 1, 1, 4], epsilon: 1e-3, offset: 0 }, // two values per channel
];

describe('TrainingBatchNorm (BatchNorm with a closed-form training gradient)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has the stock layer\'s weights, class name and config', () => {
    const a = stock({ epsilon: 1e-3, momentum: 0.9, name: 'a' });
    const b = ours({ epsilon: 1e-3, momentum: 0.9, name: 'b' });
    a.build([2, 3, 3, 8]);
    b.build([2, 3, 3, 8]);
    const describe = (l: tf.layers.Layer) => l.weights.map((w) => [w.originalName.replace(/^[ab]\//, ''), w.shape, w.trainable]);
    expect(describe(b)).toEqual(describe(a));
    expect(describe(b).map((w) => w[0])).toEqual(['gamma', 'beta', 'moving_mean', 'moving_variance']);
    expect(b.getClassName()).toBe('BatchNormalization');
    expect({ ...b.getConfig(), name: 'a' }).toEqual(a.getConfig());
    freeWeights(a);
    freeWeights(b);
  });

  it.each(cases)('$shape, eps $epsilon, offset $offset: equals tf.layers.batchNormalization on cpu', ({ shape, epsilon, offset }) => {
    expectClose(run(ours, shape, epsilon, offset), run(stock, shape, epsilon, offset));
  });

  it.each([['stock', stock], ['ours', ours]] as const)('leaks no tensors (%s)', (_, make) => {
    run(make, [2, 3, 3, 4], 1e-3, 0);
    const before = tf.memory().numTensors;
    run(make, [2, 3, 3, 4], 1e-3, 0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(cases)('$shape, eps $epsilon, offset $offset: on wasm equals the stock layer on cpu', async ({ shape, epsilon, offset }) => {
    const expected = run(stock, shape, epsilon, offset);
    expect((await initBackend('wasm')).name).toBe('wasm');
    try {
      expectClose(run(ours, shape, epsilon, offset), expected);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
