import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../layers/catalog';
import { parseGraph } from '../graph/schema';
import type { GraphDoc, ParamValue } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { compileGraph } from './compile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Spec = [id: string, kind: string, params: Record<string, ParamValue>, inputs: string[]];

function graphOf(specs: Spec[]): GraphDoc {
  const parsed = parseGraph({
    format: 'inception-studio.graph',
    version: 2,
    name: 'kinds',
    nodes: specs.map(([id, kind, params], i) => ({ id, kind, params, position: { x: 0, y: i } })),
    edges: specs.flatMap(([id, , , inputs]) => inputs.map((source, slot) => ({ id: `${source}_${id}_${slot}`, source, target: id, targetSlot: slot }))),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.graph;
}

const input: Spec = ['in', 'Input', { height: 11, width: 9, channels: 3 }, []];

/** One small design that uses the kind, for every kind in the catalog. */
const CASES: Record<string, Spec[]> = {
  Input: [input],
  Output: [input, ['f', 'Flatten', {}, ['in']], ['out', 'Output', {}, ['f']]],
  Conv2D: [
    input,
    ['c', 'Conv2D', { filters: 4, kernel: 4, stride: 2, padding: 1, dilation: 1 }, ['in']],
    ['dilated', 'Conv2D', { filters: 4, kernel: [3, 2], padding: [2, 1], dilation: [2, 1] }, ['c']],
    ['axes', 'Conv2D', { filters: 6, kernel: [1, 3], stride: [2, 1], padding: [0, 2] }, ['dilated']],
    ['grouped', 'Conv2D', { filters: 4, kernel: [3, 1], padding: [1, 0], groups: 2 }, ['axes']],
    ['depthwise', 'Conv2D', { filters: 8, kernel: 3, groups: 4, bias: false }, ['grouped']],
  ],
  DepthwiseConv2D: [input, ['d', 'DepthwiseConv2D', { kernel: 3, stride: 2, padding: 1, depthMultiplier: 2 }, ['in']]],
  MaxPool: [input, ['p', 'MaxPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true }, ['in']]],
  AvgPool: [input, ['p', 'AvgPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }, ['in']]],
  GlobalAvgPool: [input, ['g', 'GlobalAvgPool', {}, ['in']]],
  ConvBNReLU: [input, ['c', 'ConvBNReLU', { filters: 6, kernel: 3, stride: 1, padding: 'same' }, ['in']]],
  Inception: [input, ['i', 'Inception', { out1x1: 2, reduce3x3: 3, out3x3: 4, reduce5x5: 2, out5x5: 3, poolProj: 2 }, ['in']]],
  InceptionA: [input, ['i', 'InceptionA', { out1x1: 2, reduce5x5: 3, out5x5: 4, reduce3x3dbl: 2, out3x3dbl: 3, poolProj: 2 }, ['in']]],
  InceptionB: [input, ['i', 'InceptionB', { out3x3: 4, reduce3x3dbl: 2, out3x3dbl: 3 }, ['in']]],
  InceptionC: [input, ['i', 'InceptionC', { out1x1: 2, channels7x7: 3, out7x7: 4, out7x7dbl: 2, poolProj: 3 }, ['in']]],
  InceptionD: [input, ['i', 'InceptionD', { reduce3x3: 2, out3x3: 3, channels7x7: 2, out7x7x3: 4 }, ['in']]],
  InceptionE: [input, ['i', 'InceptionE', { out1x1: 2, reduce3x3: 3, out3x3: 2, reduce3x3dbl: 3, mid3x3dbl: 4, out3x3dbl: 2, poolProj: 3 }, ['in']]],
  Concat: [input, ['a', 'Conv2D', { filters: 2, kernel: 1 }, ['in']], ['cat', 'Concat', {}, ['in', 'a']]],
  Add: [input, ['a', 'Conv2D', { filters: 3, kernel: 3, padding: 'same' }, ['in']], ['sum', 'Add', {}, ['in', 'a']]],
  Dense: [input, ['f', 'Flatten', {}, ['in']], ['d', 'Dense', { units: 7 }, ['f']]],
  Flatten: [input, ['f', 'Flatten', {}, ['in']]],
  ChannelSlice: [input, ['a', 'ChannelSlice', { start: 1, channels: 2 }, ['in']], ['b', 'ChannelSlice', { start: 0, channels: 1 }, ['in']], ['cat', 'Concat', {}, ['b', 'a']]],
  ChannelShuffle: [input, ['c', 'Conv2D', { filters: 6, kernel: 1 }, ['in']], ['s', 'ChannelShuffle', { groups: 3 }, ['c']]],
  Dropout: [input, ['d', 'Dropout', { rate: 0.3 }, ['in']]],
  BatchNorm: [input, ['b', 'BatchNorm', { eps: 1e-3 }, ['in']]],
  ReLU: [input, ['r', 'ReLU', {}, ['in']]],
  ReLU6: [input, ['r', 'ReLU6', {}, ['in']]],
  Sigmoid: [input, ['s', 'Sigmoid', {}, ['in']]],
  LayerNorm: [input, ['n', 'LayerNorm', { eps: 1e-6 }, ['in']]],
  LayerScale: [input, ['s', 'LayerScale', {}, ['in']]],
  SiLU: [input, ['s', 'SiLU', {}, ['in']]],
  HardSigmoid: [input, ['s', 'HardSigmoid', {}, ['in']]],
  Hardswish: [input, ['s', 'Hardswish', {}, ['in']]],
  GELU: [input, ['g', 'GELU', { approximate: 'tanh' }, ['in']]],
  Multiply: [input, ['g', 'GlobalAvgPool', { keepDims: true }, ['in']], ['m', 'Multiply', {}, ['in', 'g']]],
  SqueezeExcitation: [input, ['se', 'SqueezeExcitation', { channels: 3, squeeze: 2, activation: 'SiLU', gate: 'HardSigmoid' }, ['in']]],
};

const toChw = (shape: (number | null)[]) => (shape.length === 4 ? [shape[3], shape[1], shape[2]] : shape.slice(1));

describe('every node kind compiles to the shape and parameter count inference gives', () => {
  it('has a case for each kind in the catalog', () => {
    expect(Object.keys(CASES).sort()).toEqual(LAYERS.map((l) => l.kind).sort());
  });

  for (const [kind, specs] of Object.entries(CASES)) {
    it(kind, () => {
      const graph = graphOf(specs);
      const inference = inferGraph(graph);
      expect(inference.errors).toEqual([]);
      const model = compileGraph(graph);
      expect(toChw(model.outputs[0].shape)).toEqual([...inference.output!]);
      const count = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
      expect(count(model.trainableWeights)).toBe(inference.totals.trainable);
      expect(count(model.nonTrainableWeights)).toBe(inference.totals.nonTrainable);
      model.dispose();
    });
  }
});

describe('convolution padding, numerically', () => {
  /** A 1-channel H×W input of ones through a single all-ones k×k filter without bias: each output counts real inputs in its window. */
  function ones(h: number, w: number, kernel: number, stride: number, padding: number | 'same'): number[][] {
    const model = compileGraph(graphOf([
      ['in', 'Input', { height: h, width: w, channels: 1 }, []],
      ['c', 'Conv2D', { filters: 1, kernel, stride, padding, bias: false }, ['in']],
    ]));
    const conv = model.getLayer('c');
    conv.setWeights([tf.ones(conv.getWeights()[0].shape)]);
    const y = model.predict(tf.ones([1, h, w, 1])) as tf.Tensor4D;
    const [, oh, ow] = y.shape;
    const v = Array.from(y.dataSync());
    model.dispose();
    return Array.from({ length: oh }, (_, i) => v.slice(i * ow, (i + 1) * ow));
  }

  it('explicit padding adds zeros on every side, as PyTorch does', () => {
    expect(ones(3, 3, 3, 1, 1)).toEqual([
      [4, 6, 4],
      [6, 9, 6],
      [4, 6, 4],
    ]);
    expect(ones(4, 4, 3, 2, 1)).toEqual([
      [4, 6],
      [6, 9],
    ]);
  });

  it('"same" with an even kernel puts the extra row and column at the end', () => {
    // kernel 2: PyTorch pads 0 before, 1 after; the last row and column see the padding.
    expect(ones(3, 3, 2, 1, 'same')).toEqual([
      [4, 4, 2],
      [4, 4, 2],
      [2, 2, 1],
    ]);
  });
});

describe('logits for training', () => {
  it('leaves out a final Softmax / Output node when asked', () => {
    const graph = graphOf([...CASES.Dense, ['out', 'Output', {}, ['d']]]);
    const probabilities = compileGraph(graph);
    const logits = compileGraph(graph, { logits: true });
    expect(probabilities.layers.at(-1)!.name).toBe('out');
    expect(logits.layers.at(-1)!.name).toBe('d');
    expect(logits.outputs[0].shape).toEqual([null, 7]);
  });
});

describe('seeded initialisation', () => {
  it('gives the same weights for the same seed and different ones for another', () => {
    const graph = graphOf(CASES.Dense);
    const weights = (seed: number) => {
      const model = compileGraph(graph, { seed });
      const values = Array.from(model.getLayer('d').getWeights()[0].dataSync());
      model.dispose();
      return values;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  });
});
