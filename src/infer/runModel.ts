import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { initBackend } from '../backend/select';
import type { PreprocessSpec } from '../data';
import { loadLayersModel } from '../export/tfjsFiles';
import { readJson, runPaths } from '../io/runFolder';

export interface TrainedModel {
  model: tf.LayersModel;
  classes: string[];
  spec: PreprocessSpec;
}

/** Loads a finished run's exported model (`model/`), its labels and its preprocessing. */
export async function loadRunModel(runDir: string, backend?: Parameters<typeof initBackend>[0]): Promise<TrainedModel> {
  await initBackend(backend);
  const dir = runPaths(runDir).model;
  const [model, classes, spec] = await Promise.all([
    loadLayersModel(dir).catch((error: Error) => {
      throw new Error(`${runDir} has no exported model (${error.message}); the run must finish (or be resumed to the end) first`);
    }),
    readJson<string[]>(path.join(dir, 'labels.json')),
    readJson<PreprocessSpec>(path.join(dir, 'preprocessing.json')),
  ]);
  return { model, classes, spec };
}

/** The model's probabilities for a batch; the last layer's output is taken as logits unless it already is a softmax. */
export function probabilities(model: tf.LayersModel, x: tf.Tensor4D): Float32Array {
  return tf.tidy(() => {
    const out = model.predict(x) as tf.Tensor;
    const last = model.layers[model.layers.length - 1];
    return (last.getClassName() === 'Softmax' ? out : tf.softmax(out)).dataSync() as Float32Array;
  });
}
