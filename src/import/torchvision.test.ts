import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { loadRunModel } from '../infer/runModel';
import { relativeError } from '../testing/relativeError';
import { writeOnnx } from '../export/onnx';
import { FOLDED_BATCH_NORM, importModel, UNFOLDED_BATCH_NORM } from './importModel';
import { inferGraph } from '../shapes/infer';
import { loadPreset } from '../graph/presets';
import { designNodes, presetWithoutInferenceNoops } from './testing/designNodes';
import { fileWeights, withLogitsOutput } from './testing/onnxWeights';
import { torchMissing, torchvisionFile, torchvisionOnnx, type ExportOptions, type TorchvisionName } from './testing/torchvision';
import { writeImportedRun } from './writeImported';

type Mode = 'preserve' | 'eval';

/**
 * Each family as written here: input side (small where the architecture allows, to keep the test fast), opset
 * (torch's default when absent) and which files: BatchNorm kept (`preserve`) and/or folded (`eval`).
 */
const FAMILIES: { name: TorchvisionName; export: ExportOptions; modes: Mode[] }[] = [
  // 98×98: all three ceil-mode pools round up (at 224×224 none does); a fifth of the multiply-adds.
  { name: 'squeezenet1_1', export: { size: 98 }, modes: ['preserve', 'eval'] },
  // 112×112: a quarter of the multiply-adds of 224×224, every block still reached; in GoogLeNet all four ceil-mode
  // pools round up (at 224×224 the last one divides evenly); in MobileNetV2 the last stride-2 convolution takes an
  // odd side (7×7 to 4×4), the others even ones, as at 224×224.
  { name: 'resnet18', export: { size: 112 }, modes: ['preserve', 'eval'] },
  { name: 'googlenet', export: { size: 112 }, modes: ['preserve', 'eval'] },
  { name: 'mobilenet_v2', export: { size: 112 }, modes: ['preserve', 'eval'] },
  // Factorized 1×7 / 7×1 and 1×3 / 3×1 convolutions; 107×107 still reaches every block (8×8 becomes 2×2).
  { name: 'inception_v3', export: { size: 107, opset: 13 }, modes: ['preserve', 'eval'] },
  // Grouped convolutions (32 groups; RegNet's groups of 16 channels).
  { name: 'resnext50_32x4d', export: { size: 64, opset: 17 }, modes: ['preserve', 'eval'] },
  { name: 'regnet_x_400mf', export: { size: 64, opset: 13 }, modes: ['eval'] },
  { name: 'regnet_x_400mf', export: { size: 64, opset: 17 }, modes: ['preserve'] },
];

/**
 * Families made of conv–BatchNorm–ReLU units throughout (torchvision's BasicConv2d): their eval files come back with
 * ConvBNReLU blocks whose BatchNorm computes nothing, so with torchvision's trainable count.
 */
const UNFOLDED = new Set<TorchvisionName>(['googlenet', 'inception_v3']);

// Only the modes each family is checked in are written.
const counts = await torchvisionOnnx(FAMILIES.map((family) => ({ name: family.name, ...family.export, modes: family.modes })));
const skip = torchMissing(counts);
const workspace = await mkdtemp(path.join(os.tmpdir(), 'import-torchvision-'));
afterAll(() => rm(workspace, { recursive: true, force: true }));

/** One random size×size image, the same for both runtimes: NCHW for onnxruntime, NHWC for TF.js. */
function randomImage(seed: number, size: number): { nchw: Float32Array; nhwc: Float32Array } {
  const rng = mulberry32(seed);
  const area = size * size;
  const nchw = Float32Array.from({ length: 3 * area }, () => rng() * 4 - 2);
  const nhwc = new Float32Array(nchw.length);
  for (let c = 0; c < 3; c++) for (let i = 0; i < area; i++) nhwc[i * 3 + c] = nchw[c * area + i];
  return { nchw, nhwc };
}

describe.skipIf(skip)('torchvision models imported from ONNX (torch.onnx.export, random init), and written again by our ONNX writer', () => {
  for (const family of FAMILIES) {
    const { name } = family;
    const size = family.export.size ?? 224;
    for (const mode of family.modes) {
      const file = torchvisionFile(name, mode, family.export);
      const label = `${name} ${size}×${size}, opset ${family.export.opset ?? 'default'}, ${mode === 'preserve' ? 'BatchNorm kept' : 'BatchNorm folded'}`;
      it(`${label}: same parameters, same outputs as onnxruntime within 1e-4, also from our ONNX of it`, async () => {
        const imported = await importModel(file);
        const unfolded = mode === 'eval' && UNFOLDED.has(name);
        if (mode === 'preserve' || unfolded) expect(imported.summary.trainableParams).toBe(counts!.get(name));
        else expect(imported.summary.trainableParams).toBe(await fileWeights(file));
        // The folded count is explained where it differs from torchvision's (squeezenet has no BatchNorm to fold).
        const notes = imported.summary.notes.map((n) => n.text);
        expect(notes.includes(FOLDED_BATCH_NORM)).toBe(mode === 'eval' && !unfolded && name !== 'squeezenet1_1');
        expect(notes.includes(UNFOLDED_BATCH_NORM)).toBe(unfolded);
        if (name === 'inception_v3') {
          // The inception-v3 preset node for node (ids, kinds, params, inputs), at this input size; the file has no
          // Dropout (identity at inference) and ends in the logits. Hence also the preset's trainable count.
          expect(designNodes(imported.graph)).toEqual(designNodes(presetWithoutInferenceNoops('inception-v3', size)));
          expect(imported.summary.trainableParams).toBe(inferGraph(loadPreset('inception-v3')).totals.trainable);
        }
        const dir = path.join(workspace, path.basename(file, '.onnx'));
        await writeImportedRun(dir, imported);

        const { nchw, nhwc } = randomImage(7, size);
        const session = await ort.InferenceSession.create(file);
        const expected = (await session.run({ input: new ort.Tensor('float32', nchw, [1, 3, size, size]) })).logits.data as Float32Array;
        // On the TF.js engine's backend (wasm): a quarter to a tenth of the CPU of the cpu backend's kernels.
        const { model } = await loadRunModel(dir, 'wasm');
        const x = tf.tensor4d(nhwc, [1, size, size, 3]);
        const actual = (model.predict(x) as tf.Tensor).dataSync();
        x.dispose();
        model.dispose();
        expect(relativeError(actual, expected)).toBeLessThan(1e-4);

        // Round trip: our ONNX writer's file of the imported run gives the same logits.
        const written = await writeOnnx(dir, path.join(workspace, `${path.basename(file, '.onnx')}-onnx`));
        const ours = await ort.InferenceSession.create(withLogitsOutput(await readFile(path.join(written.outDir, 'model.onnx'))));
        const logits = (await ours.run({ input: new ort.Tensor('float32', nchw, [1, 3, size, size]) })).logits.data as Float32Array;
        await Promise.all([session.release(), ours.release()]);
        expect(relativeError(logits, expected)).toBeLessThan(1e-4);
      }, 600_000);
    }
  }
});
