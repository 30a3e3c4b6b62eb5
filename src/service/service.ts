import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import pkg from '../../package.json';
import { detectTfjsEngine } from '../backend/detect';
import { detectTorch, torchEngineStatus } from '../torch/detect';
import { readTorchPrecision } from '../torch/precisionChoice';
import { parseGraph, parseGraphText } from '../graph/schema';
import { LIMITS } from '../contract/graphDocument';
import { listPresets, loadPreset, PRESET_NAMES } from '../graph/presets';
import { atomicWrite } from '../io/atomicWrite';
import { EventEmitter } from 'node:events';
import type { ClassifyEventMessage, DesignFile, InceptionApi, RunEventMessage } from './api';
import { JobManager } from './jobs';
import { Engines } from './engine';
import { tfjsEngine } from './engines/tfjsEngine';
import { torchEngine } from './engines/torchEngine';
import type { TrainEvent } from '../contract/events';
import { browseFolder } from './browse';
import { previewImages } from './images';
import { ensureSampleFolder } from './samples';
import { createTrainingApi } from './training';
import { Classifications, type ClassifiedRowsMessage } from './classifications';
import { createClassifyApi } from './classifyApi';
import { createWorkbenchApi } from './workbenchApi';
import { engineChooserFor } from './engineChooser';
import { checkedDesign } from './prepareRun';
import { runsDir } from './runs';
import { finishedRunSpeed } from './runSpeed';
import { electronStatus } from './electronStatus';
import { ApiError, ERROR_CODES } from './errors';
import { importModelIntoWorkspace } from './importing';
import { inspectGraph } from './inspect';
import { defaultWorkspace, designsDir, PathPolicy } from './paths';
import { formatGraphErrors } from '../contract/graphErrors';
import type { RuntimeRequest } from '../contract/inference';

export interface ServiceOptions {
  host: 'electron' | 'browser';
  /** Where designs and runs live; defaults to `defaultWorkspace()`. */
  workspace?: string;
  /** Folders outside the workspace the user allowed (browser mode: given on the command line). */
  extraRoots?: string[];
  /** A native open/save dialog, where the host has one. */
  pickPath?: (mode: 'open' | 'save' | 'folder' | 'model', suggestedName?: string) => Promise<string | null>;
  /** The host's native multi-file dialog for images; absent in browser mode (the page's file browser is used). */
  pickImages?: () => Promise<string[] | null>;
  /** The training job entry (defaults to the built `dist/node/job.mjs`). */
  jobScript?: string;
  /**
   * The runtime predict, evaluate and folder classification run on: `auto` (the default) measures ONNX Runtime
   * and TF.js once per machine and design size class (cached in `<workspace>/cache/inference-speed.json`) and
   * takes the faster; `onnx` or `tfjs` forces one.
   */
  inferenceRuntime?: RuntimeRequest;
}

/** The API plus what only hosts use: run events to push to their clients, and a clean shutdown. */
export interface InceptionService extends InceptionApi {
  onRunEvent(listener: (message: RunEventMessage) => void): () => void;
  /** Progress and end of folder classifications, for pushing to clients. */
  onClassifyEvent(listener: (message: ClassifyEventMessage) => void): () => void;
  /** Every classification's rows as they arrive (the CLI writes its output from these). */
  onClassifiedRows(listener: (message: ClassifiedRowsMessage) => void): () => void;
  /** Resolves when a classification has ended, with its final state. */
  classificationFinished(id: string): Promise<ClassifyEventMessage>;
  /** Lets the API use a folder the user picked in the host's own UI. */
  allowFolder(dir: string): void;
  /** How many training jobs are running. */
  runningJobs(): number;
  /** Stops training jobs gracefully (each checkpoints first), ends every other job and measurement, and waits for what still writes into the workspace. */
  shutdown(): Promise<void>;
}

