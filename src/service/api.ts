import type { GraphDoc, GraphError } from '../graph/types';
import type { PresetInfo } from '../graph/presets';
import type { FolderEvaluation, Prediction } from '../infer/runModel';
import type { ClassifyProgress, FolderPrediction } from '../infer/classifyFolder';
import type { ResultSort } from './resultsIndex';
import type { TrainEvent } from '../contract/events';
import type { LrFinderResult } from '../train/lrFinder';
import type { TorchEngineStatus } from '../torch/detect';
import type { RunInfo, RunStatus } from './runs';

export type { TorchEngineStatus };
export type { ClassifyProgress, FolderPrediction, ResultSort };
export type { FolderEvaluation, GraphDoc, GraphError, LrFinderResult, Prediction, PresetInfo, RunInfo, RunStatus, TrainEvent };

/** What `scanDataset` finds in an image folder, with warnings a user should see before training. */
export interface DatasetSummary {
  root: string;
  classes: { name: string; count: number }[];
  images: number;
  /** The first skipped files with their reasons; `skippedCount` has the total. */
  skipped: { path: string; reason: string }[];
  skippedCount: number;
  emptyClasses: string[];
  warnings: string[];
  /** A few image paths per class (same order as `classes`), for thumbnails. */
  examples: string[][];
}

export interface MemoryReport {
  weightsBytes: number;
  optimizerBytes: number;
  activationsBytes: number;
  totalBytes: number;
  availableBytes: number;
  warning: string | null;
}

/** One level of the host's folder browser (browser mode has no native folder dialog). */
export interface FolderListing {
  /** The folder listed; null lists the allowed roots. */
  path: string | null;
  /** The parent folder, when it is inside the allowed roots. */
  parent: string | null;
  /** `model`: an ONNX file or a TF.js model.json (`.onnx`, `.json`), for File ▸ Import. */
  entries: { name: string; path: string; kind: 'folder' | 'image' | 'model' }[];
}

export interface ImagePreview { path: string; dataUrl: string | null; error?: string }

export interface PreviewOptions {
  size: number;
  channels: 1 | 3 | 4;
  resize: 'crop' | 'stretch';
  augment?: { cropPadding: number; flip: boolean; rotation: number; scale: number; colorJitter: number };
  /** Which random draw of the augmentation to show. */
  variant?: number;
}

/** A run with everything the app shows about it. */
export interface RunDetails {
  info: RunInfo;
  graph: GraphDoc | null;
  config: unknown;
  events: TrainEvent[];
  report: unknown;
}

/** `tfjs`: stock TF.js model.json + weights + a web page that runs it; `pytorch`: net.py (+ weights when trained); `pytorch-bundle`: module, runner, job config and torchrun instructions; `onnx`: model.onnx written by our own code (no Python). Every folder gets a README.md model card. */
export type ExportFormat = 'tfjs' | 'graph' | 'pytorch' | 'pytorch-bundle' | 'onnx';
export const EXPORT_FORMATS = ['tfjs', 'graph', 'pytorch', 'pytorch-bundle', 'onnx'] as const satisfies readonly ExportFormat[];

/** What an export wrote. */
export interface ExportWritten { dir: string; files: string[]; weights: boolean }
/** What `importModel` takes beyond the file: what the file itself does not say. */
export interface ImportModelOptions {
  /** The design's name; defaults to the file's name. */
  name?: string;
  /** Per-channel mean and std of images in 0..1; ImageNet's when absent. */
  mean?: number[];
  std?: number[];
  /** Input height and width, for files whose input size is symbolic (224×224 when absent). */
  size?: [number, number];
  /** Class names in output order (numbered when absent). */
  labels?: string[];
}

/** An imported model, stored as a finished run. */
export interface ImportModelResult {
  run: RunInfo;
  graph: GraphDoc;
  trainableParams: number;
  nonTrainableParams: number;
  /** Defaults taken for what the file does not say (preprocessing, labels, input size). */
  notes: string[];
}

