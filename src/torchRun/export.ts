import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphDoc } from '../graph/types';
import { inputOf } from '../shapes/classes';
import { atomicWrite } from '../io/atomicWrite';
import { listFiles } from '../io/listFiles';
import { readJson } from '../io/runFolder';
import { isRun, type ExportResult, type ExportSource } from '../export/exportResult';
import { writeModelCard } from '../export/modelCard';
import { designFacts, readRunFacts, type RunFacts } from '../export/runFacts';
import { copyRunMetadata } from '../export/runMetadata';
import { generateTorchModule } from '../torch/codegen';
import { detectTorch } from '../torch/detect';
import { frozenModules } from './frozen';
import { buildJob } from './options';
import { parseTorchTrainConfig } from '../contract/runConfig';
import { pythonAssetsDir } from '../torch/paths';
import { z } from 'zod';
import { runTool } from '../torch/python';
import { pythonWithTorch, runGraph, runWeightsAsTorch } from '../torch/runWeights';
import { writeSafetensors } from '../torch/safetensors';
import { DEFAULT_LAUNCH, launchReadme, writeLaunchFiles, type LaunchOptions } from './launchFiles';

/** What the model card of an export says: the run's facts, or the design's alone. */
const cardFacts = (source: ExportSource, graph: GraphDoc): Promise<RunFacts> => (isRun(source) ? readRunFacts(source) : Promise.resolve(designFacts(graph)));

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
  if (rawConfig === undefined && isRun(source) && existsSync(path.join(source, 'config.json'))) rawConfig = await readJson(path.join(source, 'config.json'));
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
 * Writes what `inception_tools.py onnx` reads for a run or design into `work` (`net.py`, and a run's weights
 * converted to `weights.safetensors`) and returns that sub-command's arguments, which write `modelFile`, with the
 * design it read.
 */
export async function torchOnnxCommand(source: ExportSource, work: string, modelFile: string, options: { python?: string; opset?: number } = {}): Promise<{ args: string[]; engine: ExportResult['engine']; graph: GraphDoc }> {
  const graph = isRun(source) ? await runGraph(source) : source;
  const module = generateTorchModule(graph);
  const net = path.join(work, 'net.py');
  await writeFile(net, module.code);
  const args = ['onnx', net, '--out', modelFile, '--opset', String(options.opset ?? 13)];
  const weights = isRun(source) ? await runWeightsAsTorch(source, module, options.python) : null;
  if (weights) {
    await writeSafetensors(path.join(work, 'weights.safetensors'), weights.tensors);
    args.push('--weights', path.join(work, 'weights.safetensors'));
  }
  return { args, engine: weights?.engine ?? null, graph };
}

/**
 * The cross-check of our own ONNX writer (`writeOnnx`, src/export/onnx): exports a run (either engine)
 * or a design to ONNX through \`torch.onnx.export\` (opset 13 or newer), which needs Python with torch:
 * \`model.onnx\` with input \`input\` (N×C×H×W float, normalised as in \`preprocessing.json\`) and output
 * \`probabilities\` (designs ending in Output) or \`logits\`, a dynamic batch axis.
 */
export async function exportOnnxViaTorch(source: ExportSource, outDir: string, options: { python?: string; opset?: number } = {}): Promise<ExportResult & { output: string }> {
  const python = await pythonWithTorch(options.python);
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'inception-onnx-'));
  try {
    const { args, engine, graph } = await torchOnnxCommand(source, work, path.join(outDir, 'model.onnx'), { ...options, python });
    const info = await runTool(python, args, { answer: z.object({ output: z.string() }) });
    const files = ['model.onnx', ...(isRun(source) ? await copyRunMetadata(source, outDir) : [])];
    files.push(await writeModelCard(outDir, 'onnx', await cardFacts(source, graph)));
    return { outDir, files, trained: engine !== null, engine, output: info.output };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Cross-engine weight export of a run: `pytorch` writes net.py + weights.safetensors (+ weights.pt),
 * `tfjs` writes model.json + weights.bin; weights trained by the other engine are converted.
 */
export async function exportRunWeights(runDir: string, to: 'pytorch' | 'tfjs', outDir: string, options: { python?: string } = {}): Promise<ExportResult> {
  if (to === 'pytorch') return exportPytorch(runDir, outDir, options);
  const { exportTfjsModel } = await import('../export/tfjsModel');
  return exportTfjsModel(runDir, outDir, options);
}

/** The writer of each PyTorch-side export format, for hosts that take the format as a word. */
export const TORCH_EXPORTS = { pytorch: exportPytorch, 'pytorch-bundle': exportPytorchBundle } as const;