/** The one implementation of the service API; hosts only carry its calls. */
export function createService(options: ServiceOptions): InceptionService {
  const workspace = path.resolve(options.workspace ?? defaultWorkspace());
  const paths = new PathPolicy(workspace, options.extraRoots);
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const emitRunEvent = (runId: string, event: TrainEvent) => {
    events.emit('run', { runId, event } satisfies RunEventMessage);
    if (event.type === 'end' && event.status !== 'failed') learnFromRun(runId);
  };
  const jobs = new JobManager(emitRunEvent, options.jobScript);
  const inference = { runtime: options.inferenceRuntime ?? 'auto', cacheFile: path.join(workspace, 'cache', 'inference-speed.json') };
  const tfjs = tfjsEngine(jobs, inference);
  const engines = new Engines(tfjs, torchEngine(emitRunEvent, jobs, tfjs));
  const classifications = new Classifications(
    workspace,
    jobs,
    (info) => events.emit('classify', info),
    (message) => events.emit('classified', message),
    inference,
  );
  const subscribe = <T>(name: string) => (listener: (message: T) => void) => {
    events.on(name, listener);
    return () => void events.off(name, listener);
  };
  const closing = new AbortController();
  const engineChooser = engineChooserFor(workspace, jobs, closing.signal);
  /** Work that goes on after a call has answered (recording a finished run's speed); shutdown waits for it. */
  const background = new Set<Promise<unknown>>();
  /** A finished run's speed updates what "Automatic" picks for its size class. */
  function learnFromRun(runId: string) {
    const task = finishedRunSpeed(path.join(runsDir(workspace), runId))
      .then((speed) => speed && engineChooser.learnFromRun(speed))
      .catch((error: Error) => console.warn(`could not record run ${runId}'s speed for "Automatic": ${error.message}`));
    background.add(task);
    void task.finally(() => background.delete(task));
  }
  const autosaveFile = path.join(workspace, 'autosave', 'current.json');
  const workbench = createWorkbenchApi(workspace, paths, jobs);

  return {
    ...createTrainingApi(workspace, paths, engines, (graph) => engineChooser.choose({ graph })),
    ...createClassifyApi(workspace, paths, classifications),
    ...workbench.api,
    onClassifyEvent: subscribe<ClassifyEventMessage>('classify'),
    onClassifiedRows: subscribe<ClassifiedRowsMessage>('classified'),
    classificationFinished: (id) => classifications.finished(id),
    onRunEvent: (listener) => {
      events.on('run', listener);
      return () => events.off('run', listener);
    },
    allowFolder: (dir) => paths.allowFolder(dir),
    runningJobs: () => engines.runningIds().length,
    shutdown: async () => {
      closing.abort(new Error('the service is shutting down'));
      // The TF.js engine's shutdown is the job manager's: it ends every job process, of any kind.
      await Promise.all([engines.shutdown(), classifications.shutdown(), workbench.shutdown()]);
      await Promise.allSettled(background);
    },
    inspect: async (graph) => inspectGraph(graph),
    listPresets: async () => listPresets(),
    loadPreset: async (name) => {
      if (!PRESET_NAMES.includes(name)) {
        throw new ApiError(ERROR_CODES.NOT_FOUND, `unknown preset "${name}"; presets: ${PRESET_NAMES.join(', ')}`);
      }
      return loadPreset(name);
    },
    listDesigns: async () => {
      const dir = designsDir(workspace);
      const names = await readdir(dir).catch(() => [] as string[]);
      const files: DesignFile[] = [];
      for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => null);
        if (info?.isFile()) files.push({ path: file, name: name.replace(/\.json$/, ''), modified: info.mtimeMs, bytes: info.size });
      }
      return files.sort((a, b) => b.modified - a.modified);
    },
    openGraph: async (userPath) => {
      const file = await paths.resolveDesign(userPath);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new ApiError(ERROR_CODES.NOT_FOUND, `no design file at ${file}`);
      if (info.size > LIMITS.maxFileBytes) {
        throw new ApiError(ERROR_CODES.INVALID_GRAPH, `${file} is ${info.size} bytes; designs of at most ${LIMITS.maxFileBytes} bytes are accepted`);
      }
      const parsed = parseGraphText(await readFile(file, 'utf8'), file);
      if (!parsed.ok) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `${file}: ${formatGraphErrors(parsed.errors, 5)}`);
      return { path: file, graph: parsed.graph };
    },
    saveGraph: async (userPath, graph) => {
      const parsed = parseGraph(graph);
      if (!parsed.ok) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `not saved: ${formatGraphErrors(parsed.errors, 5)}`);
      const file = await paths.resolveDesign(userPath);
      await mkdir(path.dirname(file), { recursive: true });
      try {
        await atomicWrite(file, JSON.stringify(parsed.graph, null, 2) + '\n');
      } catch (error) {
        throw new ApiError(ERROR_CODES.IO, `could not save ${file}: ${(error as Error).message}`);
      }
      return { path: file };
    },
    pickPath: async (mode, suggestedName) => {
      if (!options.pickPath) {
        throw new ApiError(ERROR_CODES.UNSUPPORTED, 'this host has no native file dialog; choose a design from the workspace list');
      }
      const picked = await options.pickPath(mode, suggestedName);
      if (picked && mode === 'folder') paths.allowFolder(picked);
      else if (picked && mode === 'model') paths.allowPickedFiles([picked]);
      else if (picked) paths.allowPicked(picked);
      return picked;
    },
    pickImages: async () => {
      if (!options.pickImages) {
        throw new ApiError(ERROR_CODES.UNSUPPORTED, 'this host has no native file dialog; choose images in the folder browser');
      }
      const picked = await options.pickImages();
      if (picked && picked.length > 0) paths.allowPickedFiles(picked);
      return picked && picked.length > 0 ? picked : null;
    },
    makeSampleDataset: () => ensureSampleFolder(workspace),
    browseFolder: (dir) => browseFolder(paths, dir),
    previewImages: async (files, preview) => previewImages(await Promise.all(files.map((f) => paths.resolveFile(f))), preview),
    saveAutosave: async (graph, sourcePath) => {
      const savedAt = Date.now();
      const text = JSON.stringify({ savedAt, sourcePath, graph });
      if (text.length > LIMITS.maxFileBytes) throw new ApiError(ERROR_CODES.INVALID_GRAPH, 'the design is too large to autosave');
      await mkdir(path.dirname(autosaveFile), { recursive: true });
      await atomicWrite(autosaveFile, text);
      return { savedAt };
    },
    loadAutosave: async () => {
      const text = await readFile(autosaveFile, 'utf8').catch(() => null);
      if (text === null) return null;
      try {
        const saved = JSON.parse(text) as { savedAt: number; sourcePath: string | null; graph: unknown };
        return { graph: saved.graph, sourcePath: saved.sourcePath ?? null, savedAt: Number(saved.savedAt) || 0 };
      } catch {
        return null;
      }
    },
    clearAutosave: async () => {
      await rm(autosaveFile, { force: true });
    },
    importModel: (file, importOptions) => importModelIntoWorkspace(workspace, paths, file, importOptions),
    engines: async () => {
      const [tfjs, torch, precision] = await Promise.all([detectTfjsEngine(), detectTorch(), readTorchPrecision()]);
      const cpuPrecision = precision && { ...precision.choice, measuredAt: precision.entry.measuredAt, provisional: precision.entry.provisional };
      return { engines: [tfjs, { ...torchEngineStatus(torch), cpuPrecision }] };
    },
    chooseEngine: async (refresh, graph) => engineChooser.choose({ refresh, ...(graph != null && { graph: checkedDesign(graph) }) }),
    hostInfo: async () => {
      const electron = options.host === 'electron' ? { available: true } : electronStatus();
      return {
        host: options.host,
        version: pkg.version,
        workspace,
        electron: { available: electron.available, ...('reason' in electron && electron.reason ? { reason: electron.reason } : {}) },
        nativeDialogs: Boolean(options.pickPath),
      };
    },
  };
}
