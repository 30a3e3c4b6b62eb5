import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileGraph } from '../../compile/compile';
import { saveLayersModel } from '../tfjsFiles';
import type { GraphDoc } from '../../graph/types';

/** A run folder as the TF.js engine leaves it, at `runDir`: graph.json and model/ (training layers), random BatchNorm statistics. */
export async function fakeTfjsRun(graph: GraphDoc, runDir: string): Promise<string> {
  const model = compileGraph(graph, { seed: 3 });
  const values = model.weights.map((w, i) => {
    const shape = w.shape as number[];
    if (/moving_variance|gamma/.test(w.originalName)) return tf.randomUniform(shape, 0.5, 1.5, 'float32', i);
    if (/moving_mean|beta/.test(w.originalName)) return tf.randomNormal(shape, 0, 0.2, 'float32', i);
    return w.read().clone();
  });
  model.setWeights(values);
  tf.dispose(values);
  await saveLayersModel(model, path.join(runDir, 'model'));
  model.dispose();
  await writeFile(path.join(runDir, 'graph.json'), JSON.stringify(graph));
  return runDir;
}
