import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { loadPreset } from '../graph/presets';
import { loadLayersModel, saveLayersModel } from './tfjsFiles';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-export-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('TF.js layers files', () => {
  it('reload gives the same predictions, PyTorch-style pooling included', async () => {
    const graph = loadPreset('small-cnn');
    graph.nodes.find((n) => n.id === 'pool1')!.params = { kernel: 3, stride: 2, padding: 1, ceilMode: true };
    const model = compileGraph(graph);
    const x = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 42);
    const before = (model.predict(x) as tf.Tensor).arraySync();
    await saveLayersModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadLayersModel(dir);
    const after = (loaded.predict(x) as tf.Tensor).arraySync() as number[][];
    expect(after.flat()).toEqual((before as number[][]).flat().map((v) => expect.closeTo(v, 6)));
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
  });
});
