import type * as TF from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { inputOf } from '../train/classes';
import { atomicWrite } from '../io/atomicWrite';
import { listFiles } from '../io/listFiles';
import { writeModelCard } from '../export/modelCard';
import { designFacts, readRunFacts, type RunFacts } from '../export/runFacts';
import { generateTorchModule, type TorchModule } from './codegen';
import { detectTorch } from './detect';
import { frozenModules } from './frozen';
import { buildJob } from './options';
import { parseTorchTrainConfig } from '../contract/runConfig';
import { pythonAssetsDir } from './paths';
import { runTool } from './python';
import { readSafetensors, writeSafetensors, type StoredTensor } from './safetensors';
import { readTfjsCheckpoint, readTfjsLayersModel, tfjsToTorch, torchToTfjs, WeightsError, type TfjsWeights } from './weights';
import { DEFAULT_LAUNCH, launchReadme, writeLaunchFiles, type LaunchOptions } from './launchFiles';

/** A design, or the folder of a run (trained by either engine). */
export type ExportSource = GraphDoc | string;

/** What an export wrote. */
export interface ExportResult {
  outDir: string;
  /** Paths relative to `outDir`. */
  files: string[];
  /** False when the export has no trained weights (a design, or a run without a checkpoint yet). */
  trained: boolean;
  /** Which engine trained the weights. */
  engine: 'torch' | 'tfjs' | null;
}

const isRun = (source: ExportSource): source is string => typeof source === 'string';

