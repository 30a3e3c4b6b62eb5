import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TensorMapping } from './codegen';
import { runEngine, tfjsRunWeights, torchRunWeights } from './runWeights';
import { atomicWrite } from '../io/atomicWrite';
import { writeSafetensors, type StoredTensor } from './safetensors';
import { permuteAxes, tfjsShape, type TfjsWeights } from './weights';

/**
 * Where a fine-tuning run's initial weights came from and what fitted; kept in `report.json` and the start
 * event as `init`. `run`, `copied` and `fresh` mean what they mean in the TF.js engine's record.
 */
export interface InitRecord {
  /** The run (or imported model) id, as the config names it. */
  run: string;
  /** Weight tensors (BatchNorm statistics included) copied: same name, same shape. */
  copied: number;
  /** Layers (TF.js layer names: node ids, `${id}_part` inside blocks) that start from fresh weights. */
  fresh: string[];
  /** The engine whose weights were read (imported models are TF.js run folders). */
  engine: 'torch' | 'tfjs';
  /** The PyTorch names of the fresh tensors, e.g. `fc.weight` for a head resized to a new class count. */
  freshTensors: string[];
  /** Weight tensors of the source that found no place in the new design. */
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
 * match, except those of the modules in `freshModules` (a new head); TF.js weights are converted to PyTorch
 * layouts. Counters (`num_batches_tracked`) come along from a PyTorch source and are not counted.
 */
export function matchInitialWeights(
  run: string,
  source: SourceWeights,
  mappings: readonly TensorMapping[],
  freshModules: ReadonlySet<string> = new Set(),
): InitialWeights {
  const tensors = new Map<string, StoredTensor>();
  const freshTensors: string[] = [];
  const fresh = new Set<string>();
  const used = new Set<string>();
  let copied = 0;
  for (const m of mappings) {
    const found = freshModules.has(m.torch.split('.')[0]) ? null : matching(source, m);
    if (found) {
      tensors.set(m.torch, found);
      if (m.tfjs !== null) copied++;
      used.add(source.engine === 'torch' ? m.torch : m.tfjs!);
    } else if (m.tfjs !== null) {
      freshTensors.push(m.torch);
      fresh.add(m.tfjs.split('/')[0]);
    }
  }
  const sourceNames = source.engine === 'torch'
    ? [...source.tensors.entries()].filter(([, t]) => t.dtype === 'F32').map(([name]) => name)
    : [...source.weights.keys()];
  return {
    tensors,
    record: { run, copied, fresh: [...fresh], engine: source.engine, freshTensors, unused: sourceNames.filter((n) => !used.has(n)).length },
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
  const spec = await readJsonIfThere(path.join(runDir, 'model', 'preprocessing.json')) as { mean?: unknown; std?: unknown } | null;
  const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
  return spec && numbers(spec.mean) && numbers(spec.std) ? { mean: spec.mean, std: spec.std } : null;
}

/** The source's class names (`model/labels.json`); null when absent. */
export async function sourceLabels(runDir: string): Promise<string[] | null> {
  const labels = await readJsonIfThere(path.join(runDir, 'model', 'labels.json'));
  return Array.isArray(labels) && labels.every((l) => typeof l === 'string') ? labels : null;
}

async function readJsonIfThere(file: string): Promise<unknown> {
  return existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : null;
}

/**
 * The initial weights of a fine-tuning run: the source run's (or imported model's) weights that fit the
 * new design (the normalisation they were trained with is `prepareRun`'s: `sourcePreprocessing`). `head` (the classifier's module, when the
 * class count was fixed) starts fresh unless the source was trained on the same classes, as in the TF.js engine.
 * @throws InitWeightsError when the source is missing, has no weights, or none of them fits.
 */
export async function initialWeights(
  init: { run: string; runDir?: string },
  mappings: readonly TensorMapping[],
  options: { classes: readonly string[]; head: string | null; python?: string },
): Promise<InitialWeights> {
  if (!init.runDir) throw new InitWeightsError(`init.runDir is not set: the folder of ${init.run} is needed (the service fills it in)`);
  const runDir = path.resolve(init.runDir);
  const source = await readSourceWeights(runDir, options.python);
  const labels = await sourceLabels(runDir);
  const sameClasses = labels !== null && labels.join('\n') === options.classes.join('\n');
  const matched = matchInitialWeights(init.run, source, mappings, new Set(options.head && !sameClasses ? [options.head] : []));
  if (matched.record.copied === 0) {
    throw new InitWeightsError(`none of the weights of ${init.run} fits this design (no layer with the same name and shape); was it trained on another design?`);
  }
  return matched;
}

/** Writes the weights to load (safetensors, PyTorch names) and their record beside them. */
export async function writeInitialWeights(weightsFile: string, recordFile: string, init: InitialWeights): Promise<void> {
  await writeSafetensors(weightsFile, init.tensors, { format: 'pytorch state_dict', source: init.record.run });
  await atomicWrite(recordFile, JSON.stringify(init.record, null, 2) + '\n');
}
