import type { ApiArgs, ApiMethod } from '../contract/api';
import type { GraphDoc } from '../graph/types';
import type { PresetInfo } from '../graph/presets';
import type {
  DatasetSummary,
  DesignFile,
  ExportFormat,
  ExportOptions,
  ExportWritten,
  FolderListing,
  HostInfo,
  ImagePreview,
  ImportModelOptions,
  ImportNote,
  InspectResult,
  MemoryReport,
  PreviewOptions,
} from '../contract/apiTypes';
import type { ClassificationInfo, ClassificationPage, ClassificationQuery } from '../contract/classification';
import type { EngineChoice, EnginesReport } from '../contract/engines';
import type { FolderEvaluation, Prediction } from '../contract/evaluation';
import type { FeatureMapsOptions, FeatureMapsResult } from '../contract/featureMaps';
import type { GradCamOptions, GradCamResult } from '../contract/gradCam';
import type { FolderFix, FolderFixRequest, Suspects, SuspectsOptions, SuspectsProgress, TopLosses, TopLossesOptions } from '../contract/errorAnalysis';
import type { TrainEvent } from '../contract/events';
import type { LrFinderResult } from '../contract/lrFinder';
import type { RunInfo } from '../contract/runInfo';

// The types a host or client needs beside the interface, in one import for the Node side and the renderer.
export type { ApiMethod, ApiReply, ApiRequest } from '../contract/api';
export type * from '../contract/apiTypes';
export type * from '../contract/classification';
export type * from '../contract/engines';
export type { FolderEvaluation, Prediction } from '../contract/evaluation';
export type { FeatureMapsOptions, FeatureMapsResult } from '../contract/featureMaps';
export type { GradCamOptions, GradCamResult } from '../contract/gradCam';
export type * from '../contract/errorAnalysis';
export type { LrFinderResult } from '../contract/lrFinder';
export type { RunInfo, RunStatus } from '../contract/runInfo';
export type { GraphError } from '../contract/graphErrors';
export type { GraphDoc, PresetInfo, TrainEvent };

/** A run with everything the app shows about it. */
export interface RunDetails {
  info: RunInfo;
  graph: GraphDoc | null;
  config: unknown;
  events: TrainEvent[];
  report: unknown;
}

/** An imported model, stored as a finished run. */
export interface ImportModelResult {
  run: RunInfo;
  graph: GraphDoc;
  trainableParams: number;
  nonTrainableParams: number;
  /** Defaults taken for what the file does not say (preprocessing, labels, input size). */
  notes: ImportNote[];
}

/**
 * The one API every host exposes: Electron IPC, the browser-mode WebSocket and the CLI.
 * Arguments are validated at each transport boundary with the contract's table (`API_ARGS`, src/contract/api.ts).
 */