async function readJsonFile<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** The design of a run folder (its graph.json). */
export async function runGraph(runDir: string): Promise<GraphDoc> {
  const file = path.join(runDir, 'graph.json');
  if (!existsSync(file)) throw new Error(`${runDir} is not a run folder: graph.json is missing`);
  const parsed = parseGraph(await readJsonFile(file));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors[0].message}`);
  return parsed.graph;
}

/** Which engine trained a run: `engine` in its config.json (absent means TF.js, the older default). */
export async function runEngine(runDir: string): Promise<'torch' | 'tfjs'> {
  const file = path.join(runDir, 'config.json');
  if (!existsSync(file)) return 'tfjs';
  return (await readJsonFile<{ engine?: string }>(file)).engine === 'torch' ? 'torch' : 'tfjs';
}

async function pythonFor(python?: string): Promise<string> {
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
    await runTool(await pythonFor(python), ['extract', checkpoint, '--out', file]);
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

/** What the model card of an export says: the run's facts, or the design's alone. */
const cardFacts = (source: ExportSource, graph: GraphDoc): Promise<RunFacts> => (isRun(source) ? readRunFacts(source) : Promise.resolve(designFacts(graph)));

/** Copies labels.json and preprocessing.json of a run's model/ (or its report) when they exist. */
export async function copyRunMetadata(runDir: string, outDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of ['labels.json', 'preprocessing.json']) {
    const from = path.join(runDir, 'model', name);
    if (existsSync(from)) {
      await copyFile(from, path.join(outDir, name));
      files.push(name);
    }
  }
  return files;
}

/**
 * Writes the generated PyTorch module (`net.py`) of a design or run and, for a run, its trained
 * weights as `weights.safetensors` (+ `weights.pt` when Python with torch is here) — converted when
 * the TF.js engine trained them — with `labels.json` and `preprocessing.json`.
 * @example await exportPytorch('/workspace/runs/r1', '/tmp/out');
 */
export async function exportPytorch(source: ExportSource, outDir: string, options: { python?: string } = {}): Promise<ExportResult> {
  const graph = isRun(source) ? await runGraph(source) : source;
  const module = generateTorchModule(graph);
  await mkdir(outDir, { recursive: true });
  await atomicWrite(path.join(outDir, 'net.py'), module.code);
  const files = ['net.py'];
  let trained = false;
  let engine: ExportResult['engine'] = null;
  if (isRun(source)) {
    const weights = await runWeightsAsTorch(source, module, options.python);
    if (weights) {
      trained = true;
      engine = weights.engine;
      const file = path.join(outDir, 'weights.safetensors');
      await writeSafetensors(file, weights.tensors, { format: 'pytorch state_dict', engine: weights.engine });
      files.push('weights.safetensors');
      const python = options.python ?? (await detectTorch()).python;
      if (python) {
        await runTool(python, ['to-pt', file, '--out', path.join(outDir, 'weights.pt')]);
        files.push('weights.pt');
      }
    }
    files.push(...(await copyRunMetadata(source, outDir)));
  }
  files.push(await writeModelCard(outDir, 'pytorch', await cardFacts(source, graph), { trained }));
  return { outDir, files, trained, engine };
}

/** A fine-tuning run's initial weights and their record (`pytorch/init.*`), copied into a bundle; [] when it has none. */
async function copyInitialWeights(runDir: string, outDir: string): Promise<string[]> {
  const files = ['init.safetensors', 'init.json'];
  if (!files.every((f) => existsSync(path.join(runDir, 'pytorch', f)))) return [];
  for (const f of files) await copyFile(path.join(runDir, 'pytorch', f), path.join(outDir, f));
  return files;
}

/**
 * Writes everything needed to train the design on another machine or a cluster: `net.py`, the runner
 * (`inception_runner.py` + `inception_torch/`), `job.json` (the run's options; data folder as given),
 * `graph.json`, a README with the torchrun commands, and cluster launch files (`train.slurm`, `pytorchjob.yaml`,
 * see `launchFiles.ts`) for `options.launch`; its `dataPath` replaces the data folder in job.json.
 * A fine-tuning run's bundle carries its initial weights (`init.safetensors`) and frozen nodes.
 * The bundle folder is the run folder there.
 */
export async function exportPytorchBundle(
  source: ExportSource,
  outDir: string,
  options: { config?: unknown; launch?: Partial<LaunchOptions> } = {},
): Promise<ExportResult> {
  const graph = isRun(source) ? await runGraph(source) : source;
  let rawConfig: unknown = options.config;
  if (rawConfig === undefined && isRun(source) && existsSync(path.join(source, 'config.json'))) rawConfig = await readJsonFile(path.join(source, 'config.json'));
  const config = parseTorchTrainConfig({ data: { dir: '/path/to/images' }, ...(rawConfig as object), engine: 'torch' });
  if (options.launch?.dataPath) config.data = { ...config.data, dir: options.launch.dataPath, valDir: null };
  const launch: LaunchOptions = { ...DEFAULT_LAUNCH, ...options.launch, dataPath: config.data.dir };
  const module = generateTorchModule(graph);
  await mkdir(outDir, { recursive: true });
  await atomicWrite(path.join(outDir, 'net.py'), module.code);
  await atomicWrite(path.join(outDir, 'graph.json'), JSON.stringify(graph, null, 2) + '\n');
  const initFiles = isRun(source) && config.init ? await copyInitialWeights(source, outDir) : [];
  const init = initFiles.length ? { weights: 'init.safetensors', record: 'init.json' } : null;
  const job = buildJob(config, { runDir: '.', net: 'net.py', graph: 'graph.json', split: null }, inputOf(graph), false, { init, frozen: frozenModules(graph, module) });
  await atomicWrite(path.join(outDir, 'job.json'), JSON.stringify(job, null, 2) + '\n');
  const assets = pythonAssetsDir();
  await copyFile(path.join(assets, 'inception_runner.py'), path.join(outDir, 'inception_runner.py'));
  await copyFile(path.join(assets, 'inception_tools.py'), path.join(outDir, 'inception_tools.py'));
  await cp(path.join(assets, 'inception_torch'), path.join(outDir, 'inception_torch'), {
    recursive: true,
    filter: (p) => !p.includes('__pycache__') && !p.endsWith('.pyc'),
  });
  await writeModelCard(outDir, 'pytorch-bundle', await cardFacts(source, graph), { dataDir: config.data.dir, extraSections: [launchReadme(launch)] });
  const launchFiles = await writeLaunchFiles(outDir, graph.name, launch);
  const runner = (await listFiles(path.join(outDir, 'inception_torch'))).map((f) => `inception_torch/${f}`);
  return { outDir, files: ['net.py', 'graph.json', 'job.json', ...initFiles, 'inception_runner.py', 'inception_tools.py', ...runner, 'README.md', ...launchFiles], trained: false, engine: null };
}

/**
 * The cross-check of our own ONNX writer (`writeOnnx`, src/export/onnx): exports a run (either engine)
 * or a design to ONNX through \`torch.onnx.export\` (opset 13 or newer), which needs Python with torch:
 * \`model.onnx\` with input \`input\` (N×C×H×W float, normalised as in \`preprocessing.json\`) and output
 * \`probabilities\` (designs ending in Output) or \`logits\`, a dynamic batch axis.
 */
export async function exportOnnxViaTorch(source: ExportSource, outDir: string, options: { python?: string; opset?: number } = {}): Promise<ExportResult & { output: string }> {
  const python = await pythonFor(options.python);
  const graph = isRun(source) ? await runGraph(source) : source;
  const module = generateTorchModule(graph);
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'inception-onnx-'));
  try {
    const net = path.join(work, 'net.py');
    await writeFile(net, module.code);
    const args = ['onnx', net, '--out', path.join(outDir, 'model.onnx'), '--opset', String(options.opset ?? 13)];
    const weights = isRun(source) ? await runWeightsAsTorch(source, module, python) : null;
    if (weights) {
      await writeSafetensors(path.join(work, 'weights.safetensors'), weights.tensors);
      args.push('--weights', path.join(work, 'weights.safetensors'));
    }
    const info = await runTool<{ output: string }>(python, args);
    const files = ['model.onnx', ...(isRun(source) ? await copyRunMetadata(source, outDir) : [])];
    files.push(await writeModelCard(outDir, 'onnx', await cardFacts(source, graph)));
    return { outDir, files, trained: weights !== null, engine: weights?.engine ?? null, output: info.output };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

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
  const { compileGraph } = await import('../compile/compile');
  const { saveLayersModel } = await import('../export/tfjsFiles');
  await tf.ready();
  const compiled = compileGraph(graph, { layers: 'stock' });
  const model = withProbabilities(tf, compiled);
  try {
    const values = model.weights.map((w) => {
      const v = found.weights.get(w.originalName);
      if (!v) throw new WeightsError(`no weights for ${w.originalName}`);
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

/**
 * Cross-engine weight export of a run: `pytorch` writes net.py + weights.safetensors (+ weights.pt),
 * `tfjs` writes model.json + weights.bin; weights trained by the other engine are converted.
 */
export async function exportRunWeights(runDir: string, to: 'pytorch' | 'tfjs', outDir: string, options: { python?: string } = {}): Promise<ExportResult> {
  return to === 'pytorch' ? exportPytorch(runDir, outDir, options) : exportTfjsModel(runDir, outDir, options);
}

/** The writer of each PyTorch-side export format, for hosts that take the format as a word. */
export const TORCH_EXPORTS = { pytorch: exportPytorch, 'pytorch-bundle': exportPytorchBundle } as const;
