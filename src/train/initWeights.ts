import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { designNodeOf } from '../compile/compile';
import { parseGraph } from '../graph/schema';
import { generateTorchModule } from '../torch/codegen';
import { readSafetensors } from '../torch/safetensors';
import { readTfjsLayersModel, torchToTfjs, type TfjsWeights } from '../torch/weights';
import { readJson, runPaths } from '../io/runFolder';

/** What fine-tuning took from its initial run: recorded in report.json and the start event. */
export interface InitReport {
  /** The run (or imported model) the weights came from. */
  run: string;
  /** Weight tensors copied (name and shape matched). */
  copied: number;
  /** Layers that started from fresh initial weights (no match, or a new head). */
  fresh: string[];
}

/**
 * The trained weights of a run folder by TF.js name: `model/model.json` + weights (TF.js runs, imported
 * models, PyTorch runs that wrote a TF.js copy), else `model/weights.safetensors` converted through the run's
 * own design (PyTorch runs).
 * @throws Error saying what the folder lacks.
 */
export async function readRunWeights(runDir: string): Promise<TfjsWeights> {
  const model = runPaths(runDir).model;
  if (existsSync(path.join(model, 'model.json'))) return readTfjsLayersModel(model);
  const safetensors = path.join(model, 'weights.safetensors');
  if (existsSync(safetensors)) {
    const graphFile = [path.join(model, 'graph.json'), runPaths(runDir).graph].find((f) => existsSync(f));
    if (!graphFile) throw new Error(`${runDir} has weights.safetensors but no graph.json to read them with`);
    const parsed = parseGraph(await readJson(graphFile));
    if (!parsed.ok) throw new Error(`${graphFile}: ${parsed.errors[0].message}`);
    return torchToTfjs((await readSafetensors(safetensors)).tensors, generateTorchModule(parsed.graph).tensors);
  }
  throw new Error(`${runDir} has no trained model (model/model.json or model/weights.safetensors): let the run finish first`);
}

/** The class names of a run's model (`model/labels.json`), or null when it has none. */
export async function readRunLabels(runDir: string): Promise<string[] | null> {
  return readJson<string[]>(path.join(runPaths(runDir).model, 'labels.json')).catch(() => null);
}

/**
 * Writes into a model compiled by `compileGraph` every weight of `weights` whose name and shape match, except
 * those of the design nodes in `freshNodes` (a new head); everything else keeps its fresh initial value.
 */
export function applyInitWeights(model: tf.LayersModel, weights: TfjsWeights, run: string, freshNodes: ReadonlySet<string> = new Set()): InitReport {
  let copied = 0;
  const fresh = new Set<string>();
  for (const w of model.weights) {
    const layer = w.originalName.split('/')[0];
    const node = designNodeOf(model, layer);
    const found = weights.get(w.originalName);
    if (!found || (node !== undefined && freshNodes.has(node)) || found.shape.join('×') !== w.shape.join('×')) {
      fresh.add(layer);
      continue;
    }
    const value = tf.tensor(found.data, found.shape);
    w.write(value);
    value.dispose();
    copied += 1;
  }
  return { run, copied, fresh: [...fresh] };
}
