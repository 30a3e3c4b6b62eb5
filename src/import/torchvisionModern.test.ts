import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { writeOnnx } from '../export/onnx';
import { loadRunModel } from '../infer/runModel';
import { relativeError } from '../testing/relativeError';
import { importModel } from './importModel';
import { modernOnnx, type ModernJob } from './testing/modernOnnx';
import { fileWeights, withLogitsOutput } from './testing/onnxWeights';
import { torchMissing } from './testing/torchvision';
import { writeImportedRun } from './writeImported';

/** Small inputs keep these fast: every family here ends in adaptive pooling. */
const SIZE = 64;

const JOBS: ModernJob[] = [
  // Squeeze-excitation with SiLU written as x·sigmoid(x) (opset 13 has no SiLU), stochastic depth (identity).
  { name: 'efficientnet_b0', mode: 'eval', opset: 13 },
  { name: 'efficientnet_b0', mode: 'preserve', opset: 13 },
  { name: 'efficientnet_v2_s', mode: 'eval', opset: 13 },
  // Hardswish as x·HardSigmoid(x) at opset 13, the HardSwish operator at 17; HardSigmoid gates.
  { name: 'mobilenet_v3_small', mode: 'eval', opset: 13 },
  { name: 'mobilenet_v3_small', mode: 'preserve', opset: 13 },
  { name: 'mobilenet_v3_small', mode: 'eval', opset: 17 },
  // A ReduceMean over H×W before the classifier.
  { name: 'mnasnet0_5', mode: 'eval', opset: 13 },
  { name: 'mnasnet0_5', mode: 'preserve', opset: 13 },
  // LayerNorm2d (ReduceMean…Add chains at 13, LayerNormalization at 17) between permutes, Linear layers as MatMul on
  // channels-last maps, GELU as its Erf chain, layer scale as a Mul by [C, 1, 1] factors.
  { name: 'convnext_tiny', mode: 'eval', opset: 13 },
  { name: 'convnext_tiny', mode: 'eval', opset: 17 },
  // Constants not folded: each Linear a MatMul by a Transpose of its [out, in] weight (not attention).
  { name: 'convnext_tiny', mode: 'preserve', opset: 13 },
  // Grouped convolutions with squeeze-excitation.
  { name: 'regnet_y_400mf', mode: 'eval', opset: 13 },
  { name: 'regnet_y_400mf', mode: 'preserve', opset: 13 },
  { name: 'regnet_y_400mf', mode: 'eval', opset: 17 },
  // torchvision's channel_shuffle (Reshape to N×g×C/g×H×W, Transpose, Reshape) between convolutions: ChannelShuffle.
  { name: 'shuffle_tiny', mode: 'eval', opset: 13 },
  // Channel split (chunk: Split or Slice) into ChannelSlice nodes, and channel shuffles.
  { name: 'shufflenet_v2_x0_5', mode: 'eval', opset: 13 },
  { name: 'shufflenet_v2_x0_5', mode: 'preserve', opset: 13 },
  { name: 'shufflenet_v2_x0_5', mode: 'eval', opset: 17 },
];

/** One-stage ViT, Swin and MaxViT (`modernOnnx.py`): attention models, refused in plain words. */
const ATTENTION: ModernJob[] = ['vit_tiny', 'swin_tiny', 'maxvit_tiny'].map((name) => ({ name, mode: 'eval', opset: 13 }));

const files = await modernOnnx([...JOBS, ...ATTENTION], SIZE);
const skip = torchMissing(files && new Map(files.map((f) => [f.name, f.trainable])));
const workspace = await mkdtemp(path.join(os.tmpdir(), 'import-modern-'));
afterAll(() => rm(workspace, { recursive: true, force: true }));

/** One random image, the same for both runtimes: NCHW for onnxruntime, NHWC for TF.js. */
function randomImage(seed: number): { nchw: Float32Array; nhwc: Float32Array } {
  const rng = mulberry32(seed);
  const plane = SIZE * SIZE;
  const nchw = Float32Array.from({ length: 3 * plane }, () => rng() * 4 - 2);
  const nhwc = new Float32Array(nchw.length);
  for (let c = 0; c < 3; c++) for (let i = 0; i < plane; i++) nhwc[i * 3 + c] = nchw[c * plane + i];
  return { nchw, nhwc };
}

describe.skipIf(skip)('torchvision\'s newer CNN families imported from ONNX (random init) and written again by our ONNX writer', () => {
  for (const job of JOBS) {
    const label = `${job.name}, opset ${job.opset}, ${job.mode === 'preserve' ? 'BatchNorm kept' : 'BatchNorm folded'}`;
    it(`${label}: same parameters, same outputs as onnxruntime within 1e-4, also from our ONNX of it`, async () => {
      const { file, trainable } = files!.find((f) => f.name === job.name && f.mode === job.mode && f.opset === job.opset)!;
      const imported = await importModel(file);
      const shuffles = imported.graph.nodes.filter((n) => n.kind === 'ChannelShuffle').map((n) => n.params.groups);
      expect(shuffles).toEqual(job.name === 'shuffle_tiny' ? [3, 4] : job.name.startsWith('shufflenet') ? Array<number>(16).fill(2) : []);
      expect(imported.summary.trainableParams).toBe(job.mode === 'preserve' ? trainable : await fileWeights(file));
      const dir = path.join(workspace, path.basename(file, '.onnx'));
      await writeImportedRun(dir, imported);

      const { nchw, nhwc } = randomImage(7);
      const input = () => ({ input: new ort.Tensor('float32', nchw, [1, 3, SIZE, SIZE]) });
      const session = await ort.InferenceSession.create(file);
      const expected = (await session.run(input())).logits.data as Float32Array;
      // On the TF.js engine's backend (wasm): a quarter to a tenth of the CPU of the cpu backend's kernels.
      const { model } = await loadRunModel(dir, 'wasm');
      const x = tf.tensor4d(nhwc, [1, SIZE, SIZE, 3]);
      const actual = (model.predict(x) as tf.Tensor).dataSync();
      x.dispose();
      model.dispose();
      expect(relativeError(actual, expected)).toBeLessThan(1e-4);

      const written = await writeOnnx(dir, path.join(workspace, `${path.basename(file, '.onnx')}-ours`));
      const ours = await ort.InferenceSession.create(withLogitsOutput(await readFile(path.join(written.outDir, 'model.onnx'))));
      const logits = (await ours.run(input())).logits.data as Float32Array;
      await Promise.all([session.release(), ours.release()]);
      expect(relativeError(logits, expected)).toBeLessThan(1e-4);
    }, 600_000);
  }
});

describe.skipIf(skip)('attention models are refused in plain words', () => {
  for (const job of ATTENTION) {
    it(`${job.name}: says it is an attention model, what the importer takes and what it does not, then each node`, async () => {
      const { file } = files!.find((f) => f.name === job.name)!;
      const refusal = importModel(file);
      await expect(refusal).rejects.toThrow(/cannot import: this is an attention model \(a vision transformer such as ViT, Swin or MaxViT: [1-9]\d* product\(s\) of two activations/);
      await expect(refusal).rejects.toThrow(/The importer takes convolutional classifiers: .* It does not take attention: .* In detail, \d+ node\(s\) use operators that do not map/);
    }, 120_000);
  }
});
