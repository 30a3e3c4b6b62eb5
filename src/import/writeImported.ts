import * as tf from '@tensorflow/tfjs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { compileGraph } from '../compile/compile';
import { atomicWrite } from '../io/atomicWrite';
import type { PreprocessSpec } from '../data/spec';
import { saveLayersModel } from '../export/tfjsFiles';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { RUN_CONFIG_VERSION } from '../contract/runConfig';
import { runPaths, writeJson } from '../io/runFolder';
import type { ImportedWeight } from './design';
import { ImportError } from './errors';

/** What an imported model's config.json says about where it came from. */
export interface ImportInfo {
  format: 'onnx' | 'tfjs';
  source: string;
  /** Notes for the user: defaults taken (preprocessing, labels, input size). */
  notes: string[];
}

/** The design compiled for training with the imported weights in place; every weight must match exactly. */
export function modelWithWeights(graph: GraphDoc, weights: ReadonlyMap<string, ImportedWeight>): tf.LayersModel {
  const model = compileGraph(graph);
  const used = new Set<string>();
  try {
    for (const w of model.weights) {
      const found = weights.get(w.originalName);
      if (!found) throw new ImportError(`the imported weights have no ${w.originalName}`);
      if (found.shape.join('×') !== w.shape.join('×')) throw new ImportError(`${w.originalName} is ${found.shape.join('×')} in the file; the design needs ${w.shape.join('×')}`);
      w.write(tf.tensor(found.data, found.shape));
      used.add(w.originalName);
    }
    const unused = [...weights.keys()].filter((k) => !used.has(k));
    if (unused.length) throw new ImportError(`the file's weights ${unused.slice(0, 5).join(', ')} have no place in the design`);
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Writes an imported model as a finished run folder (graph.json, config.json, model/ with model.json,
 * weights.bin, labels.json, preprocessing.json, report.json, metrics.jsonl); written to a temp folder first,
 * so a failure leaves nothing half-imported.
 */
export async function writeImportedRun(
  runDir: string,
  o: { graph: GraphDoc; weights: ReadonlyMap<string, ImportedWeight>; labels: string[]; spec: PreprocessSpec; info: ImportInfo },
): Promise<void> {
  const inference = inferGraph(o.graph);
  const classes = inference.output?.[0] ?? 0;
  if (o.labels.length !== classes) throw new ImportError(`${o.labels.length} labels given; the model outputs ${classes} classes`);
  const temp = `${runDir}.importing`;
  await rm(temp, { recursive: true, force: true });
  const paths = runPaths(temp);
  const model = modelWithWeights(o.graph, o.weights);
  try {
    await mkdir(temp, { recursive: true });
    await writeJson(paths.graph, o.graph);
    await writeJson(paths.config, { version: RUN_CONFIG_VERSION, engine: 'tfjs', epochs: 0, seed: 0, imported: { ...o.info, classes: o.labels }, data: { mean: o.spec.mean, std: o.spec.std } });
    await saveLayersModel(model, paths.model);
    await writeJson(`${paths.model}/labels.json`, o.labels);
    await writeJson(`${paths.model}/preprocessing.json`, o.spec);
    await writeJson(`${paths.model}/graph.json`, o.graph);
    const now = Date.now();
    await writeJson(paths.report, { status: 'completed', classes: o.labels, imported: o.info, totals: inference.totals });
    const end = { type: 'end', time: now, status: 'completed', epochsDone: 0, bestValAccuracy: null, bestValLoss: null };
    await atomicWrite(paths.metrics, JSON.stringify(end) + '\n');
    await rename(temp, runDir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  } finally {
    model.dispose();
  }
}
