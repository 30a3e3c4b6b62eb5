import type * as TF from '@tensorflow/tfjs';
import path from 'node:path';
import { atomicWrite } from '../io/atomicWrite';
import { generateTorchModule } from '../torch/codegen';
import { runGraph, runWeightsAsTfjs } from '../torch/runWeights';
import { WeightsError } from '../torch/weights';
import type { ExportResult } from './exportResult';
import { copyRunMetadata } from './runMetadata';

/**
 * Writes a TF.js layers model (`model.json` + `weights.bin`) with a run's weights, whichever engine
 * trained it, built from stock TF.js layers only: plain `tf.loadLayersModel` reads it with none of our
 * code. For a PyTorch run this is also its model in the TF.js engine's format, so TF.js predict,
 * evaluate and export work on it. Loads tfjs on first use.
 */
export async function exportTfjsModel(runDir: string, outDir: string, options: { python?: string } = {}): Promise<ExportResult> {
  const graph = await runGraph(runDir);
  const module = generateTorchModule(graph);
  const found = await runWeightsAsTfjs(runDir, module, options.python);
  if (!found) throw new Error(`${runDir} has no trained weights yet (no checkpoint)`);
  const tf = await import('@tensorflow/tfjs');
  const { compileGraph, derivedWeightOf } = await import('../compile/compile');
  const { saveLayersModel } = await import('./tfjsFiles');
  await tf.ready();
  const compiled = compileGraph(graph, { layers: 'stock' });
  const model = withProbabilities(tf, compiled);
  try {
    const values = model.weights.map((w) => {
      const part = derivedWeightOf(compiled, w.originalName);
      const source = found.weights.get(part?.from ?? w.originalName);
      if (!source) throw new WeightsError(`no weights for ${part?.from ?? w.originalName}`);
      const v = part ? part.derive(source) : source;
      return tf.tensor(v.data, v.shape);
    });
    model.setWeights(values);
    tf.dispose(values);
    await saveLayersModel(model, outDir);
  } finally {
    compiled.dispose();
  }
  const files = ['model.json', 'weights.bin'];
  if (path.resolve(outDir) !== path.resolve(runDir, 'model')) {
    files.push(...(await copyRunMetadata(runDir, outDir)));
    await atomicWrite(path.join(outDir, 'graph.json'), JSON.stringify(graph, null, 2) + '\n');
    files.push('graph.json');
  }
  return { outDir, files, trained: true, engine: found.engine };
}

/** The model with a softmax after its output unless it ends in one: exported models give probabilities. */
function withProbabilities(tf: typeof TF, model: TF.LayersModel): TF.LayersModel {
  if (model.layers[model.layers.length - 1].getClassName() === 'Softmax') return model;
  const names = new Set(model.layers.map((l) => l.name));
  let name = 'probabilities';
  while (names.has(name)) name = `${name}_`;
  const output = tf.layers.softmax({ name }).apply(model.outputs[0]) as TF.SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: output, name: model.name });
}

/** Adds the TF.js layers files to a finished PyTorch run's `model/` (beside net.py and weights.safetensors). */
export async function writeTfjsModelFromTorchRun(runDir: string): Promise<void> {
  await exportTfjsModel(runDir, path.join(runDir, 'model'));
}
