import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { z } from 'zod';
import { listFiles } from '../io/listFiles';
import { atomicWrite } from '../io/atomicWrite';
import os from 'node:os';
import path from 'node:path';
import { DataError, scanImageFolder } from '../data';
import { writeModelCard } from '../export/modelCard';
import { readRunFacts } from '../export/runFacts';
import { webPageInfo, writeWebPage } from '../export/webPage';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { estimateTrainingMemory, memoryWarning } from '../shapes/memory';
import { parseTrainConfig } from '../train/config';
import type { TrainEvent } from '../train/events';
import { readJson, runPaths, writeJson } from '../io/runFolder';
import { readMetrics } from '../io/metricsFile';
import type { DatasetSummary, EngineChoice, InceptionApi, RunDetails } from './api';
import { resolveEngine } from './resolveEngine';
import { ApiError, ERROR_CODES } from './errors';
import { writeOnnx } from '../export/onnx';
import { detectTorch, installCommand, parseTorchTrainConfig, runEngine, TORCH_EXPORTS } from '../torch';
import { JobManager } from './jobs';
import type { TorchRuns } from './torchRuns';
import type { PathPolicy } from './paths';
import { isRunId, listRunIds, newRunId, readRunInfo, runsDir, type RunInfo } from './runs';
import { sourcePreprocessing } from '../torch/initWeights';
import { inputOf } from '../shapes/classes';
import { writeRunLabel } from './runLabel';

type TrainingApi = Pick<
  InceptionApi,
  'estimateMemory' | 'scanDataset' | 'startTraining' | 'findLearningRate' | 'stopTraining' | 'resumeTraining' | 'listRuns' | 'getRun' | 'deleteRun' | 'renameRun' | 'evaluateRun' | 'predict' | 'predictUploads' | 'exportRun'
>;

/** Warnings a user should read before training on a folder. */
export function datasetWarnings(classes: { name: string; count: number }[], skippedCount: number, emptyClasses: string[]): string[] {
  const warnings: string[] = [];
  if (classes.length < 2) warnings.push(`only ${classes.length} class with images; training needs at least 2`);
  const few = classes.filter((c) => c.count < 10);
  if (few.length) warnings.push(`few images in ${few.map((c) => `${c.name} (${c.count})`).join(', ')}: aim for at least 10 per class, ideally hundreds`);
  const counts = classes.map((c) => c.count);
  if (counts.length >= 2 && Math.max(...counts) > 3 * Math.min(...counts)) {
    warnings.push(`classes are imbalanced: from ${Math.min(...counts)} to ${Math.max(...counts)} images per class`);
  }
  if (skippedCount) warnings.push(`${skippedCount} file${skippedCount > 1 ? 's' : ''} will be skipped (not readable images)`);
  if (emptyClasses.length) warnings.push(`class folders without a usable image are left out: ${emptyClasses.join(', ')}`);
  return warnings;
}

