import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../compile/compile';
import { mulberry32 } from '../../data/random';
import { saveLayersModel } from '../../export/tfjsFiles';
import { PRESET_NAMES } from '../../graph/presets';
import { inferGraph } from '../../shapes/infer';
import { relativeError } from '../../testing/relativeError';
import { importModel } from '../importModel';
import { presetAtSmallerSide } from '../testing/presetAtSmallerSide';
import { useWasmBackend } from '../testing/wasmBackend';
import { modelWithWeights } from '../writeImported';

const dir = await mkdtemp(path.join(os.tmpdir(), 'import-tfjs-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
await useWasmBackend();

function randomInput(shape: number[], seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1), shape);
}

describe('TF.js layers models written by our own compile come back as the same design and weights', () => {
  for (const preset of PRESET_NAMES) {
    it(`${preset}: the model/ folder a run leaves (training layers)`, async () => {
      const graph = presetAtSmallerSide(preset);
      const original = compileGraph(graph, { seed: 3 });
      const folder = path.join(dir, `${preset}-training`);
      await saveLayersModel(original, folder);
      const imported = await importModel(path.join(folder, 'model.json'));
      const totals = inferGraph(graph).totals;
      expect(imported.summary.trainableParams).toBe(totals.trainable);
      expect(imported.summary.nonTrainableParams).toBe(totals.nonTrainable);
      const model = modelWithWeights(imported.graph, imported.weights);
      const input = graph.nodes.find((n) => n.kind === 'Input')!.params;
      const x = randomInput([2, input.height as number, input.width as number, input.channels as number], 5);
      const expected = (original.predict(x) as tf.Tensor).dataSync();
      const actual = (model.predict(x) as tf.Tensor).dataSync();
      expect(relativeError(actual, expected)).toBeLessThan(1e-5);
      x.dispose();
      original.dispose();
      model.dispose();
    }, 120_000);
  }
});
