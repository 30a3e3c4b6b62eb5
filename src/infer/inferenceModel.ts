import type { PreprocessSpec } from '../data';
import type { InferenceRuntime } from '../contract/inference';

/** A run's model on one inference runtime: batches of decoded pixels in, class probabilities out. */
export interface InferenceModel {
  readonly runtime: InferenceRuntime;
  /** "ONNX Runtime (onnxruntime-node)", "TF.js wasm". */
  readonly title: string;
  readonly classes: string[];
  readonly spec: PreprocessSpec;
  /** N·K probabilities of N images given as N·H·W·C floats (preprocessed as `spec` says). */
  probabilities(x: Float32Array, n: number): Promise<Float32Array>;
  close(): Promise<void>;
}