/** Pushed by the host to subscribers: every event of every run, as it happens. */
export interface RunEventMessage { runId: string; event: TrainEvent }

/** A folder classification: started by `classifyFolder`, its results kept in the workspace until discarded. */
export interface ClassificationInfo {
  id: string;
  runId: string;
  /** The folder classified (absolute). */
  folder: string;
  status: 'running' | 'completed' | 'stopped' | 'failed';
  progress: ClassifyProgress;
  /** Why it failed. */
  message?: string;
  /** Seconds since it started, or that it took. */
  seconds: number;
  /** The job process's peak resident memory, once it has ended. */
  peakRssMiB?: number;
}

/** Pushed by the host to subscribers while a classification runs (at most ~4 a second) and when it ends. */
export type ClassifyEventMessage = ClassificationInfo;

/** One page of a classification's results, in the order asked for. */
export interface ClassificationPage {
  info: ClassificationInfo;
  /** Results so far (the rows the page was cut from). */
  count: number;
  offset: number;
  rows: FolderPrediction[];
  /** The first skipped files with their reasons; `skippedCount` has the total. */
  skipped: { path: string; reason: string }[];
  skippedCount: number;
}

/** Which page of results, in which order (`path` is the walk's order: path order). */
export interface ClassificationQuery {
  offset: number;
  limit: number;
  sort: ResultSort;
  descending: boolean;
}

/** One node as `inspect` reports it; `outputShape` is channels-first ([C, H, W] or [F]). */
export interface InspectNode {
  id: string;
  kind: string;
  outputShape: number[] | null;
  /** Trainable parameters. */
  params: number;
  nonTrainableParams: number;
  macs: number;
}

/** The `inspect` result; also the exact JSON document of `inception inspect --json`. */
export interface InspectResult {
  nodes: InspectNode[];
  totals: { trainableParams: number; nonTrainableParams: number; macs: number };
  output: number[] | null;
  errors: GraphError[];
}

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendStatus {
  name: BackendName;
  /** The npm package that provides it. */
  package: string;
  available: boolean;
  /** Why it cannot run, and what that means for the user; absent when available. */
  reason?: string;
  /** Version or device details when available. */
  detail?: string;
  /** True when it exists only on another platform (tfjs-node-gpu off Linux and Windows): nothing to do about it here. */
  otherPlatform?: boolean;
}

export interface EngineStatus {
  id: 'tfjs';
  title: string;
  available: boolean;
  /** The backend a job would use now. */
  active: BackendName | null;
  backends: BackendStatus[];
}

export interface HostInfo {
  host: 'electron' | 'browser';
  version: string;
  /** Where designs and runs are stored. */
  workspace: string;
  /** Whether the Electron desktop shell can start here, and why not. */
  electron: { available: boolean; reason?: string };
  /** Whether this host can show native open/save dialogs (`pickPath`). */
  nativeDialogs: boolean;
}

/** One engine's figure in the speed probe (a few training steps of a small fixed net on random images). */
export interface EngineSpeed {
  engine: 'tfjs' | 'torch';
  /** The TF.js backend, or the PyTorch device (cuda, mps, cpu). */
  device: string;
  /** Whether the engine is there at all. */
  available: boolean;
  /** null when the engine is missing or its probe failed (`error` says why). */
  imagesPerSecond: number | null;
  detail?: string;
  error?: string;
}

/** What "Automatic" trains with here, and why: the faster engine in a probe measured once per machine and versions. */
export interface EngineChoice {
  engine: 'tfjs' | 'torch';
  /** The TF.js backend or PyTorch device it will use. */
  device: string;
  /** "PyTorch on CPU". */
  title: string;
  /** "PyTorch on CPU: about 8× faster than TF.js wasm on this machine (412 vs 51 images/s training googlenet-96)". */
  reason: string;
  measured: EngineSpeed[];
  /** Milliseconds since the epoch. */
  measuredAt: number;
  /** Read from the workspace's cache rather than measured now. */
  cached: boolean;
}

