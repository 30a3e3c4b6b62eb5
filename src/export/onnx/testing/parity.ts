import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compileGraph } from '../../../compile/compile';
import { mulberry32 } from '../../../data/random';
import type { GraphDoc } from '../../../graph/types';
import { saveLayersModel } from '../../tfjsFiles';

const RUN_ONNX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'runOnnx.mjs');

/** Uniform values in [-1, 1): inputs with negative values, so a padded cell would win a max if it could. */
export function randomValues(count: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: count }, () => rng() * 2 - 1);
}

/**
 * A compiled design whose every weight is random and away from its trivial initial value: kernels keep
 * their seeded Glorot draw, biases, BatchNorm scales, shifts and statistics are drawn, so each operator's
 * use of them is checked.
 */
export function randomizedModel(graph: GraphDoc, seed: number): tf.LayersModel {
  const model = compileGraph(graph, { seed });
  const rng = mulberry32(seed + 1);
  const draw = (n: number, low: number, high: number) => Float32Array.from({ length: n }, () => low + (high - low) * rng());
  model.setWeights(
    model.weights.map((w) => {
      const shape = w.shape as number[];
      const n = shape.reduce((a, b) => a * b, 1);
      const role = w.originalName.split('/').pop()!;
      if (role === 'kernel') return w.read();
      if (role === 'gamma' || role === 'moving_variance') return tf.tensor(draw(n, 0.5, 1.5), shape);
      return tf.tensor(draw(n, -0.5, 0.5), shape);
    }),
  );
  return model;
}

/** A folder like a finished TF.js run: graph.json, config.json and model/ with the model's weights, labels and preprocessing. */
export async function writeTfjsRun(dir: string, graph: GraphDoc, model: tf.LayersModel, classes: number): Promise<void> {
  await mkdir(path.join(dir, 'model'), { recursive: true });
  await saveLayersModel(model, path.join(dir, 'model'));
  const input = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: number };
  await writeFile(path.join(dir, 'graph.json'), JSON.stringify(graph));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ engine: 'tfjs', seed: 7, data: { dir: '/data' } }));
  await writeFile(path.join(dir, 'model', 'labels.json'), JSON.stringify(Array.from({ length: classes }, (_, i) => `class ${i}`)));
  const spec = { height: input.height, width: input.width, channels: input.channels, resize: 'crop', mean: Array(input.channels).fill(0.5), std: Array(input.channels).fill(0.25) };
  await writeFile(path.join(dir, 'model', 'preprocessing.json'), JSON.stringify(spec));
}

/** N×C×H×W → N×H×W×C. */
export function nchwToNhwc(x: Float32Array, [n, c, h, w]: number[]): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
    out[((b * h + y) * w + i) * c + ch] = x[((b * c + ch) * h + y) * w + i];
  }
  return out;
}

/** The app's probabilities for an N×C×H×W input, as `inception predict` computes them (softmax unless the model ends in one). */
export function tfjsProbabilities(model: tf.LayersModel, x: Float32Array, shape: number[]): Float32Array {
  return tf.tidy(() => {
    const [n, c, h, w] = shape;
    const out = model.predict(tf.tensor4d(nchwToNhwc(x, shape), [n, h, w, c])) as tf.Tensor;
    const last = model.layers[model.layers.length - 1];
    return (last.getClassName() === 'Softmax' ? out : tf.softmax(out)).dataSync() as Float32Array;
  });
}

export interface OnnxJob {
  model: string;
  input: Float32Array;
  shape: number[];
  /** onnxruntime's graphOptimizationLevel; 'disabled' computes a QDQ graph as written (in float) rather than with integer kernels. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
}
export interface OnnxResult { output: Float32Array; dims: number[]; inputNames: string[]; outputNames: string[] }

/**
 * Runs each model on its input in a separate Node process that imports only onnxruntime-node.
 * @throws when onnxruntime refuses a model, with its message.
 */
export async function runInOnnxRuntime(workDir: string, jobs: OnnxJob[]): Promise<OnnxResult[]> {
  const results = await tryInOnnxRuntime(workDir, jobs);
  const refused = results.find((r) => 'error' in r);
  if (refused) throw new Error(`onnxruntime refused ${refused.model}: ${refused.error}`);
  return results as OnnxResult[];
}

/** Like `runInOnnxRuntime`, but a model onnxruntime refuses gives its error in place of a result. */
export async function tryInOnnxRuntime(workDir: string, jobs: OnnxJob[]): Promise<(OnnxResult | { model: string; error: string })[]> {
  await mkdir(workDir, { recursive: true });
  const files = await Promise.all(
    jobs.map(async (job, i) => {
      const input = path.join(workDir, `input-${i}.bin`);
      await writeFile(input, new Uint8Array(job.input.buffer, job.input.byteOffset, job.input.byteLength));
      return { model: job.model, input, shape: job.shape, out: path.join(workDir, `output-${i}.bin`), optimization: job.optimization };
    }),
  );
  const jobsFile = path.join(workDir, 'jobs.json');
  await writeFile(jobsFile, JSON.stringify(files));
  const { stdout } = await promisify(execFile)(process.execPath, [RUN_ONNX, jobsFile], { cwd: workDir, maxBuffer: 1 << 24 });
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Omit<OnnxResult, 'output'> | { model: string; error: string });
  return Promise.all(
    files.map(async (f, i) => {
      const line = lines[i];
      if ('error' in line) return line;
      const bytes = await readFile(f.out);
      return { ...line, output: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
    }),
  );
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
