import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import type { GraphDoc } from '../graph/types';
import { relativeError } from '../testing/relativeError';
import { exportTfjsModel } from './tfjsModel';
import { fakeTfjsRun } from './testing/fakeRun';
import { poolingGraph } from './testing/poolingGraph';
import { presetAtSize } from './testing/reducedPresets';
import { zooGraph } from '../torch/testing/graphs';
import { loadLayersModel } from './tfjsFiles';

const STOCK_LOADER = path.join(import.meta.dirname, 'testing', 'loadWithStockTfjs.mjs');
let work: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  work = await mkdtemp(path.join(os.tmpdir(), 'stock-tfjs-'));
});
afterAll(async () => {
  if (!process.env.KEEP_WORK) await rm(work, { recursive: true, force: true });
});

const CASES: [string, () => GraphDoc, number][] = [
  ['small-cnn', () => loadPreset('small-cnn'), 3],
  ['googlenet-96', () => loadPreset('googlenet-96'), 2],
  // At 64×64 (everyPresetSmall's size): it ends in a global pool, so its layers and weights are those of 224×224,
  // every block is reached, and its ceil-mode pools round up where they did at 224 (the first three; the last divides
  // evenly at both); the pure-JS backend computes about 12 times less.
  ['googlenet', () => presetAtSize('googlenet', 64), 1],
  ['every kind', zooGraph, 3],
  ['pooling variants', poolingGraph, 3],
];

describe('TF.js export: files stock @tensorflow/tfjs loads', () => {
  it('gives the app’s probabilities (≤1e-4) for each preset, every kind and every pooling variant, loaded in a separate process with stock TF.js', async () => {
    const jobs: { dir: string; input: { shape: number[]; data: number[] } }[] = [];
    const expected: tf.Tensor[] = [];
    for (const [name, makeGraph, batch] of CASES) {
      const graph = makeGraph();
      const runDir = await fakeTfjsRun(graph, path.join(work, name.replace(/\W/g, '_')));
      const outDir = path.join(runDir, 'export');
      const written = await exportTfjsModel(runDir, outDir);
      expect(written.files).toEqual(expect.arrayContaining(['model.json', 'weights.bin', 'graph.json']));
      const app = await loadLayersModel(path.join(runDir, 'model'));
      const [, h, w, c] = app.inputs[0].shape as number[];
      const x = tf.randomNormal([batch, h, w, c], 0, 1, 'float32', 11);
      const y = app.predict(x) as tf.Tensor;
      expected.push(app.layers[app.layers.length - 1].getClassName() === 'Softmax' ? y : tf.softmax(y));
      jobs.push({ dir: outDir, input: { shape: x.shape, data: Array.from(await x.data()) } });
      app.dispose();
      x.dispose();
    }
    const jobsFile = path.join(work, 'jobs.json');
    await writeFile(jobsFile, JSON.stringify(jobs));
    const { stdout } = await promisify(execFile)(process.execPath, [STOCK_LOADER, jobsFile], { maxBuffer: 1 << 28, timeout: 600_000 });
    const outputs = JSON.parse(stdout) as { shape: number[]; data: number[]; classes: string[] }[];
    for (const [i, [name]] of CASES.entries()) {
      expect(outputs[i].shape, name).toEqual(expected[i].shape);
      const want = Array.from(await expected[i].data());
      const worst = Math.max(...outputs[i].data.map((v, j) => Math.abs(v - want[j])));
      expect(worst, name).toBeLessThanOrEqual(1e-4);
      expect(relativeError(outputs[i].data, want), name).toBeLessThan(1e-4);
      expect(outputs[i].classes, name).not.toContain('TorchPool2D');
    }
    tf.dispose(expected);
  }, 900_000);
});
