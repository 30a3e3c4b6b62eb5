import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/select';
import { compileGraph } from '../compile/compile';
import { mulberry32 } from '../data';
import { EXPORT_TEST_DESIGN } from '../export/testing/designs';
import { fakeTfjsRun } from '../export/testing/fakeRun';
import { spatialNodes } from '../shapes/gradCamNodes';
import { inferGraph } from '../shapes/infer';
import { zooGraph } from '../torch/testing/graphs';
import { featureMaps } from './featureMaps';
import { runFeatureMaps } from './featureMapsRun';
import { layerOfNode } from './layerOfNode';

let root = '';
beforeAll(async () => {
  await initBackend('wasm');
  root = await mkdtemp(path.join(os.tmpdir(), 'inception-feature-maps-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const noise = (shape: [number, number, number, number], seed: number) => {
  const rng = mulberry32(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng() * 2 - 1), shape);
};

describe('feature maps', () => {
  it('are the layer\'s own output (as a Keras sub-model computes it), channel by channel, sorted by mean', () => {
    const model = compileGraph(EXPORT_TEST_DESIGN(), { seed: 3, layers: 'stock' });
    const x = noise([1, 28, 28, 1], 5);
    const layer = model.getLayer(layerOfNode(model, EXPORT_TEST_DESIGN(), 'conv2'));
    const expected = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor }).predict(x) as tf.Tensor4D;
    const [, height, width, count] = expected.shape;
    const values = expected.dataSync();
    const maps = featureMaps(model, x, layer.name);
    expect([maps.height, maps.width, maps.count, maps.channels.length]).toEqual([height, width, count, count]);
    for (const c of maps.channels) {
      const plane = Array.from({ length: height * width }, (_, i) => values[i * count + c.channel]);
      expect(Array.from(c.values)).toEqual(plane.map((v) => Math.fround(v)));
      expect(c.mean).toBeCloseTo(plane.reduce((a, b) => a + b, 0) / plane.length, 5);
      expect([c.min, c.max]).toEqual([Math.min(...plane), Math.max(...plane)].map((v) => Math.fround(v)));
    }
    const means = maps.channels.map((c) => c.mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
    expect(new Set(maps.channels.map((c) => c.channel)).size).toBe(count);
    tf.dispose([x, expected]);
    model.dispose();
  });

  it('can be read at every node with a feature map of a design of every kind, blocks and branches included', () => {
    const graph = zooGraph();
    const model = compileGraph(graph, { seed: 1, layers: 'stock', logits: true });
    const input = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: number };
    const x = noise([1, input.height, input.width, input.channels], 2);
    const inference = inferGraph(graph);
    const nodes = spatialNodes(graph);
    expect(nodes.length).toBeGreaterThan(5);
    for (const node of nodes) {
      const [c, h, w] = inference.nodes.get(node)!.shape!;
      const maps = featureMaps(model, x, layerOfNode(model, graph, node));
      expect([maps.count, maps.height, maps.width], node).toEqual([c, h, w]);
    }
    x.dispose();
    model.dispose();
  });

  it('of a run, for an image file: the grid holds the `limit` highest channels, with the range; other nodes are refused', async () => {
    const runDir = path.join(root, 'runs', 'run');
    await mkdir(path.join(runDir, 'model'), { recursive: true });
    await fakeTfjsRun(EXPORT_TEST_DESIGN(), runDir);
    await writeFile(path.join(runDir, 'model', 'labels.json'), JSON.stringify(Array.from({ length: 10 }, (_, i) => `class${i}`)));
    await writeFile(path.join(runDir, 'model', 'preprocessing.json'), JSON.stringify({ height: 28, width: 28, channels: 1, resize: 'stretch', mean: [0.5], std: [0.25] }));
    const pixels = Buffer.alloc(40 * 40);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) pixels[y * 40 + x] = (y - 12) ** 2 + (x - 26) ** 2 < 64 ? 230 : 20;
    const image = path.join(root, 'disc.png');
    await sharp(pixels, { raw: { width: 40, height: 40, channels: 1 } }).png().toFile(image);

    const result = await runFeatureMaps(runDir, image, { node: 'conv1', limit: 5 });
    expect([result.node, result.height, result.width, result.channels.length, result.columns, result.tile]).toEqual(['conv1', 28, 28, 5, 3, 56]);
    expect(result.count).toBeGreaterThan(5);
    expect(result.nodes).toEqual(['conv1', 'pool1', 'conv2', 'pool2']);
    expect(result.min).toBeLessThanOrEqual(Math.min(...result.channels.map((c) => c.min)));
    expect(result.max).toBeGreaterThanOrEqual(Math.max(...result.channels.map((c) => c.max)));
    const grid = await sharp(Buffer.from(result.grid.replace(/^data:image\/png;base64,/, ''), 'base64')).metadata();
    expect([grid.format, grid.width, grid.height]).toEqual(['png', 3 * 56 + 2 * 2, 2 * 56 + 2]);

    const last = await runFeatureMaps(runDir, image);
    expect([last.node, last.height]).toEqual(['pool2', 7]);
    await expect(runFeatureMaps(runDir, image, { node: 'fc' })).rejects.toThrow(/node fc: expected a C×H×W output, found 10/);
  }, 120_000);
});
