import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, expect, it } from 'vitest';
import { loadRunModel } from '../../infer/runModel';
import { relativeError } from '../../testing/relativeError';
import { importModel } from '../importModel';
import { mobileClassifier, tinyClassifier } from '../testing/tinyOnnx';
import { writeImportedRun } from '../writeImported';

const dir = await mkdtemp(path.join(os.tmpdir(), 'import-tiny-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

it('a small Conv/Relu/MaxPool/AveragePool/Flatten/Gemm/Softmax model: same outputs as onnxruntime, a finished run folder', async () => {
  const file = path.join(dir, 'tiny.onnx');
  await writeFile(file, tinyClassifier());
  const imported = await importModel(file, { size: [8, 8], labels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] });
  expect(imported.graph.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'ReLU', 'MaxPool', 'AvgPool', 'Flatten', 'Dense', 'Output']);
  expect(imported.graph.nodes.find((n) => n.kind === 'AvgPool')!.params).toMatchObject({ kernel: 3, stride: 1, padding: 1, countIncludePad: false });
  expect(imported.summary.trainableParams).toBe(4 * 3 * 9 + 4 + 64 * 10 + 10);
  expect(imported.summary.notes.map((n) => n.text).join(' ')).toMatch(/ImageNet's mean/);
  const run = path.join(dir, 'run');
  await writeImportedRun(run, imported);
  expect(JSON.parse(await readFile(path.join(run, 'model', 'labels.json'), 'utf8'))).toHaveLength(10);
  expect(JSON.parse(await readFile(path.join(run, 'config.json'), 'utf8'))).toMatchObject({ version: 1, imported: { format: 'onnx', source: file } });

  const x = Float32Array.from({ length: 2 * 3 * 8 * 8 }, (_, i) => Math.cos(i * 0.7));
  const session = await ort.InferenceSession.create(file);
  const expected = (await session.run({ x: new ort.Tensor('float32', x, [2, 3, 8, 8]) })).y.data as Float32Array;
  const { model } = await loadRunModel(run, 'cpu');
  const nhwc = tf.tidy(() => tf.tensor4d(x, [2, 3, 8, 8]).transpose([0, 2, 3, 1]));
  const actual = (model.predict(nhwc) as tf.Tensor).dataSync();
  expect(relativeError(actual, expected)).toBeLessThan(1e-5);
});

for (const opset of [9, 13] as const) {
  it(`depthwise Conv (with a channel multiplier), Clip(0, 6) as ${opset < 11 ? 'attributes' : 'inputs'} (opset ${opset}) and Sigmoid: same outputs as onnxruntime`, async () => {
    const file = path.join(dir, `mobile-${opset}.onnx`);
    await writeFile(file, mobileClassifier(opset));
    const imported = await importModel(file, { size: [8, 8] });
    expect(imported.graph.nodes.map((n) => n.kind)).toEqual(['Input', 'DepthwiseConv2D', 'ReLU6', 'DepthwiseConv2D', 'Sigmoid', 'Flatten', 'Dense']);
    expect(imported.graph.nodes.filter((n) => n.kind === 'DepthwiseConv2D').map((n) => n.params)).toEqual([
      { kernel: 3, stride: 1, padding: 1, depthMultiplier: 2, bias: true },
      { kernel: 3, stride: 2, padding: 1, depthMultiplier: 1, bias: false },
    ]);
    expect(imported.summary.trainableParams).toBe(6 * 9 + 6 + 6 * 9 + 96 * 10 + 10);
    const run = path.join(dir, `mobile-${opset}`);
    await writeImportedRun(run, imported);

    const x = Float32Array.from({ length: 2 * 3 * 8 * 8 }, (_, i) => Math.cos(i * 0.7));
    const session = await ort.InferenceSession.create(file);
    const expected = (await session.run({ x: new ort.Tensor('float32', x, [2, 3, 8, 8]) })).y.data as Float32Array;
    const { model } = await loadRunModel(run, 'cpu');
    const nhwc = tf.tidy(() => tf.tensor4d(x, [2, 3, 8, 8]).transpose([0, 2, 3, 1]));
    const actual = (model.predict(nhwc) as tf.Tensor).dataSync();
    // The first convolution's values run past both bounds, so a wrong clip would show.
    const beforeClip = tf.tidy(() => tf.model({ inputs: model.inputs, outputs: model.getLayer('dw1').output as tf.SymbolicTensor }).predict(nhwc) as tf.Tensor);
    expect(beforeClip.max().dataSync()[0]).toBeGreaterThan(6);
    expect(beforeClip.min().dataSync()[0]).toBeLessThan(0);
    model.dispose();
    expect(relativeError(actual, expected)).toBeLessThan(1e-5);
  });
}
