import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { readJson } from '../io/runFolder';
import type { TorchModule } from './codegen';
import { detectTorch } from './detect';
import { runTool } from './python';
import { readSafetensors, type StoredTensor } from './safetensors';
import { readTfjsCheckpoint, readTfjsLayersModel, tfjsToTorch, torchToTfjs, WeightsError, type TfjsWeights } from './weights';

// A run folder's design and trained weights, whichever engine trained it: what exports, fine-tuning
// and the PyTorch runner read.

/** The design of a run folder (its graph.json). */
export async function runGraph(runDir: string): Promise<GraphDoc> {
  const file = path.join(runDir, 'graph.json');
  if (!existsSync(file)) throw new Error(`${runDir} is not a run folder: graph.json is missing`);
  const parsed = parseGraph(await readJson(file));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors[0].message}`);
  return parsed.graph;
}

/** Which engine trained a run: `engine` in its config.json (absent means TF.js, the older default). */
export async function runEngine(runDir: string): Promise<'torch' | 'tfjs'> {
  const file = path.join(runDir, 'config.json');
  if (!existsSync(file)) return 'tfjs';
  return (await readJson<{ engine?: string }>(file)).engine === 'torch' ? 'torch' : 'tfjs';
}

/** The Python to run torch with: `python` when given, else the one found. */
export async function pythonWithTorch(python?: string): Promise<string> {
  const found = python ?? (await detectTorch()).python;
  if (!found) throw new Error(`this needs a Python with torch: ${(await detectTorch()).reason}`);
  return found;
}

/** The PyTorch state_dict of a PyTorch run: model/weights.safetensors, else its best or last checkpoint (needs Python). */
export async function torchRunWeights(runDir: string, python?: string): Promise<Map<string, StoredTensor> | null> {
  const exported = path.join(runDir, 'model', 'weights.safetensors');
  if (existsSync(exported)) return (await readSafetensors(exported)).tensors;
  const checkpoint = ['best', 'last'].map((k) => path.join(runDir, 'checkpoints', k, 'checkpoint.pt')).find((f) => existsSync(f));
  if (!checkpoint) return null;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'inception-weights-'));
  try {
    const file = path.join(tmp, 'weights.safetensors');
    await runTool(await pythonWithTorch(python), ['extract', checkpoint, '--out', file]);
    return (await readSafetensors(file)).tensors;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The TF.js weights of a TF.js run: model/ (the best weights), else checkpoints/best, else last. */
export async function tfjsRunWeights(runDir: string): Promise<TfjsWeights | null> {
  if (existsSync(path.join(runDir, 'model', 'model.json'))) return readTfjsLayersModel(path.join(runDir, 'model'));
  for (const kind of ['best', 'last']) {
    try {
      return await readTfjsCheckpoint(path.join(runDir, 'checkpoints', kind));
    } catch (error) {
      if (!(error instanceof WeightsError)) throw error;
    }
  }
  return null;
}

/**
 * A run's trained weights as a PyTorch state_dict, whichever engine trained it (TF.js weights are
 * converted: HWIO → OIHW, Dense transposed, BatchNorm statistics renamed). Null before any checkpoint.
 */
export async function runWeightsAsTorch(runDir: string, module: TorchModule, python?: string): Promise<{ tensors: Map<string, StoredTensor>; engine: 'torch' | 'tfjs' } | null> {
  if ((await runEngine(runDir)) === 'torch') {
    const tensors = await torchRunWeights(runDir, python);
    return tensors && { tensors, engine: 'torch' };
  }
  const weights = await tfjsRunWeights(runDir);
  return weights && { tensors: tfjsToTorch(weights, module.tensors), engine: 'tfjs' };
}

/** A run's trained weights by TF.js name and layout, whichever engine trained it. */
export async function runWeightsAsTfjs(runDir: string, module: TorchModule, python?: string): Promise<{ weights: TfjsWeights; engine: 'torch' | 'tfjs' } | null> {
  if ((await runEngine(runDir)) === 'tfjs') {
    const weights = await tfjsRunWeights(runDir);
    return weights && { weights, engine: 'tfjs' };
  }
  const tensors = await torchRunWeights(runDir, python);
  return tensors && { weights: torchToTfjs(tensors, module.tensors), engine: 'torch' };
}
