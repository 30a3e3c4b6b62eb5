import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TorchPool2D, type TorchPoolConfig } from './torchPool';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs the layer on one H×W single-channel image given row by row. */
function pool(rows: number[][], config: Partial<TorchPoolConfig>): number[][] {
  const layer = new TorchPool2D({ mode: 'max', kernel: 2, stride: 2, padding: 0, ceilMode: false, countIncludePad: true, ...config });
  const x = tf.tensor4d(rows.flat(), [1, rows.length, rows[0].length, 1]);
  const y = layer.apply(x) as tf.Tensor4D;
  const [, h, w] = y.shape;
  const values = Array.from(y.dataSync());
  return Array.from({ length: h }, (_, i) => values.slice(i * w, (i + 1) * w));
}

const negative = [
  [-1, -2, -3],
  [-4, -5, -6],
  [-7, -8, -9],
];

describe('TorchPool2D (PyTorch semantics, hand-computed)', () => {
  it('max pool padding never wins, even over negative values', () => {
    // kernel 3, stride 1, padding 1: the window at (0,0) covers -1,-2,-4,-5 and padding.
    expect(pool(negative, { kernel: 3, stride: 1, padding: 1 })).toEqual([
      [-1, -1, -2],
      [-1, -1, -2],
      [-4, -4, -5],
    ]);
  });

  it('ceil mode keeps the partial last window', () => {
    expect(pool(negative, { kernel: 2, stride: 2, ceilMode: true })).toEqual([
      [-1, -3],
      [-7, -9],
    ]);
  });

  it('average pool divides by the window inside input+padding (count_include_pad)', () => {
    const ones = [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ];
    // kernel 2, stride 2, padding 1: window (0,0) holds 1 real value of 4 cells inside input+padding.
    expect(pool(ones, { mode: 'avg', kernel: 2, stride: 2, padding: 1 })).toEqual([
      [0.25, 0.5],
      [0.5, 1],
    ]);
    expect(pool(ones, { mode: 'avg', kernel: 2, stride: 2, padding: 1, countIncludePad: false })).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('average pool in ceil mode divides a clipped last window by its real size', () => {
    const grid = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    expect(pool(grid, { mode: 'avg', kernel: 2, stride: 2, ceilMode: true })).toEqual([
      [3, 4.5],
      [7.5, 9],
    ]);
  });
});
