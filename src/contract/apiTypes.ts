import type { AugmentSpec } from './augment';
import type { TrainEvent } from './events';
import type { GraphError } from './graphErrors';

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
  augment?: AugmentSpec;
  /** Which random draw of the augmentation to show. */
  variant?: number;
}

/** `tfjs`: stock TF.js model.json + weights + a web page that runs it; `pytorch`: net.py (+ weights when trained); `pytorch-bundle`: module, runner, job config and torchrun instructions; `onnx`: model.onnx written by our own code (no Python); `onnx-int8`: the same in int8 (QDQ), calibrated on the run's training images, with quantization.json; `tflite`: model.tflite (float32, NHWC, batch 1) written by our own code; `tflite-int8`: the same in full-integer int8 (float32 input and output), calibrated as `onnx-int8` is. Every folder gets a README.md model card. */
export type ExportFormat = 'tfjs' | 'graph' | 'pytorch' | 'pytorch-bundle' | 'onnx' | 'onnx-int8' | 'tflite' | 'tflite-int8';
export const EXPORT_FORMATS = ['tfjs', 'graph', 'pytorch', 'pytorch-bundle', 'onnx', 'onnx-int8', 'tflite', 'tflite-int8'] as const satisfies readonly ExportFormat[];
/** The exports `profile` measures: those with a model file a runtime on this machine loads. */
export const PROFILED_FORMATS: readonly string[] = ['tfjs', 'onnx', 'onnx-int8', 'tflite', 'tflite-int8'] satisfies readonly ExportFormat[];

/** What an export takes beyond its format. */
export interface ExportOptions {
  /** onnx-int8, tflite-int8: a folder of images to calibrate on, instead of the run's training images. */
  calibration?: string;
  /**
   * PROFILED_FORMATS: also measure size, peak memory and batch-1 latency into profile.json and the card — ONNX in
   * onnxruntime-node and in Chromium's onnxruntime-web, TFLite in LiteRT.js, TF.js in TF.js (both in Chromium);
   * onnx-int8 measures float32 and int8 side by side.
   */
  profile?: boolean;
}

/** One runtime's cost of an exported model on the host, at batch 1; the numbers are null where it could not be measured. */
export interface ProfileRow {
  /** The runtime and the model, e.g. `onnxruntime-web (wasm, 1 thread), int8`. */
  runtime: string;
  /** Where it ran, e.g. `Node 20.20.2, a process of its own` or `Chromium 156.0…, headless, a browser of its own`. */
  where: string;
  sizeBytes: number;
  peakMemoryBytes: number | null;
  /** What `peakMemoryBytes` is in this runtime. */
  memory: string;
  loadMs: number | null;
  medianMs: number | null;
  p95Ms: number | null;
  runs: number;
  /** Why the row has no numbers (no Chromium on the machine, the runtime failed), in plain words. */
  unavailable?: string;
}

/** The deployment profile of an export (profile.json): when and where it was measured, one row per runtime. */
export interface DeploymentProfile { measuredAt: string; machine: string; rows: ProfileRow[] }

/** What an int8 export (onnx-int8, tflite-int8) cost and saved (quantization.json). */
export interface QuantizationReport {
  calibration: { source: string; images: number; unreadable: number };
  /**
   * float32 and int8 on the run's validation images, in `runtime`: accuracies null when the run has none, or when
   * they could not be run (`unmeasured` says why, in plain words).
   */
  validation: { images: number; float32Accuracy: number | null; int8Accuracy: number | null; agreement: number | null; runtime: string; unmeasured?: string };
  size: { float32Bytes: number; int8Bytes: number };
  quantized: { activations: number; weights: number };
  /** Design nodes left float32, by name. */
  warnings: string[];
}

/** What an export wrote. */
export interface ExportWritten {
  dir: string;
  files: string[];
  weights: boolean;
  /** Parts of the model written otherwise than asked (onnx-int8: design nodes left float32), by name. */
  warnings?: string[];
  /** With `profile`: the deployment profile written to profile.json. */
  profile?: DeploymentProfile;
  /** onnx-int8, tflite-int8: the accuracy change on the validation split and the size change (quantization.json). */
  quantization?: QuantizationReport;
}
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

/**
 * Something an import took for granted, in words for any reader; `option` names the import option that
 * changes it, so the command line and the app can each say how in their own words.
 */
export interface ImportNote {
  text: string;
  option?: 'size' | 'normalisation' | 'labels';
}

/**
 * The option that fixes an error, when one does: the message says the fix in plain words, and the command line
 * and the app each add how to ask for it (a flag, a button).
 */
export type ErrorOption = 'fix-classes';

/** Pushed by the host to subscribers: every event of every run, as it happens. */
export interface RunEventMessage { runId: string; event: TrainEvent }

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

export interface DesignFile {
  /** Absolute path on the host. */
  path: string;
  name: string;
  /** Milliseconds since the epoch. */
  modified: number;
  bytes: number;
}
