import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { saveLayersModel } from '../../export/tfjsFiles';
import { relativeError } from '../../testing/relativeError';
import { importModel } from '../importModel';
import { modelWithWeights } from '../writeImported';

const dir = await mkdtemp(path.join(os.tmpdir(), 'import-stock-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
await tf.setBackend('cpu');

it('a model built with plain tf.sequential (Keras HWC flatten, BatchNorm on its features, fused activations, same/valid) imports with the same outputs', async () => {
  const source = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [9, 7, 3], filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' }),
      tf.layers.batchNormalization({ betaInitializer: 'randomNormal', movingMeanInitializer: 'randomNormal', movingVarianceInitializer: 'ones' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.batchNormalization({ betaInitializer: 'randomNormal', movingMeanInitializer: 'randomNormal', gammaInitializer: 'randomNormal' }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  await saveLayersModel(source, dir);
  const imported = await importModel(path.join(dir, 'model.json'), { labels: ['a', 'b', 'c', 'd'] });
  expect(imported.graph.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'ReLU', 'BatchNorm', 'MaxPool', 'AvgPool', 'Flatten', 'Dropout', 'BatchNorm', 'Dense', 'Output']);
  expect(imported.info.format).toBe('tfjs');
  const model = modelWithWeights(imported.graph, imported.weights);
  const x = tf.randomNormal([3, 9, 7, 3], 0, 1, 'float32', 11);
  expect(relativeError((model.predict(x) as tf.Tensor).dataSync(), (source.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-5);
});

it('depthwise and separable convolutions, Activation, ReLU and Softmax layers map, with the same outputs', async () => {
  const source = tf.sequential({
    layers: [
      tf.layers.depthwiseConv2d({ inputShape: [8, 7, 3], kernelSize: 3, depthMultiplier: 2, strides: 2, biasInitializer: 'randomNormal', name: 'dw' }),
      tf.layers.activation({ activation: 'relu', name: 'act' }),
      tf.layers.separableConv2d({ kernelSize: 2, filters: 5, padding: 'same', biasInitializer: 'randomNormal', activation: 'relu', name: 'sep' }),
      tf.layers.reLU({ name: 'relu' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 3, name: 'fc' }),
      tf.layers.softmax({ name: 'out' }),
    ],
  });
  const folder = path.join(dir, 'convs');
  await saveLayersModel(source, folder);
  const imported = await importModel(path.join(folder, 'model.json'));
  expect(imported.graph.nodes.map((n) => [n.id, n.kind])).toEqual([
    ['dw_input', 'Input'], ['dw', 'DepthwiseConv2D'], ['act', 'ReLU'], ['sep_depthwise', 'DepthwiseConv2D'], ['sep', 'Conv2D'], ['sep_relu', 'ReLU'],
    ['relu', 'ReLU'], ['gap', 'GlobalAvgPool'], ['fc', 'Dense'], ['out', 'Output'],
  ]);
  expect(imported.graph.nodes.find((n) => n.id === 'sep_depthwise')!.params).toMatchObject({ kernel: 2, padding: 'same', bias: false });
  const model = modelWithWeights(imported.graph, imported.weights);
  const x = tf.randomNormal([2, 8, 7, 3], 0, 1, 'float32', 12);
  expect(relativeError((model.predict(x) as tf.Tensor).dataSync(), (source.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-5);
});

async function refusal(name: string, layers: tf.layers.Layer[], inputShape = [8, 8, 3]): Promise<string> {
  const input = tf.input({ shape: inputShape, name: 'image' });
  let x = input;
  for (const layer of layers) x = layer.apply(x) as tf.SymbolicTensor;
  const folder = path.join(dir, name);
  await saveLayersModel(tf.model({ inputs: input, outputs: x }), folder);
  const error = await importModel(path.join(folder, 'model.json')).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

const head = () => [tf.layers.flatten({}), tf.layers.dense({ units: 2 })];

it('ReLU with max_value 6 and the relu6 and sigmoid activations map to ReLU6 and Sigmoid, with the same outputs', async () => {
  const source = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 3], kernelSize: 3, filters: 4, activation: 'relu6', biasInitializer: 'randomNormal', name: 'c' }),
      tf.layers.reLU({ maxValue: 6, name: 'r6' }),
      tf.layers.activation({ activation: 'sigmoid', name: 's' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 3, activation: 'sigmoid', name: 'fc' }),
    ],
  });
  const folder = path.join(dir, 'capped');
  await saveLayersModel(source, folder);
  const imported = await importModel(path.join(folder, 'model.json'), { labels: ['a', 'b', 'c'] });
  expect(imported.graph.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'ReLU6', 'ReLU6', 'Sigmoid', 'Flatten', 'Dense', 'Sigmoid']);
  const model = modelWithWeights(imported.graph, imported.weights);
  // Scaled up so that values pass 6 before the clip.
  const x = tf.randomNormal([2, 6, 6, 3], 0, 8, 'float32', 13);
  expect(relativeError((model.predict(x) as tf.Tensor).dataSync(), (source.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-5);
});

it('a ReLU capped at anything but 6 is refused by name', async () => {
  expect(await refusal('relu-max', [tf.layers.reLU({ maxValue: 4, name: 'r4' }), ...head()])).toMatch(/ReLU "r4" \(max_value 4: only 6 \(ReLU6\) has a node kind\)/);
});

it("a 'same' pool whose windows no PyTorch pool has is refused, not approximated", async () => {
  const message = await refusal('same-even', [tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'p' }), ...head()]);
  expect(message).toMatch(/MaxPooling2D "p" \('same' pooling with kernel 2, stride 1 on 8×8 pads more after than before/);
});

it('edge copies that are not what PyTorch padding needs are refused', async () => {
  // One first-row copy and two last-row copies before a 3×3 stride-2 max pool: PyTorch's padding 1 needs one after.
  const x = tf.input({ shape: [7, 7, 2], name: 'image' });
  const first = tf.layers.cropping2D({ cropping: [[0, 6], [0, 0]], name: 'first' }).apply(x) as tf.SymbolicTensor;
  const lastRow = tf.layers.cropping2D({ cropping: [[6, 0], [0, 0]], name: 'last' }).apply(x) as tf.SymbolicTensor;
  const rows = tf.layers.concatenate({ axis: 1, name: 'rows' }).apply([first, x, lastRow, lastRow]) as tf.SymbolicTensor;
  const firstCol = tf.layers.cropping2D({ cropping: [[0, 0], [0, 6]], name: 'first_col' }).apply(rows) as tf.SymbolicTensor;
  const lastCol = tf.layers.cropping2D({ cropping: [[0, 0], [6, 0]], name: 'last_col' }).apply(rows) as tf.SymbolicTensor;
  const cols = tf.layers.concatenate({ axis: 2, name: 'cols' }).apply([firstCol, rows, lastCol]) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool' }).apply(cols) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2 }).apply(tf.layers.flatten({}).apply(pooled)) as tf.SymbolicTensor;
  const folder = path.join(dir, 'edges');
  await saveLayersModel(tf.model({ inputs: x, outputs: out }), folder);
  await expect(importModel(path.join(folder, 'model.json'))).rejects.toThrow(/MaxPooling2D "pool" \(a max pool after edge copies \[\[1,2\],\[1,1\]\]: 2 and 1 after along H and W; PyTorch's kernel 3, stride 2, padding 1 needs 1 and 1\)/);
});

it('a Rescaling after an average pool that does not give PyTorch divisors is refused, naming the pool', async () => {
  const message = await refusal('rescaled', [
    tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pad' }),
    tf.layers.averagePooling2d({ poolSize: 3, strides: 1, name: 'avg' }),
    tf.layers.rescaling({ scale: 1.5, name: 'scale' }),
    ...head(),
  ]);
  expect(message).toMatch(/the average pool "avg" with its helpers: the rescaling does not give PyTorch's divisors/);
});

it('a Cropping2D that is no pool helper is refused by name', async () => {
  expect(await refusal('crop', [tf.layers.cropping2D({ cropping: [[1, 1], [1, 1]], name: 'crop' }), ...head()])).toMatch(/Cropping2D "crop" \(cropping \[\[1,1\],\[1,1\]\] crops rows and columns/);
});
