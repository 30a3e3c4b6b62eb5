import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { decodeImage, splitForRun, writeRunSplit, type PreprocessSpec } from '../../../data';
import type { GraphDoc } from '../../../graph/types';
import { inferGraph } from '../../../shapes/infer';
import { randomizedModel, writeTfjsRun } from '../../onnx/testing/parity';
import { writeTflite } from '../writeTflite';
import { writeTfliteInt8, type TfliteInt8Result } from '../writeTfliteInt8';
import type { LiteRtResult } from './runInLiteRt';

/** One step of the int8 probabilities (SOFTMAX's output scale). */
export const STEP = 1 / 256;
/** Calibration images, the same for the TFLite export and its ONNX reference (fewer than the training pictures: cheaper). */
export const CALIBRATION_IMAGES = 8;

/**
 * A TF.js run of a design with random weights on the pictures in `images`, written as float32 and int8 TFLite
 * under `dir`; the int8 export classifies the validation images in LiteRT.js in `chromium` (the one found, or none).
 */
export async function exportTfliteBoth(dir: string, graph: GraphDoc, images: string, chromium: string | null | undefined) {
  const runDir = path.join(dir, 'run');
  const model = randomizedModel(graph, 5);
  await writeTfjsRun(runDir, graph, model, inferGraph(graph).output![0]);
  model.dispose();
  await writeRunSplit(runDir, await splitForRun({ dir: images, validationFraction: 0.25 }));
  const float = await writeTflite(runDir, path.join(dir, 'float'));
  const int8 = await writeTfliteInt8(runDir, path.join(dir, 'int8'), { chromium, calibrationImages: CALIBRATION_IMAGES });
  const spec = JSON.parse(await readFile(path.join(runDir, 'model', 'preprocessing.json'), 'utf8')) as PreprocessSpec;
  return { runDir, float, int8, spec };
}

/** H×W×C → 1×C×H×W. */
export function channelsFirst(x: Float32Array, { height, width, channels }: PreprocessSpec): Float32Array {
  const out = new Float32Array(x.length);
  for (let y = 0; y < height; y++) for (let i = 0; i < width; i++) for (let c = 0; c < channels; c++) out[(c * height + y) * width + i] = x[(y * width + i) * channels + c];
  return out;
}

/** Decoded (H×W×C = NHWC) pictures: the first of each of the first two classes. */
export async function pictures(images: string, spec: PreprocessSpec): Promise<Float32Array[]> {
  const classes = (await readdir(images)).sort().slice(0, 2);
  return Promise.all(classes.map(async (c) => decodeImage(path.join(images, c, (await readdir(path.join(images, c))).sort()[0]), spec)));
}

/**
 * What every int8 TFLite export must show: its files, the report's reason when no Chromium measured the accuracy,
 * LiteRT.js's int8 outputs within 0.05 of its float32 ones and on the 1/256 grid, and a file `minRatio` times smaller.
 * @returns the largest difference of the int8 outputs from other outputs of the same inputs.
 */
export async function expectTfliteInt8(name: string, int8: TfliteInt8Result, [f, q]: [LiteRtResult, LiteRtResult], measured: boolean, minRatio: number) {
  expect(int8.files).toEqual(['model.tflite', 'quantization.json', 'labels.json', 'preprocessing.json', 'README.md']);
  const card = await readFile(path.join(int8.outDir, 'README.md'), 'utf8');
  const { validation, size } = int8.report;
  if (!measured) {
    expect(validation).toMatchObject({ float32Accuracy: null, int8Accuracy: null, agreement: null });
    expect(validation.unmeasured).toBe('Accuracy not measured: LiteRT.js, the TFLite runtime used here, runs in a browser, and no Chromium or Chrome was found on this machine (set CHROMIUM_PATH to one).');
    expect(card).toContain(validation.unmeasured);
  }
  if ('error' in f || 'error' in q) throw new Error(`LiteRT.js refused it: ${'error' in f ? f.error : (q as { error: string }).error}`);
  const largest = (reference: ArrayLike<number>[]) => Math.max(...q.outputs.flatMap((o, i) => o.map((v, k) => Math.abs(v - reference[i][k]))));
  const difference = largest(f.outputs);
  console.log(`${name}: int8 vs float32 in LiteRT.js, largest probability difference ${difference.toFixed(4)} (${(difference / STEP).toFixed(2)} steps); ${size.float32Bytes} → ${size.int8Bytes} bytes`);
  expect(difference).toBeLessThan(0.05);
  // The probabilities come out of int8 SOFTMAX (scale 1/256, zero point −128) through DEQUANTIZE.
  for (const v of q.outputs.flat()) expect(Math.abs(v * 256 - Math.round(v * 256))).toBeLessThan(1e-3);
  expect(size.float32Bytes / size.int8Bytes).toBeGreaterThan(minRatio);
  expect((await stat(path.join(int8.outDir, 'model.tflite'))).size).toBe(size.int8Bytes);
  return { largest, card };
}
