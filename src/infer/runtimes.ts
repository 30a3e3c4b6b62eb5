import path from 'node:path';
import type { PreprocessSpec } from '../data';
import { readJson, runPaths } from '../io/runFolder';
import type { InferenceModel } from './inferenceModel';
import { OrtProcess } from './onnx/ortClient';
import { ensureRunOnnx } from './onnx/runOnnx';

const TFJS_BACKENDS: Record<string, string> = { tensorflow: 'tfjs-node', wasm: 'wasm', cpu: 'plain JavaScript', webgl: 'WebGL' };

/** "TF.js wasm" for the active backend's name. */
export const tfjsTitle = (backend: string) => `TF.js ${TFJS_BACKENDS[backend] ?? backend}`;
export const ONNX_TITLE = 'ONNX Runtime (onnxruntime-node)';

/**
 * A run's model as our own ONNX export (written once per run, `ensureRunOnnx`), run by onnxruntime-node in a
 * process of its own: decoding stays in this one.
 */
export async function onnxInference(runDir: string, options: { threads?: number } = {}): Promise<InferenceModel> {
  const dir = runPaths(runDir).model;
  const [{ file }, classes, spec] = await Promise.all([
    ensureRunOnnx(runDir),
    readJson<string[]>(path.join(dir, 'labels.json')),
    readJson<PreprocessSpec>(path.join(dir, 'preprocessing.json')),
  ]);
  const ort = await OrtProcess.open(file, options);
  return {
    runtime: 'onnx',
    title: ONNX_TITLE,
    classes,
    spec,
    probabilities: (x, n) => ort.run(x, [n, spec.height, spec.width, spec.channels]),
    close: () => ort.close(),
  };
}