export interface EnginesReport {
  /** TF.js first, then PyTorch (`id: 'torch'`, one backend per device type). */
  engines: (EngineStatus | TorchEngineStatus)[];
}

export interface DesignFile {
  /** Absolute path on the host. */
  path: string;
  name: string;
  /** Milliseconds since the epoch. */
  modified: number;
  bytes: number;
}

/**
 * The one API every host exposes: Electron IPC, the browser-mode WebSocket and the CLI.
 * Arguments are validated at each transport boundary (`validate.ts`).
 */
export interface InceptionApi {
  inspect(graph: unknown): Promise<InspectResult>;
  listPresets(): Promise<PresetInfo[]>;
  loadPreset(name: string): Promise<GraphDoc>;
  /** Designs saved in the workspace, newest first. */
  listDesigns(): Promise<DesignFile[]>;
  /** Opens a design file; relative paths are inside the workspace's `designs/` folder. */
  openGraph(path: string): Promise<{ path: string; graph: GraphDoc }>;
  /** Saves atomically; a bare name goes to `designs/NAME.json` in the workspace. */
  saveGraph(path: string, graph: GraphDoc): Promise<{ path: string }>;
  /** A native open or save dialog where the host has one (`model`: an ONNX file or TF.js model.json to import); null when the user cancels. */
  pickPath(mode: 'open' | 'save' | 'folder' | 'model', suggestedName?: string): Promise<string | null>;
  /** A native dialog choosing any number of image files (to try a model on); null when the user cancels. */
  pickImages(): Promise<string[] | null>;
  /**
   * The workspace's sample image folder (`samples/shapes`: four generated shapes, 250 pictures each),
   * written the first time; a folder to train on before you have your own images.
   */
  makeSampleDataset(): Promise<{ dir: string; classes: string[]; images: number; created: boolean }>;
  /** Lists sub-folders and images of an allowed folder (null: the allowed roots). */
  browseFolder(path: string | null): Promise<FolderListing>;
  /** Images as the network sees them (resized, optionally augmented), as PNG data URLs. */
  previewImages(files: string[], options: PreviewOptions): Promise<ImagePreview[]>;
  /** Keeps the design being edited (valid or not yet) so it can be offered back after a crash. */
  saveAutosave(graph: unknown, sourcePath: string | null): Promise<{ savedAt: number }>;
  /** The last autosaved design, or null when there is none (a clean quit clears it). */
  loadAutosave(): Promise<{ graph: unknown; sourcePath: string | null; savedAt: number } | null>;
  clearAutosave(): Promise<void>;
  /** Training memory for a batch size, what this machine has free, and a warning with a batch size that fits. */
  estimateMemory(graph: unknown, batchSize: number, optimizer?: 'sgd' | 'adam' | 'adamw'): Promise<MemoryReport>;
  /** Classes, counts, skipped files and warnings of an image folder (one sub-folder per class). */
  scanDataset(dir: string): Promise<DatasetSummary>;
  /**
   * Starts training a design in a child process; progress arrives as run events. `config.init.run` (a run id in
   * the workspace with a trained model) starts from its weights; `fixClasses` then gives a new head.
   */
  startTraining(graph: unknown, config: unknown, options?: { fixClasses?: boolean }): Promise<RunInfo>;
  /** Stops gracefully: checkpoint after the current batch, then exit. */
  stopTraining(runId: string): Promise<void>;
  /** Continues a stopped or interrupted run from its last checkpoint, optimizer state included. */
  /**
   * A learning-rate range test of a design on the options' data (TF.js, in a job process, about 100 short
   * steps at rising rates): the loss at each rate and a suggested rate. Nothing is written.
   */
  findLearningRate(graph: unknown, config: unknown): Promise<LrFinderResult>;
  /**
   * Continues a stopped or interrupted run from its last checkpoint. With `epochs` (a new total, more than
   * the epochs done) it also trains a finished run further; the learning-rate schedule then spans the new total.
   */
  resumeTraining(runId: string, options?: { epochs?: number }): Promise<RunInfo>;
  listRuns(): Promise<RunInfo[]>;
  getRun(runId: string): Promise<RunDetails>;
  deleteRun(runId: string): Promise<void>;
  /** Gives a run its own name (stored in its folder; at most 120 characters); an empty name goes back to the design's. */
  renameRun(runId: string, name: string): Promise<RunInfo>;
  /** Accuracy, top-5, per-class precision/recall, confusion matrix (with images per cell) of a finished run on a folder, or on its own validation split when `dir` is null. */
  evaluateRun(runId: string, dir: string | null): Promise<FolderEvaluation>;
  /** Top-k classes with probabilities for image files. */
  predict(runId: string, images: string[], topK?: number): Promise<Prediction[]>;
  /** The same for images sent as bytes (dropped into the page); they are kept in the workspace's uploads/ folder. */
  predictUploads(runId: string, images: { name: string; base64: string }[], topK?: number): Promise<Prediction[]>;
  /**
   * Classifies every image under a folder (any depth) with a finished run's model, in a job process.
   * Progress arrives as classify events; results are read page-wise with `classificationPage`.
   */
  classifyFolder(runId: string, folder: string, options?: { topK?: number }): Promise<ClassificationInfo>;
  /** A page of a classification's results (while it runs too), sorted as asked, with the skipped files. */
  classificationPage(id: string, query: ClassificationQuery): Promise<ClassificationPage>;
  /** Stops a running classification after the current batch; the results so far stay readable. */
  cancelClassification(id: string): Promise<ClassificationInfo>;
  /** Writes the results as CSV (path order, atomically); `file` must be in an allowed folder. */
  saveClassificationCsv(id: string, file: string): Promise<{ path: string; rows: number }>;
  /** Stops it if running and deletes its results. */
  discardClassification(id: string): Promise<void>;
  /**
   * Writes a run's model in a format; returns the folder, every file written (paths relative to it, sub-folders
   * included) and whether trained weights are among them (a PyTorch bundle and graph JSON are code and design only).
   */
  exportRun(runId: string, format: ExportFormat, outDir?: string): Promise<ExportWritten>;
  /**
   * Imports an ONNX model (`.onnx`) or a TF.js layers model (`model.json`) as a design plus its weights, stored as a finished run marked imported;
   * refuses the whole file, listing operator types and node names, when anything does not map.
   */
  importModel(path: string, options?: ImportModelOptions): Promise<ImportModelResult>;
  engines(): Promise<EnginesReport>;
  /** The engine "Automatic" picks here and why; measured once per machine and versions, `refresh` measures again. */
  chooseEngine(refresh?: boolean): Promise<EngineChoice>;
  hostInfo(): Promise<HostInfo>;
}

export type ApiMethod = keyof InceptionApi;

export const API_METHODS = [
  'inspect',
  'listPresets',
  'loadPreset',
  'listDesigns',
  'openGraph',
  'saveGraph',
  'pickPath',
  'pickImages',
  'makeSampleDataset',
  'browseFolder',
  'previewImages',
  'saveAutosave',
  'loadAutosave',
  'clearAutosave',
  'estimateMemory',
  'scanDataset',
  'startTraining',
  'stopTraining',
  'findLearningRate',
  'resumeTraining',
  'listRuns',
  'getRun',
  'deleteRun',
  'renameRun',
  'evaluateRun',
  'predict',
  'predictUploads',
  'exportRun',
  'classifyFolder',
  'classificationPage',
  'cancelClassification',
  'saveClassificationCsv',
  'discardClassification',
  'importModel',
  'engines',
  'chooseEngine',
  'hostInfo',
] as const satisfies readonly ApiMethod[];

/** A request and its reply on any message transport (WebSocket, IPC). */
export interface ApiRequest {
  id: number;
  method: string;
  args: unknown[];
  /** Browser mode: the page's token, checked on every message. */
  token?: string;
}
export type ApiReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code: string } };
