import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeError } from '../testing/relativeError';
import { initBackend } from './select';

type Quad = [number, number, number, number];

interface Case { name: string; x: Quad; kernel: number; multiplier: number; strides: number; pad: 'valid' | 'same' | number }

// No dilation: TF.js's own depthwise gradient refuses dilations above 1 (and DepthwiseConv2D has none).
const cases: Case[] = [
  { name: '3×3/1 same, multiplier 1', x: [2, 7, 6, 3], kernel: 3, multiplier: 1, strides: 1, pad: 'same' },
  { name: '3×3/2 pad 1, multiplier 2', x: [2, 9, 8, 3], kernel: 3, multiplier: 2, strides: 2, pad: 1 },
  { name: '4×4/1 same (even kernel), multiplier 3', x: [1, 6, 7, 2], kernel: 4, multiplier: 3, strides: 1, pad: 'same' },
  { name: '5×5/2 valid on an even input', x: [2, 10, 10, 4], kernel: 5, multiplier: 1, strides: 2, pad: 'valid' },
];

/** Seeded values in [-1, 1). */
const seeded = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** The input and filter gradients of sum(depthwiseConv2d(x, w) · r), through TF.js's own gradient. */
function depthwiseGrads(c: Case): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = seeded(c.x, 1);
    const w = seeded([c.kernel, c.kernel, c.x[3], c.multiplier], 2);
    const conv = (xs: tf.Tensor, ws: tf.Tensor) =>
      tf.depthwiseConv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.strides, c.pad);
    const r = seeded(conv(x, w).shape, 3);
    const [dx, dw] = tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.mul(conv(xs, ws), r)))([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

describe('wasm depthwise convolution gradients', () => {
  beforeAll(async () => {
    expect((await initBackend('wasm')).name).toBe('wasm');
  });

  it.each(cases)('$name: wasm matches cpu', async (c) => {
    await tf.setBackend('cpu');
    const expected = depthwiseGrads(c);
    await tf.setBackend('wasm');
    const actual = depthwiseGrads(c);
    expect(relativeError(actual.dx, expected.dx)).toBeLessThan(1e-5);
    expect(relativeError(actual.dw, expected.dw)).toBeLessThan(1e-5);
  });
});