/** The training, evaluation and export methods of the service, over run folders in the workspace. */
export function createTrainingApi(
  workspace: string,
  paths: PathPolicy,
  jobs: JobManager,
  torchRuns: TorchRuns,
  chooseEngine: () => Promise<EngineChoice>,
): TrainingApi {
  const running = (runId: string) => jobs.isRunning(runId) || torchRuns.isRunning(runId);
  const runDirOf = async (runId: string): Promise<string> => {
    if (!isRunId(runId)) throw new ApiError(ERROR_CODES.BAD_REQUEST, `"${runId}" is not a run id`);
    const dir = path.join(runsDir(workspace), runId);
    if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new ApiError(ERROR_CODES.NOT_FOUND, `no run ${runId} in ${runsDir(workspace)}`);
    return dir;
  };
  /** The folder of the run (or imported model) fine-tuning starts from; refused unless it holds a trained model. */
  const initRunDir = async (runId: string): Promise<string> => {
    const dir = await runDirOf(runId);
    const model = runPaths(dir).model;
    const files = await Promise.all(['model.json', 'weights.safetensors'].map((f) => stat(path.join(model, f)).catch(() => null)));
    if (!files.some(Boolean)) {
      throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} has no trained model to start from (no model.json or weights.safetensors in ${model}): let it finish, or resume it`);
    }
    return dir;
  };
  const info = async (runId: string): Promise<RunInfo> => {
    const found = await readRunInfo(workspace, runId, running(runId));
    if (!found) throw new ApiError(ERROR_CODES.NOT_FOUND, `run ${runId} has no config.json yet`);
    return found;
  };
  const pending = (runId: string, name: string, epochs: number, engine: RunInfo['engine'] = 'tfjs'): RunInfo => ({
    id: runId, dir: path.join(runsDir(workspace), runId), name, status: 'running', epochsDone: 0, epochs,
    bestEpoch: null, bestValAccuracy: null, engine, backend: null, created: Date.now(), seconds: 0,
    label: null, dataDir: null, classes: null,
  });

  /** A design that parses and infers without errors, or the API error that says what to fix. */
  const trainableDesign = (graphValue: unknown): GraphDoc => {
    const parsed = parseGraph(graphValue);
    if (!parsed.ok) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `the design is invalid: ${parsed.errors[0].message}`);
    const e = inferGraph(parsed.graph).errors[0];
    if (e) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `fix the design first: ${e.nodeId ? `node ${e.nodeId}` : 'design'}${e.field ? `, ${e.field}` : ''}: ${e.message}`);
    return parsed.graph;
  };
  const parseConfig = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw new ApiError(ERROR_CODES.BAD_REQUEST, (error as Error).message);
    }
  };
  /** The config with its data folders resolved, refused when outside the allowed roots. */
  const withAllowedData = async <T extends { data: { dir: string; valDir?: string | null } }>(config: T): Promise<T> => {
    config.data.dir = await paths.resolveFolder(config.data.dir);
    if (config.data.valDir) config.data.valDir = await paths.resolveFolder(config.data.valDir);
    return config;
  };

  return {
    estimateMemory: async (graphValue, batchSize, optimizer = 'adam') => {
      const parsed = parseGraph(graphValue);
      if (!parsed.ok) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `the design is invalid: ${parsed.errors[0].message}`);
      const estimate = estimateTrainingMemory(parsed.graph, batchSize, optimizer);
      const availableBytes = os.freemem();
      return { ...estimate, availableBytes, warning: memoryWarning(estimate, batchSize, availableBytes) };
    },
    scanDataset: async (dir) => {
      const root = await paths.resolveFolder(dir);
      try {
        const scan = await scanImageFolder(root);
        return {
          root,
          classes: scan.classes,
          images: scan.samples.length,
          skipped: scan.skipped.slice(0, 200).map(({ path: p, reason }) => ({ path: p, reason })),
          skippedCount: scan.skipped.length,
          emptyClasses: scan.emptyClasses,
          warnings: datasetWarnings(scan.classes, scan.skipped.length, scan.emptyClasses),
          examples: scan.classes.map((_, label) => scan.samples.filter((s) => s.label === label).slice(0, 4).map((s) => s.path)),
        } satisfies DatasetSummary;
      } catch (error) {
        if (error instanceof DataError) throw new ApiError(ERROR_CODES.BAD_REQUEST, error.message);
        throw error;
      }
    },

    startTraining: async (graphValue, configValue, options) => {
      const graph = trainableDesign(graphValue);
      const resolved = await resolveEngine(configValue, chooseEngine);
      const torch = resolved.engine === 'torch';
      const config = await withAllowedData(parseConfig(() => (torch ? parseTorchTrainConfig(resolved) : parseTrainConfig(resolved))));
      if (config.init) {
        config.init = { run: config.init.run, runDir: await initRunDir(config.init.run) };
        const source = !config.data.mean && !config.data.std ? await sourcePreprocessing(config.init.runDir!) : null;
        // The copied weights expect the inputs normalised as their own run normalised them (either engine).
        if (source && source.mean.length === inputOf(graph).channels) Object.assign(config.data, source);
      }
      const existing = new Set(await listRunIds(workspace));
      const runId = newRunId(graph.name, new Date(), (id) => existing.has(id));
      const runDir = path.join(runsDir(workspace), runId);
      await mkdir(runPaths(runDir).checkpoints, { recursive: true });
      if (torch) await torchRuns.start(runId, { runDir, graph, config, fixClasses: options?.fixClasses ?? false });
      else jobs.startTraining(runId, { type: 'start', runDir, graph, config, fixClasses: options?.fixClasses ?? false });
      return pending(runId, graph.name, config.epochs, torch ? 'torch' : 'tfjs');
    },

    stopTraining: async (runId) => {
      await runDirOf(runId);
      if (torchRuns.isRunning(runId)) await torchRuns.stop(runId);
      else await jobs.stopTraining(runId);
    },

    resumeTraining: async (runId, options) => {
      const runDir = await runDirOf(runId);
      const current = await info(runId);
      if (current.status === 'running') throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} is already training`);
      const epochs = options?.epochs;
      if (epochs !== undefined) {
        if (epochs <= current.epochsDone) {
          throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} has done ${current.epochsDone} epochs; to train it further give a total above that, not ${epochs}`);
        }
        const configFile = runPaths(runDir).config;
        await writeJson(configFile, { ...(await readJson<Record<string, unknown>>(configFile)), epochs });
      } else if (current.status === 'completed') {
        throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} has already finished all ${current.epochs} epochs; give a larger total of epochs to train it further`);
      }
      if ((await runEngine(runDir)) === 'torch') await torchRuns.start(runId, { runDir });
      else jobs.startTraining(runId, { type: 'start', runDir, fixClasses: false });
      return { ...current, epochs: epochs ?? current.epochs, status: 'running' };
    },

    listRuns: async () => {
      const ids = await listRunIds(workspace);
      const infos = await Promise.all(ids.map((id) => readRunInfo(workspace, id, running(id))));
      const known = infos.filter((i): i is RunInfo => i !== null);
      const listed = new Set(known.map((i) => i.id));
      // A job that has not written its config yet is still a run.
      const starting = [...jobs.runningIds(), ...torchRuns.runningIds()].filter((id) => !listed.has(id)).map((id) => pending(id, id, 0));
      return [...starting, ...known];
    },

    getRun: async (runId) => {
      const dir = await runDirOf(runId);
      const p = runPaths(dir);
      const [runInfo, graph, config, events, report] = await Promise.all([
        info(runId),
        readJson<unknown>(p.graph).then((g) => {
          const parsed = parseGraph(g);
          return parsed.ok ? parsed.graph : null;
        }, () => null),
        readJson<unknown>(p.config).catch(() => null),
        readMetrics(p.metrics),
        readJson<unknown>(p.report).catch(() => null),
      ]);
      return { info: runInfo, graph, config, events: events as TrainEvent[], report } satisfies RunDetails;
    },

    deleteRun: async (runId) => {
      const dir = await runDirOf(runId);
      if (running(runId)) throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} is training; stop it first`);
      await rm(dir, { recursive: true, force: true });
    },

    renameRun: async (runId, name) => {
      await writeRunLabel(await runDirOf(runId), name);
      return info(runId);
    },

    findLearningRate: async (graphValue, configValue) => {
      const graph = trainableDesign(graphValue);
      // The test runs on TF.js whichever engine the run will use: the rate it finds carries over.
      const { torch: _torch, engine, ...common } = (configValue ?? {}) as Record<string, unknown>;
      const config = await withAllowedData(parseConfig(() => parseTrainConfig({ ...common, engine: 'tfjs', ...(engine === 'torch' && { backend: null }) })));
      return (await jobs.oneShot({ type: 'findLr', graph, config })) as never;
    },

    evaluateRun: async (runId, dir) =>
      (await jobs.oneShot({ type: 'evaluate', runDir: await runDirOf(runId), dataDir: dir === null ? null : await paths.resolveFolder(dir) })) as never,

    predict: async (runId, images, topK = 5) => {
      const runDir = await runDirOf(runId);
      const files = await Promise.all(images.map((image) => paths.resolveFile(image)));
      return (await jobs.oneShot({ type: 'predict', runDir, images: files, topK })) as never;
    },

    predictUploads: async (runId, images, topK = 5) => {
      const runDir = await runDirOf(runId);
      const folder = path.join(workspace, 'uploads');
      await mkdir(folder, { recursive: true });
      const files = await Promise.all(
        images.map(async (image) => {
          const safe = path.basename(image.name).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-100) || 'image';
          const file = path.join(folder, `${randomUUID().slice(0, 8)}-${safe}`);
          await atomicWrite(file, Buffer.from(image.base64, 'base64'));
          return file;
        }),
      );
      return (await jobs.oneShot({ type: 'predict', runDir, images: files, topK })) as never;
    },
    exportRun: async (runId, format, outDir) => {
      const runDir = await runDirOf(runId);
      const p = runPaths(runDir);
      const dir = outDir ? await paths.resolveFolder(outDir, { create: true }) : path.join(workspace, 'exports', `${runId}-${format}`);
      await mkdir(dir, { recursive: true });
      if (format === 'graph') {
        await writeJson(path.join(dir, 'graph.json'), await readJson(p.graph));
        return { dir, files: ['graph.json', await writeModelCard(dir, 'graph', await readRunFacts(runDir))], weights: false };
      }
      if (format === 'onnx') {
        try {
          const written = await writeOnnx(runDir, dir);
          return { dir, files: written.files.sort(), weights: written.trained };
        } catch (error) {
          throw new ApiError(ERROR_CODES.BAD_REQUEST, `onnx export failed: ${(error as Error).message}`);
        }
      }
      if (format !== 'tfjs') {
        const status = await detectTorch();
        if (!status.available) throw new ApiError(ERROR_CODES.UNSUPPORTED, `${format} export needs the PyTorch engine: ${status.reason ?? installCommand(status.python)}`);
        try {
          const written = await TORCH_EXPORTS[format](runDir, dir);
          return { dir, files: written.files.sort(), weights: written.trained };
        } catch (error) {
          throw new ApiError(ERROR_CODES.BAD_REQUEST, `${format} export failed: ${(error as Error).message}`);
        }
      }
      if (!(await stat(path.join(p.model, 'model.json')).catch(() => null))) {
        throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} has no trained model yet: let it finish, or resume it`);
      }
      z.object({ files: z.array(z.string()) }).parse(await jobs.oneShot({ type: 'exportTfjs', runDir, outDir: dir }));
      const facts = await readRunFacts(runDir);
      await writeWebPage(dir, webPageInfo(facts.graph));
      await writeModelCard(dir, 'tfjs', facts);
      return { dir, files: await listFiles(dir), weights: true };
    },
  };
}
