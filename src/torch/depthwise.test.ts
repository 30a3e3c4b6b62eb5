import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { mulberry32 } from '../data/random';
import { LAYER_KINDS } from '../layers/catalog';
import { relativeError } from '../testing/relativeError';
import { generateTorchModule } from './codegen';
import { detectTorch } from './detect';
import { runTool } from './python';
import { readSafetensors, writeSafetensors } from './safetensors';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { graphOf, zooGraph } from './testing/graphs';
import { tfjsToTorch, torchToTfjs, type TfjsWeights } from './weights';

const torch = await detectTorch();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Depthwise convolutions of every padding path: explicit (a pad layer), symmetric "same" at stride 1, `same` with an even kernel. */
const depthwiseGraph = () => graphOf('depthwise', [
  ['input', 'Input', { height: 9, width: 8, channels: 3 }, []],
  ['dw1', 'DepthwiseConv2D', { kernel: 3, stride: 2, padding: 1, depthMultiplier: 3 }, ['input']],
  ['dw2', 'DepthwiseConv2D', { kernel: 4, padding: 'same', bias: false }, ['dw1']],
  ['dw3', 'DepthwiseConv2D', { kernel: 3, stride: 1, padding: 1, depthMultiplier: 2 }, ['dw2']],
  ['dw4', 'DepthwiseConv2D', { kernel: 5, stride: 1, padding: 1 }, ['dw3']],
  ['flat', 'Flatten', {}, ['dw4']],
  ['fc', 'Dense', { units: 4 }, ['flat']],
]);

/** Every weight of a compiled model by TF.js name, set to seeded random values (biases included). */
function randomWeights(model: tf.LayersModel, seed: number): TfjsWeights {
  const rng = mulberry32(seed);
  const weights: TfjsWeights = new Map();
  for (const w of model.weights) {
    const shape = w.shape as number[];
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() - 0.5);
    w.write(tf.tensor(data, shape));
    weights.set(w.originalName, { shape, data });
  }
  return weights;
}

it('writes nn.Conv2d with groups = input channels, and the weights PyTorch holds', () => {
  const m = generateTorchModule(depthwiseGraph());
  expect(m.code).toContain('self.dw1 = nn.Conv2d(3, 9, 3, stride=2, padding=1, groups=3)');
  expect(m.code).toContain('self.dw2 = nn.Conv2d(9, 9, 4, padding=\'same\', groups=9, bias=False)');
  expect(m.tensors.map((t) => [t.torch, t.tfjs, t.layout, t.shape])).toEqual(expect.arrayContaining([
    ['dw1.weight', 'dw1/depthwise_kernel', 'depthwise', [9, 1, 3, 3]],
    ['dw1.bias', 'dw1/bias', 'vector', [9]],
    ['dw3.weight', 'dw3/depthwise_kernel', 'depthwise', [18, 1, 3, 3]],
  ]));
  expect(m.tensors.some((t) => t.torch === 'dw2.bias')).toBe(false);
});

it('moves a depthwise kernel between TF.js [k, k, cin, m] and PyTorch [cin·m, 1, k, k] (output channel c·m + j)', () => {
  const graph = depthwiseGraph();
  const model = compileGraph(graph, { seed: 2 });
  const weights = randomWeights(model, 7);
  model.dispose();
  const { tensors } = generateTorchModule(graph);
  const state = tfjsToTorch(weights, tensors);
  const [k, cin, m] = [3, 3, 3];
  const hwcm = weights.get('dw1/depthwise_kernel')!;
  expect(hwcm.shape).toEqual([k, k, cin, m]);
  const torchKernel = state.get('dw1.weight')!.data as Float32Array;
  for (const [y, x, c, j] of [[0, 0, 0, 0], [1, 2, 2, 1], [2, 1, 1, 2], [2, 2, 2, 2]]) {
    expect(torchKernel[(c * m + j) * k * k + y * k + x]).toBe(hwcm.data[((y * k + x) * cin + c) * m + j]);
  }
  const back = torchToTfjs(state, tensors);
  for (const [name, w] of weights) expect(Array.from(back.get(name)!.data), name).toEqual(Array.from(w.data));
});

it('the every-kind design uses every kind in the catalog', () => {
  expect(new Set(zooGraph().nodes.map((n) => n.kind))).toEqual(new Set(LAYER_KINDS));
});

describe.runIf(needs(torchInstalled(torch)))('DepthwiseConv2D: TF.js and PyTorch with the same weights', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('give the same outputs within 1e-4 for every padding path, depth multipliers and no bias', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'depthwise-'));
    const graph = depthwiseGraph();
    const model = compileGraph(graph, { seed: 5 });
    const weights = randomWeights(model, 11);
    const module = generateTorchModule(graph);
    const [c, h, w] = module.inputShape;
    const batch = 2;
    const rng = mulberry32(13);
    const nhwc = Float32Array.from({ length: batch * h * w * c }, () => rng() * 2 - 1);
    const expected = tf.tidy(() => (model.predict(tf.tensor4d(nhwc, [batch, h, w, c])) as tf.Tensor).dataSync() as Float32Array);
    model.dispose();
    const nchw = tf.tidy(() => tf.tensor4d(nhwc, [batch, h, w, c]).transpose([0, 3, 1, 2]).dataSync() as Float32Array);
    const files = { net: path.join(dir, 'net.py'), weights: path.join(dir, 'w.safetensors'), input: path.join(dir, 'x.safetensors'), out: path.join(dir, 'y.safetensors') };
    await writeFile(files.net, module.code);
    await writeSafetensors(files.weights, tfjsToTorch(weights, module.tensors));
    await writeSafetensors(files.input, new Map([['input', { dtype: 'F32', shape: [batch, c, h, w], data: nchw }]]));
    await runTool(torch.python!, ['forward', files.net, '--weights', files.weights, '--input', files.input, '--out', files.out]);
    const actual = (await readSafetensors(files.out)).tensors.get('output')!.data as Float32Array;
    expect(relativeError(actual, expected)).toBeLessThan(1e-4);
  });
});
