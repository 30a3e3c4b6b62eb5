import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/random';
import { writeOnnx } from '../../export/onnx';
import { loadPreset } from '../../graph/presets';
import { inferGraph } from '../../shapes/infer';
import { centredLogits } from '../testing/logits';
import { relativeError } from '../../testing/relativeError';
import { importModel } from '../importModel';
import { writeImportedRun } from '../writeImported';

const root = await mkdtemp(path.join(os.tmpdir(), 'import-onnx-round-trip-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function probabilities(file: string, input: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, shape) });
  await session.release();
  return result[session.outputNames[0]].data as Float32Array;
}

describe('our ONNX of a preset, imported and written again, gives the same outputs in onnxruntime', () => {
  for (const name of ['small-cnn', 'googlenet-96', 'googlenet']) {
    it(name, async () => {
      const graph = loadPreset(name);
      const first = await writeOnnx(graph, path.join(root, `${name}-first`));
      const firstFile = path.join(first.outDir, 'model.onnx');
      const imported = await importModel(firstFile);
      expect(imported.summary.trainableParams).toBe(inferGraph(graph).totals.trainable);
      expect(imported.summary.nonTrainableParams).toBe(inferGraph(graph).totals.nonTrainable);
      const run = path.join(root, `${name}-run`);
      await writeImportedRun(run, imported);
      const second = await writeOnnx(run, path.join(root, `${name}-second`));

      const { height, width, channels } = imported.spec;
      const shape = [2, channels, height, width];
      const rng = mulberry32(11);
      const input = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 4 - 2);
      const expected = await probabilities(firstFile, input, shape);
      const actual = await probabilities(path.join(second.outDir, 'model.onnx'), input, shape);
      expect(relativeError(actual, expected)).toBeLessThan(1e-4);
      expect(relativeError(centredLogits(actual, 2, true), centredLogits(expected, 2, true))).toBeLessThan(1e-4);
    }, 300_000);
  }
});
