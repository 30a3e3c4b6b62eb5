import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { graphOf } from '../torch/testing/graphs';
import { compileGraph, derivedWeightOf } from './compile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case { groups: number; filters: number; kernel: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number]; bias: boolean }

/** PyTorch's grouped convolution, written out: NHWC input, kernel [kh, kw, C/groups, filters] (TF.js's layout of [filters, C/groups, kh, kw]). */
function reference(x: Float32Array, [h, w, c]: number[], kernel: Float32Array, bias: Float32Array | null, o: Case): { data: Float32Array; shape: number[] } {
  const [kh, kw] = o.kernel;
  const perGroup = c / o.groups;
  const outPerGroup = o.filters / o.groups;
  const oh = Math.floor((h + 2 * o.padding[0] - o.dilation[0] * (kh - 1) - 1) / o.stride[0]) + 1;
  const ow = Math.floor((w + 2 * o.padding[1] - o.dilation[1] * (kw - 1) - 1) / o.stride[1]) + 1;
  const out = new Float32Array(oh * ow * o.filters);
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let f = 0; f < o.filters; f++) {
        const g = Math.floor(f / outPerGroup);
        let sum = bias ? bias[f] : 0;
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) {
            const y = i * o.stride[0] - o.padding[0] + a * o.dilation[0];
            const z = j * o.stride[1] - o.padding[1] + b * o.dilation[1];
            if (y < 0 || y >= h || z < 0 || z >= w) continue;
            for (let ci = 0; ci < perGroup; ci++) sum += x[(y * w + z) * c + g * perGroup + ci] * kernel[((a * kw + b) * perGroup + ci) * o.filters + f];
          }
        out[(i * ow + j) * o.filters + f] = sum;
      }
  return { data: out, shape: [oh, ow, o.filters] };
}

const CASES: [string, Case][] = [
  ['2 groups, 3×1 kernel, per-axis padding', { groups: 2, filters: 6, kernel: [3, 1], stride: [1, 1], padding: [1, 0], dilation: [1, 1], bias: true }],
  ['4 groups, strided per axis, no bias', { groups: 4, filters: 8, kernel: [2, 3], stride: [2, 1], padding: [1, 2], dilation: [1, 1], bias: false }],
  ['2 groups, dilated per axis', { groups: 2, filters: 4, kernel: [2, 3], stride: [1, 1], padding: [0, 2], dilation: [2, 2], bias: true }],
  ['groups = channels (depthwise, 2 filters each)', { groups: 4, filters: 8, kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], bias: true }],
];

describe('grouped convolutions in TF.js (our GroupedConv2D layer and the stock-layers export)', () => {
  for (const [name, o] of CASES) {
    it(`${name}: both equal the grouped convolution written out`, () => {
      const [h, w, c] = [7, 6, 4];
      const graph = graphOf('grouped', [
        ['input', 'Input', { height: h, width: w, channels: c }, []],
        ['conv', 'Conv2D', { filters: o.filters, kernel: o.kernel, stride: o.stride, padding: o.padding, dilation: o.dilation, groups: o.groups, bias: o.bias }, ['input']],
      ]);
      const rng = mulberry32(3);
      const x = Float32Array.from({ length: h * w * c }, () => rng() * 2 - 1);
      const ours = compileGraph(graph);
      const weights = new Map(ours.weights.map((v, i) => [v.originalName, { data: Float32Array.from(ours.getWeights()[i].dataSync()), shape: [...ours.getWeights()[i].shape] }]));
      const kernel = weights.get('conv/kernel')!;
      // Random biases too, so a bias in the wrong group shows.
      const bias = o.bias ? Float32Array.from({ length: o.filters }, () => rng()) : null;
      if (bias) ours.getLayer('conv').setWeights([tf.tensor(kernel.data, kernel.shape), tf.tensor(bias, [o.filters])]);
      if (bias) weights.set('conv/bias', { data: bias, shape: [o.filters] });
      const expected = reference(x, [h, w, c], kernel.data, bias, o);

      const input = tf.tensor4d(x, [1, h, w, c]);
      const actual = ours.predict(input) as tf.Tensor;
      expect(actual.shape.slice(1)).toEqual(expected.shape);
      expect(Math.max(...Array.from(actual.dataSync(), (v, i) => Math.abs(v - expected.data[i])))).toBeLessThan(1e-5);

      const stock = compileGraph(graph, { layers: 'stock' });
      expect(stock.layers.every((l) => ['InputLayer', 'Permute', 'Cropping2D', 'Conv2D', 'DepthwiseConv2D', 'Concatenate', 'ZeroPadding2D'].includes(l.getClassName()))).toBe(true);
      stock.setWeights(stock.weights.map((v) => {
        const part = derivedWeightOf(stock, v.originalName);
        const source = weights.get(part?.from ?? v.originalName)!;
        const value = part ? part.derive(source) : source;
        return tf.tensor(value.data, value.shape);
      }));
      const fromStock = stock.predict(input) as tf.Tensor;
      expect(Math.max(...Array.from(fromStock.dataSync(), (v, i) => Math.abs(v - expected.data[i])))).toBeLessThan(1e-5);
      tf.dispose([input, actual, fromStock]);
      ours.dispose();
      stock.dispose();
    });
  }
});
