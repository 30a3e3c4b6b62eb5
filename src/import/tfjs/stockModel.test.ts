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

it('a model built with plain tf.sequential (Keras HWC flatten, fused activations, same/valid) imports with the same outputs', async () => {
  const source = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [9, 7, 3], filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' }),
      tf.layers.batchNormalization({ betaInitializer: 'randomNormal', movingMeanInitializer: 'randomNormal', movingVarianceInitializer: 'ones' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  await saveLayersModel(source, dir);
  const imported = await importModel(path.join(dir, 'model.json'), { labels: ['a', 'b', 'c', 'd'] });
  expect(imported.graph.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'ReLU', 'BatchNorm', 'MaxPool', 'AvgPool', 'Flatten', 'Dense', 'Output']);
  expect(imported.info.format).toBe('tfjs');
  const model = modelWithWeights(imported.graph, imported.weights);
  const x = tf.randomNormal([3, 9, 7, 3], 0, 1, 'float32', 11);
  expect(relativeError((model.predict(x) as tf.Tensor).dataSync(), (source.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-5);
});

it('a DepthwiseConv2D layer is refused by name', async () => {
  const source = tf.sequential({
    layers: [
      tf.layers.depthwiseConv2d({ inputShape: [8, 8, 3], kernelSize: 3, name: 'dw' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const folder = path.join(dir, 'dw');
  await saveLayersModel(source, folder);
  await expect(importModel(path.join(folder, 'model.json'))).rejects.toThrow(/DepthwiseConv2D "dw" \(depthwise convolution has no node kind yet\)/);
});
