import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { mulberry32 } from '../data/random';
import { loadLayersModel, saveLayersModel } from '../export/tfjsFiles';
import { loadPreset } from '../graph/presets';
import type { GraphDoc } from '../graph/types';
import { generateTorchModule } from '../torch/codegen';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import { exportTfjsModel } from '../export/tfjsModel';
import { exportOnnxViaTorch, exportPytorch, exportPytorchBundle } from './export';
import { pythonEnv } from '../torch/python';
import { runToolsInOneProcess } from '../torch/testing/toolsInOneProcess';
import { startNewTorchRun } from '../service/testing/preparedRuns';
import { readSafetensors, writeSafetensors } from '../torch/safetensors';

const torch = await detectTorch();

/** A folder like a finished TF.js run: graph.json, config.json and model/ with random weights. */
async function fakeTfjsRun(dir: string, graph: GraphDoc, seed: number): Promise<void> {
  await mkdir(path.join(dir, 'model'), { recursive: true });
  const model = compileGraph(graph, { seed });
  const rng = mulberry32(seed);
  model.setWeights(model.weights.map((w) => {
    const n = w.shape.reduce((a: number, b) => a * (b as number), 1);
    const stats = /moving_variance|gamma/.test(w.originalName);
    return stats ? tf.tensor(Float32Array.from({ length: n }, () => 0.5 + rng()), w.shape as number[]) : w.read();
  }));
  await saveLayersModel(model, path.join(dir, 'model'));
  model.dispose();
  await writeFile(path.join(dir, 'graph.json'), JSON.stringify(graph));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ engine: 'tfjs', data: { dir: '/data' } }));
  await writeFile(path.join(dir, 'model', 'labels.json'), JSON.stringify(Array.from({ length: 10 }, (_, i) => `c${i}`)));
}

function randomInput(shape: number[], seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);
}

/** PyTorch's outputs for N×C×H×W inputs, each with the weights of its export folder, from one Python process. */
async function torchForwards(calls: { dir: string; x: Float32Array; shape: number[] }[]): Promise<Float32Array[]> {
  const commands = await Promise.all(calls.map(async ({ dir, x, shape }) => {
    await writeSafetensors(path.join(dir, 'x.safetensors'), new Map([['input', { dtype: 'F32', shape, data: x }]]));
    return ['forward', path.join(dir, 'net.py'), '--weights', path.join(dir, 'weights.safetensors'), '--input', path.join(dir, 'x.safetensors'), '--out', path.join(dir, 'y.safetensors')];
  }));
  await runToolsInOneProcess(torch.python!, commands);
  return Promise.all(calls.map(async ({ dir }) => (await readSafetensors(path.join(dir, 'y.safetensors'))).tensors.get('output')!.data as Float32Array));
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe.runIf(needs(torchInstalled(torch)))('exports through PyTorch', () => {
  let root = '';
  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await mkdtemp(path.join(os.tmpdir(), 'torch-export-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('exports TF.js-trained small-cnn and googlenet-96 to ONNX that onnxruntime-node runs like PyTorch (within 1e-4)', async () => {
    const checks = [];
    for (const [name, batch] of [['small-cnn', 3], ['googlenet-96', 2]] as const) {
      const runDir = path.join(root, `${name}-run`);
      await fakeTfjsRun(runDir, loadPreset(name), 7);
      const onnxDir = path.join(root, `${name}-onnx`);
      const onnx = await exportOnnxViaTorch(runDir, onnxDir);
      expect(onnx).toMatchObject({ trained: true, engine: 'tfjs', output: 'logits' });
      expect(onnx.files).toEqual(['model.onnx', 'labels.json', 'README.md']);
      const torchDir = path.join(root, `${name}-torch`);
      const exported = await exportPytorch(runDir, torchDir);
      expect(exported.files).toEqual(expect.arrayContaining(['net.py', 'weights.safetensors', 'weights.pt', 'labels.json', 'README.md']));

      const [c, h, w] = generateTorchModule(loadPreset(name)).inputShape;
      const shape = [batch, c, h, w];
      const x = randomInput(shape, 3);
      const session = await ort.InferenceSession.create(path.join(onnxDir, 'model.onnx'));
      expect(session.inputNames).toEqual(['input']);
      const result = await session.run({ input: new ort.Tensor('float32', x, shape) });
      checks.push({ name, fromOnnx: result[session.outputNames[0]].data as Float32Array, torch: { dir: torchDir, x, shape } });
    }
    // Both designs' PyTorch outputs from one Python process (one torch import).
    const fromTorch = await torchForwards(checks.map((c) => c.torch));
    for (const [i, { name, fromOnnx }] of checks.entries()) expect(maxDifference(fromOnnx, fromTorch[i]), name).toBeLessThan(1e-4);
  }, 240_000);

  it('turns a PyTorch-trained run into a TF.js model with the same outputs', async () => {
    const runDir = path.join(root, 'torch-run');
    const graph = loadPreset('small-cnn');
    const run = await startNewTorchRun({
      runDir, graph,
      config: { data: { dir: root }, epochs: 1, batchSize: 16, seed: 4, torch: { synthetic: { images: 64, classes: 10 }, workers: 0, threads: 1, precision: 'fp32' } },
    });
    expect((await run.finished).status).toBe('completed');
    const tfjsDir = path.join(root, 'torch-run-tfjs');
    const result = await exportTfjsModel(runDir, tfjsDir);
    expect(result).toMatchObject({ engine: 'torch', files: ['model.json', 'weights.bin', 'labels.json', 'preprocessing.json', 'graph.json'] });
    const model = await loadLayersModel(tfjsDir);
    const x = randomInput([2, 1, 28, 28], 9);
    const nhwc = tf.tidy(() => tf.transpose(tf.tensor4d(x, [2, 1, 28, 28]), [0, 2, 3, 1]).dataSync() as Float32Array);
    const fromTfjs = tf.tidy(() => (model.predict(tf.tensor4d(nhwc, [2, 28, 28, 1])) as tf.Tensor).dataSync() as Float32Array);
    model.dispose();
    // The TF.js export gives probabilities; net.py gives this design's logits.
    const [logits] = await torchForwards([{ dir: path.join(runDir, 'model'), x, shape: [2, 1, 28, 28] }]);
    const fromTorch = tf.tidy(() => tf.softmax(tf.tensor2d(Array.from(logits), [2, 10])).dataSync() as Float32Array);
    expect(maxDifference(fromTfjs, fromTorch)).toBeLessThan(1e-4);
  }, 240_000);

  it('writes a bundle that trains on its own, with the torchrun commands in its README', async () => {
    const bundle = path.join(root, 'bundle');
    await exportPytorchBundle(loadPreset('small-cnn'), bundle, {
      config: { data: { dir: '/nowhere' }, epochs: 1, batchSize: 8, torch: { synthetic: { images: 32, classes: 10 }, threads: 1, precision: 'fp32' } },
    });
    const readme = await readFile(path.join(bundle, 'README.md'), 'utf8');
    expect(readme).toContain('torchrun --standalone --nproc_per_node 4 inception_runner.py job.json');
    const job = JSON.parse(await readFile(path.join(bundle, 'job.json'), 'utf8'));
    expect(job).toMatchObject({ runDir: '.', net: 'net.py', input: { channels: 1, height: 28, width: 28 } });
    const { stdout } = await promisify(execFile)(torch.python!, ['inception_runner.py', 'job.json', '--max-steps', '2'], { cwd: bundle, env: pythonEnv() });
    const events = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; status?: string });
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'stopped' });
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(2);
  });
});