export interface InceptionApi {
  inspect(graph: unknown): Promise<InspectResult>;
  listPresets(): Promise<PresetInfo[]>;
  loadPreset(name: string): Promise<GraphDoc>;
  /** Designs saved in the workspace, newest first. */
  listDesigns(): Promise<DesignFile[]>;
  /** Opens a design file; relative paths are inside the workspace's `designs/` folder. */
  openGraph(path: string): Promise<{ path: string; graph: GraphDoc }>;
  /** Validates the design and saves it atomically; a bare name goes to `designs/NAME.json` in the workspace. */
  saveGraph(path: string, graph: unknown): Promise<{ path: string }>;
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
  exportRun(runId: string, format: ExportFormat, outDir?: string | null, options?: ExportOptions): Promise<ExportWritten>;
  /**
   * Grad-CAM of one image with a finished run's model: where it looked for a class (the predicted one by default)
   * at a node (the last feature map by default), in either engine from the same weights; `randomHead` is the
   * sanity check with the classifier's weights randomised. With the image as the network sees it, the map over it.
   */
  gradCam(runId: string, image: string, options?: GradCamOptions): Promise<GradCamResult>;
  /**
   * Starts the run's kept Grad-CAM worker of an engine (default TF.js, as `gradCam`) ahead of the first request, so
   * that it is answered as fast as the next ones; resolves once it is ready. A worker another run's warm-up
   * started and no request used is closed (one waits, not one per run looked at).
   */
  warmGradCam(runId: string, options?: { engine?: GradCamOptions['engine'] }): Promise<void>;
  /**
   * Inside the network: a finished run's feature maps at a node with a C×H×W output (the last one by default) for
   * one image, channels sorted by mean activation, the first `limit` (default 64) drawn as a grid with their range.
   */
  featureMaps(runId: string, image: string, options?: FeatureMapsOptions): Promise<FeatureMapsResult>;
  /** A finished run's validation images sorted by loss (at most `limit`, default 50) and its most confused pairs of classes. */
  topLosses(runId: string, options?: TopLossesOptions): Promise<TopLosses>;
  /**
   * Likely mislabelled files of a finished run's data folder: out-of-sample probabilities from k-fold
   * cross-validation (k models of the run's design and recipe, default 4 folds, trained with the run's engine
   * unless `options.engine` names the other; the answer says which), then
   * confident learning's per-class thresholds. Ranked, with the class proposed; kept in the run's suspects.json.
   */
  findSuspects(runId: string, options?: SuspectsOptions): Promise<Suspects>;
  /** Where the run's running `findSuspects` is (fold i of k, epoch, images scored); null when none runs. */
  suspectsProgress(runId: string): Promise<SuspectsProgress | null>;
  /**
   * Stops the run's running `findSuspects`: its fold jobs end, the fold folder is removed, the earlier
   * suspects.json stays as it was, and `findSuspects` rejects saying it was cancelled. False when none runs.
   */
  cancelSuspects(runId: string): Promise<boolean>;
  /**
   * Moves a file of a data folder to another class folder, or excludes it into the quarantine folder beside the
   * data; nothing is deleted or overwritten. Logged (with the run that suggested it) in `<folder>.quarantine/fixes.jsonl`.
   */
  fixFolder(dataDir: string, change: FolderFixRequest): Promise<FolderFix>;
  /** Reverses a change to a data folder (default: the latest one not yet undone); logged as a change of its own. */
  undoFolderFix(dataDir: string, id?: number): Promise<FolderFix>;
  /** Every change made to a data folder, oldest first, with those undone marked. */
  listFolderFixes(dataDir: string): Promise<FolderFix[]>;
  /**
   * Imports an ONNX model (`.onnx`) or a TF.js layers model (`model.json`) as a design plus its weights, stored as a finished run marked imported;
   * refuses the whole file, listing operator types and node names, when anything does not map.
   */
  importModel(path: string, options?: ImportModelOptions): Promise<ImportModelResult>;
  engines(): Promise<EnginesReport>;
  /**
   * The engine "Automatic" picks here for `graph` (a design of its size class; googlenet-96 when none) and why;
   * measured once per machine, versions and size class (again while provisional), `refresh` measures again.
   */
  chooseEngine(refresh?: boolean, graph?: unknown): Promise<EngineChoice>;
  hostInfo(): Promise<HostInfo>;
}

/**
 * Methods where `InceptionApi` and the contract's argument table (`API_ARGS`) disagree: in one and not the
 * other, or arguments the table lets through that the method cannot take. Must stay empty (checked below).
 */
type TableMismatch =
  | Exclude<keyof InceptionApi, ApiMethod>
  | Exclude<ApiMethod, keyof InceptionApi>
  | { [M in ApiMethod & keyof InceptionApi]: ApiArgs<M> extends Parameters<InceptionApi[M]> ? never : M }[ApiMethod & keyof InceptionApi];

// A compile error here names the method whose declaration differs between the interface and the table.
true satisfies [TableMismatch] extends [never] ? true : TableMismatch;
