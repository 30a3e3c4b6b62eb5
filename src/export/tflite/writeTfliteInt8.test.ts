import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, splitForRun, writeRunSplit, type PreprocessSpec } from '../../data';
import { writeShapesFolder } from '../../data/sampleShapes';
import { loadPreset } from '../../graph/presets';
import { everyPresetSmall } from '../testing/reducedPresets';
import type { GraphDoc } from '../../graph/types';
import { inferGraph } from '../../shapes/infer';
import { zooGraph } from '../../torch/testing/graphs';
import { writeOnnxInt8 } from '../int8/writeOnnxInt8';
import { randomizedModel, runInOnnxRuntime, writeTfjsRun } from '../onnx/testing/parity';
import { runInLiteRt } from './testing/runInLiteRt';
import { writeTflite } from './writeTflite';
import { writeTfliteInt8 } from './writeTfliteInt8';

let root: string;
let images: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tflite-int8-test-'));
  images = path.join(root, 'images');
  // Few, small pictures: calibration and the check stay cheap.
  await writeShapesFolder(images, { perClass: 6, size: 32 });
}, 120_000);

afterAll(() => rm(root, { recursive: true, force: true }));

/** One step of the int8 probabilities (SOFTMAX's output scale). */
const STEP = 1 / 256;

/** A TF.js run of a design with random weights on the shapes pictures, written as float32 and int8 TFLite. */
async function exportBoth(name: string, graph: GraphDoc) {
  const runDir = path.join(root, name, 'run');
  const model = randomizedModel(graph, 5);
  await writeTfjsRun(runDir, graph, model, inferGraph(graph).output![0]);
  model.dispose();
  await writeRunSplit(runDir, await splitForRun({ dir: images, validationFraction: 0.25 }));
  const float = await writeTflite(runDir, path.join(root, name, 'float'));
  const int8 = await writeTfliteInt8(runDir, path.join(root, name, 'int8'));
  const spec = JSON.parse(await readFile(path.join(runDir, 'model', 'preprocessing.json'), 'utf8')) as PreprocessSpec;
  return { runDir, float, int8, spec };
}

/** H×W×C → 1×C×H×W. */
function channelsFirst(x: Float32Array, { height, width, channels }: PreprocessSpec): Float32Array {
  const out = new Float32Array(x.length);
  for (let y = 0; y < height; y++) for (let i = 0; i < width; i++) for (let c = 0; c < channels; c++) out[(c * height + y) * width + i] = x[(y * width + i) * channels + c];
  return out;
}

/**
 * The int8 reference: the same run's ONNX int8 export (QDQ, calibrated on the same training images, so the same
 * ranges), run by onnxruntime-node in its own process with graph optimizations off, so that it computes the QDQ
 * graph as written: every quantize and dequantize in float, the probabilities a float softmax. (Optimized,
 * onnxruntime fuses it into u8s8 integer kernels whose AVX2 path saturates with full-range int8 weights; on this
 * VM they differ from the same graph by up to 0.012.)
 */
async function onnxInt8Reference(runDir: string, out: string, inputs: Float32Array[], spec: PreprocessSpec): Promise<Float32Array[]> {
  const onnx = await writeOnnxInt8(runDir, out, { validationImages: 0 });
  expect(onnx.report.warnings).toEqual([]);
  const model = path.join(out, 'model.onnx');
  const results = await runInOnnxRuntime(path.join(out, 'work'), inputs.map((x) => ({ model, input: channelsFirst(x, spec), shape: [1, spec.channels, spec.height, spec.width], optimization: 'disabled' })));
  return results.map((r) => r.output);
}

/** Decoded (H×W×C = NHWC) pictures of two classes. */
async function pictures(spec: PreprocessSpec): Promise<Float32Array[]> {
  const classes = (await readdir(images)).sort().slice(0, 2);
  return Promise.all(classes.map(async (c) => decodeImage(path.join(images, c, (await readdir(path.join(images, c))).sort()[0]), spec)));
}

describe('writeTfliteInt8: full-integer int8 TFLite, run by stock LiteRT.js in Chromium', () => {
  // Every preset, googlenet and inception-v3 at reduced input sizes (everyPresetSmall), random weights, few small pictures.
  for (const [name, graph] of [['every kind', zooGraph()], ...everyPresetSmall().map((g) => [g.name, g] as const)] as const) {
    it(`runs the ${name} design in int8 close to its float32 file, on the 1/256 output grid, and smaller`, async () => {
      const { runDir, float, int8, spec } = await exportBoth(name.replace(/\W+/g, '-'), graph);
      expect(int8.files).toEqual(['model.tflite', 'labels.json', 'preprocessing.json', 'README.md']);
      const inputs = await pictures(spec);
      const shape = [1, spec.height, spec.width, spec.channels];
      const [f, q] = await runInLiteRt([
        { model: path.join(float.outDir, 'model.tflite'), inputs, shape },
        { model: path.join(int8.outDir, 'model.tflite'), inputs, shape },
      ]);
      if ('error' in f || 'error' in q) throw new Error(`LiteRT.js refused it: ${'error' in f ? f.error : (q as { error: string }).error}`);
      const largest = (reference: ArrayLike<number>[]) => Math.max(...q.outputs.flatMap((o, i) => o.map((v, k) => Math.abs(v - reference[i][k]))));
      const difference = largest(f.outputs);
      console.log(`${name}: int8 vs float32 in LiteRT.js, largest probability difference ${difference.toFixed(4)} (${(difference / STEP).toFixed(2)} steps); ${int8.size.float32Bytes} → ${int8.size.int8Bytes} bytes`);
      expect(difference).toBeLessThan(0.05);
      if (name !== 'every kind') {
        // The every-kind design has kinds the ONNX quantizer leaves float32: no like-for-like int8 reference.
        const reference = largest(await onnxInt8Reference(runDir, path.join(root, name.replace(/\W+/g, '-'), 'onnx-int8'), inputs, spec));
        console.log(`${name}: int8 in LiteRT.js vs the ONNX int8 (QDQ) reference, largest probability difference ${reference.toFixed(4)} (${(reference / STEP).toFixed(2)} steps)`);
        // One step for the integer kernels' requantization rounding, half a step for rounding the probabilities onto the grid.
        expect(reference).toBeLessThanOrEqual(1.5 * STEP);
      }
      // The probabilities come out of int8 SOFTMAX (scale 1/256, zero point −128) through DEQUANTIZE.
      for (const v of q.outputs.flat()) expect(Math.abs(v * 256 - Math.round(v * 256))).toBeLessThan(1e-3);
      // The every-kind design is tiny: its operators and tensors, not its weights, make most of the file.
      expect(int8.size.float32Bytes / int8.size.int8Bytes).toBeGreaterThan(name === 'every kind' ? 1.2 : 3);
      expect((await stat(path.join(int8.outDir, 'model.tflite'))).size).toBe(int8.size.int8Bytes);
    }, 240_000);
  }

  it('refuses a calibration folder without a readable image, saying so', async () => {
    const runDir = path.join(root, 'refused-run');
    const graph = loadPreset('small-cnn');
    await writeTfjsRun(runDir, graph, randomizedModel(graph, 1), 5);
    const empty = path.join(root, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(writeTfliteInt8(runDir, path.join(root, 'refused'), { calibration: empty })).rejects.toThrow(`${empty}: expected images to calibrate on, found no readable image (no image files at all)`);
  });
});
