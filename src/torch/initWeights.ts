import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TensorMapping } from './codegen';
import { runEngine, tfjsRunWeights, torchRunWeights } from './export';
import { atomicWrite } from '../io/atomicWrite';
import { writeSafetensors, type StoredTensor } from './safetensors';
import { permuteAxes, tfjsShape, type TfjsWeights } from './weights';

/** Where a fine-tuning run's initial weights came from and how many fitted; kept in `report.json` as `init`. */
export interface InitRecord {
  /** The run (or imported model) id, as the config names it. */
  run: string;
  /** The engine whose weights were read (imported models are TF.js run folders). */
  engine: 'torch' | 'tfjs';
  /** Tensors (weights and BatchNorm statistics) copied: same name, same shape. */
  copied: number;
  /** Tensors of the new design that start fresh (no tensor of that name, or another shape). */
  fresh: number;
  /** Their PyTorch names, e.g. `fc.weight` for a head resized to a new class count. */
  freshTensors: string[];
  /** Tensors of the source run that found no place in the new design. */
  unused: number;
}

/** The weights to load before training (PyTorch names and layouts) and what they cover. */
export interface InitialWeights {
  tensors: Map<string, StoredTensor>;
  record: InitRecord;
}

/** The source run's weights in the form its engine stores them. */
export type SourceWeights = { engine: 'torch'; tensors: ReadonlyMap<string, StoredTensor> } | { engine: 'tfjs'; weights: TfjsWeights };

/** Thrown when a fine-tuning source cannot be used; the message says why. */
export class InitWeightsError extends Error {}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** One tensor of the new design from the source, or null when the source has none of that name and shape. */
function matching(source: SourceWeights, m: TensorMapping): StoredTensor | null {
  if (source.engine === 'torch') {
    const t = source.tensors.get(m.torch);
    const dtype = m.tfjs === null ? 'I64' : 'F32';
    return t && t.dtype === dtype && sameShape(t.shape, m.shape) ? t : null;
  }
  if (m.tfjs === null) return null;
  const w = source.weights.get(m.tfjs);
  if (!w || !sameShape(w.shape, tfjsShape(m))) return null;
  const inverse = m.tfjsAxes.order.reduce<number[]>((inv, axis, i) => ((inv[axis] = i), inv), []);
  return { dtype: 'F32', shape: [...m.shape], data: permuteAxes(w.data, w.shape, inverse) };
}

/**
 * The tensors of a new design that a source run can fill: each whose name (node id and part) and shape
 * match; TF.js weights are converted to PyTorch layouts. Counters (`num_batches_tracked`) come along from a
 * PyTorch source and are not counted.
 */
export function matchInitialWeights(run: string, source: SourceWeights, mappings: readonly TensorMapping[]): InitialWeights {
  const tensors = new Map<string, StoredTensor>();
  const freshTensors: string[] = [];
  const used = new Set<string>();
  for (const m of mappings) {
    const found = matching(source, m);
    if (found) {
      tensors.set(m.torch, found);
      used.add(source.engine === 'torch' ? m.torch : m.tfjs!);
    } else if (m.tfjs !== null) {
      freshTensors.push(m.torch);
    }
  }
  const sourceNames = source.engine === 'torch'
    ? [...source.tensors.entries()].filter(([, t]) => t.dtype === 'F32').map(([name]) => name)
    : [...source.weights.keys()];
  const copied = mappings.filter((m) => m.tfjs !== null && tensors.has(m.torch)).length;
  return {
    tensors,
    record: { run, engine: source.engine, copied, fresh: freshTensors.length, freshTensors, unused: sourceNames.filter((n) => !used.has(n)).length },
  };
}

/** The trained weights of a finished run or an imported model, either engine's. */
export async function readSourceWeights(runDir: string, python?: string): Promise<SourceWeights> {
  if (!existsSync(path.join(runDir, 'graph.json'))) throw new InitWeightsError(`${runDir} is not a run folder: graph.json is missing`);
  if ((await runEngine(runDir)) === 'torch') {
    const tensors = await torchRunWeights(runDir, python);
    if (tensors) return { engine: 'torch', tensors };
  } else {
    const weights = await tfjsRunWeights(runDir);
    if (weights) return { engine: 'tfjs', weights };
  }
  throw new InitWeightsError(`${runDir} has no trained weights yet (no model/ and no checkpoint)`);
}

/** The source's normalisation (`model/preprocessing.json`), which its weights expect; null when absent. */
export async function sourcePreprocessing(runDir: string): Promise<{ mean: number[]; std: number[] } | null> {
  const file = path.join(runDir, 'model', 'preprocessing.json');
  if (!existsSync(file)) return null;
  const spec = JSON.parse(await readFile(file, 'utf8')) as { mean?: unknown; std?: unknown };
  const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
  return numbers(spec.mean) && numbers(spec.std) ? { mean: spec.mean, std: spec.std } : null;
}

/**
 * The initial weights of a fine-tuning run: the source run's (or imported model's) weights that fit the
 * new design, and the normalisation they were trained with.
 * @throws InitWeightsError when the source is missing, has no weights, or none of them fits.
 */
export async function initialWeights(
  init: { run: string; runDir?: string },
  mappings: readonly TensorMapping[],
  python?: string,
): Promise<InitialWeights & { preprocessing: { mean: number[]; std: number[] } | null }> {
  if (!init.runDir) throw new InitWeightsError(`init.runDir is not set: the folder of ${init.run} is needed (the service fills it in)`);
  const runDir = path.resolve(init.runDir);
  const source = await readSourceWeights(runDir, python);
  const matched = matchInitialWeights(init.run, source, mappings);
  if (matched.record.copied === 0) {
    throw new InitWeightsError(`none of the weights of ${init.run} fits this design (no layer with the same name and shape); was it trained on another design?`);
  }
  return { ...matched, preprocessing: await sourcePreprocessing(runDir) };
}

/** Writes the weights to load (safetensors, PyTorch names) and their record beside them. */
export async function writeInitialWeights(weightsFile: string, recordFile: string, init: InitialWeights): Promise<void> {
  await writeSafetensors(weightsFile, init.tensors, { format: 'pytorch state_dict', source: init.record.run });
  await atomicWrite(recordFile, JSON.stringify(init.record, null, 2) + '\n');
}
