import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { listFiles } from '../io/listFiles';
import { atomicWrite } from '../io/atomicWrite';
import os from 'node:os';
import path from 'node:path';
import { DataError, scanImageFolder } from '../data';
import { writeModelCard } from '../export/modelCard';
import { readRunFacts } from '../export/runFacts';
import { webPageInfo, writeWebPage } from '../export/webPage';
import { parseGraph } from '../graph/schema';
import { estimateTrainingMemory, memoryWarning } from '../shapes/memory';
import { migrateRunConfig, parseTrainConfig } from '../contract/runConfig';
import type { TrainEvent } from '../contract/events';
import { readJson, runPaths, writeJson } from '../io/runFolder';
import { readMetrics } from '../io/metricsFile';
import type { GraphDoc } from '../graph/types';
import type { DatasetSummary, EngineChoice, InceptionApi, RunDetails } from './api';
import { ApiError, ERROR_CODES } from './errors';
import { withProfile } from './exportProfile';
import { runEngine } from '../torchRun';
import type { Engines } from './engine';
import type { PathPolicy } from './paths';
import { checkedConfig, checkedDesign, prepareRun, resumePlan, withAllowedData } from './prepareRun';
import { existingRunDir } from './runDirs';
import { listRunIds, readRunInfo, runsDir } from './runs';
import type { RunInfo } from '../contract/runInfo';
import { writeRunLabel } from './runLabel';
import { formatGraphError } from '../contract/graphErrors';

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
  engines: Engines,
  chooseEngine: (graph: GraphDoc) => Promise<EngineChoice>,
): TrainingApi {
  const running = (runId: string) => engines.runningOf(runId) !== undefined;
  const runDirOf = (runId: string) => existingRunDir(workspace, runId);
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
  /** The engine that trained a run, which answers for it. */
  const engineOf = async (runDir: string) => engines.of(await runEngine(runDir));

  return {
    estimateMemory: async (graphValue, batchSize, optimizer = 'adam') => {
      const parsed = parseGraph(graphValue);
      if (!parsed.ok) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `the design is invalid: ${formatGraphError(parsed.errors[0])}`);
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
      const plan = await prepareRun({ workspace, paths, chooseEngine }, graphValue, configValue, options?.fixClasses ?? false);
      try {
        await engines.start(plan);
      } catch (error) {
        // Nothing started: the prepared folder would be a run that never was.
        await rm(plan.runDir, { recursive: true, force: true });
        throw error;
      }
      return pending(plan.runId, plan.graph.name, plan.config.epochs, plan.engine);
    },

    stopTraining: async (runId) => {
      await runDirOf(runId);
      await (engines.runningOf(runId) ?? engines.tfjs).stop(runId);
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
        const stored = await readJson<Record<string, unknown>>(configFile);
        await writeJson(configFile, { ...checkedConfig(() => migrateRunConfig(stored)), epochs });
      } else if (current.status === 'completed') {
        throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} has already finished all ${current.epochs} epochs; give a larger total of epochs to train it further`);
      }
      await engines.resume(await resumePlan(runId, runDir));
      return { ...current, epochs: epochs ?? current.epochs, status: 'running' };
    },

    listRuns: async () => {
      const ids = await listRunIds(workspace);
      const infos = await Promise.all(ids.map((id) => readRunInfo(workspace, id, running(id))));
      const known = infos.filter((i): i is RunInfo => i !== null);
      const listed = new Set(known.map((i) => i.id));
      // A job that has not written its config yet is still a run.
      const starting = engines.runningIds().filter((id) => !listed.has(id)).map((id) => pending(id, id, 0));
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
      const graph = checkedDesign(graphValue);
      // The test runs on TF.js whichever engine the run will use: the rate it finds carries over.
      const { torch: _torch, engine, ...common } = (configValue ?? {}) as Record<string, unknown>;
      const config = await withAllowedData(paths, checkedConfig(() => parseTrainConfig({ ...common, engine: 'tfjs', ...(engine === 'torch' && { backend: null }) })));
      return engines.tfjs.findLearningRate(graph, config);
    },

    evaluateRun: async (runId, dir) => {
      const runDir = await runDirOf(runId);
      return (await engineOf(runDir)).evaluate(runDir, dir === null ? null : await paths.resolveFolder(dir));
    },

    predict: async (runId, images, topK = 5) => {
      const runDir = await runDirOf(runId);
      const files = await Promise.all(images.map((image) => paths.resolveFile(image)));
      return (await engineOf(runDir)).predict(runDir, files, topK);
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
      return (await engineOf(runDir)).predict(runDir, files, topK);
    },
    exportRun: async (runId, format, outDir, options = {}) => {
      const runDir = await runDirOf(runId);
      const p = runPaths(runDir);
      const dir = outDir ? await paths.resolveFolder(outDir, { create: true }) : path.join(workspace, 'exports', `${runId}-${format}`);
      await mkdir(dir, { recursive: true });
      if (format === 'graph') {
        await writeJson(path.join(dir, 'graph.json'), await readJson(p.graph));
        return { dir, files: ['graph.json', await writeModelCard(dir, 'graph', await readRunFacts(runDir))], weights: false };
      }
      if (format === 'onnx-int8') {
        try {
          const calibration = options.calibration ? await paths.resolveFolder(options.calibration) : undefined;
          const { writeOnnxInt8 } = await import('../export/int8');
          const written = await writeOnnxInt8(runDir, dir, { calibration, profile: options.profile });
          return { dir, files: written.files.sort(), weights: written.trained, warnings: written.report.warnings, quantization: written.report, ...(written.profile ? { profile: written.profile } : {}) };
        } catch (error) {
          throw new ApiError(ERROR_CODES.BAD_REQUEST, `onnx-int8 export failed: ${(error as Error).message}`);
        }
      }
      if (format === 'tflite-int8') {
        try {
          const calibration = options.calibration ? await paths.resolveFolder(options.calibration) : undefined;
          const { writeTfliteInt8 } = await import('../export/tflite');
          const written = await writeTfliteInt8(runDir, dir, { calibration, profile: options.profile });
          return { dir, files: written.files.sort(), weights: written.trained, warnings: written.report.warnings, quantization: written.report, ...(written.profile ? { profile: written.profile } : {}) };
        } catch (error) {
          throw new ApiError(ERROR_CODES.BAD_REQUEST, `tflite-int8 export failed: ${(error as Error).message}`);
        }
      }
      if (format === 'tflite') {
        try {
          const { writeTflite } = await import('../export/tflite');
          const written = await writeTflite(runDir, dir);
          return await withProfile({ dir, files: written.files.sort(), weights: written.trained }, 'float32', options.profile);
        } catch (error) {
          throw new ApiError(ERROR_CODES.BAD_REQUEST, `tflite export failed: ${(error as Error).message}`);
        }
      }
      if (format === 'onnx') {
        try {
          const { writeOnnx } = await import('../export/onnx');
          const written = await writeOnnx(runDir, dir);
          return await withProfile({ dir, files: written.files.sort(), weights: written.trained }, 'float32', options.profile);
        } catch (error) {
          throw new ApiError(ERROR_CODES.BAD_REQUEST, `onnx export failed: ${(error as Error).message}`);
        }
      }
      const engine = engines.exporting(format);
      if (!engine) throw new ApiError(ERROR_CODES.BAD_REQUEST, `no engine writes ${format} exports`);
      const written = await engine.exportModel(runDir, format, dir);
      if (format !== 'tfjs') return { dir, files: written.files.sort(), weights: written.weights };
      const facts = await readRunFacts(runDir);
      await writeWebPage(dir, webPageInfo(facts.graph));
      await writeModelCard(dir, 'tfjs', facts);
      return withProfile({ dir, files: await listFiles(dir), weights: true }, 'float32', options.profile);
    },
  };
}
