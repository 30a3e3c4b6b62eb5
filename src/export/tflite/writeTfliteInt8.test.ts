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
/** Calibration images, the same for the TFLite export and its ONNX reference (fewer than the 18 training pictures: cheaper). */
const CALIBRATION_IMAGES = 8;

/**
 * A TF.js run of a design with random weights on the shapes pictures, written as float32 and int8 TFLite; the int8
 * export classifies the validation images in LiteRT.js in `chromium` (the one found, or none).
 */
async function exportBoth(name: string, graph: GraphDoc, chromium: string | null | undefined) {
  const runDir = path.join(root, name, 'run');
  const model = randomizedModel(graph, 5);
  await writeTfjsRun(runDir, graph, model, inferGraph(graph).output![0]);
  model.dispose();
  await writeRunSplit(runDir, await splitForRun({ dir: images, validationFraction: 0.25 }));
  const float = await writeTflite(runDir, path.join(root, name, 'float'));
  const int8 = await writeTfliteInt8(runDir, path.join(root, name, 'int8'), { chromium, calibrationImages: CALIBRATION_IMAGES });
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
async function onnxInt8Reference(runDir: string, out: string, inputs: Float32Array[], spec: PreprocessSpec, validate: boolean) {
  // Its validation run (float32 and int8 in onnxruntime-node) only where the TFLite accuracy is compared with it.
  const onnx = await writeOnnxInt8(runDir, out, { calibrationImages: CALIBRATION_IMAGES, ...(validate ? {} : { validationImages: 0 }) });
  expect(onnx.report.warnings).toEqual([]);
  const model = path.join(out, 'model.onnx');
  const results = await runInOnnxRuntime(path.join(out, 'work'), inputs.map((x) => ({ model, input: channelsFirst(x, spec), shape: [1, spec.channels, spec.height, spec.width], optimization: 'disabled' })));
  return { outputs: results.map((r) => r.output), report: onnx.report };
}

/** Decoded (H×W×C = NHWC) pictures of two classes. */
async function pictures(spec: PreprocessSpec): Promise<Float32Array[]> {
  const classes = (await readdir(images)).sort().slice(0, 2);
  return Promise.all(classes.map(async (c) => decodeImage(path.join(images, c, (await readdir(path.join(images, c))).sort()[0]), spec)));
}

describe('writeTfliteInt8: full-integer int8 TFLite, run by stock LiteRT.js in Chromium', () => {
  // Every preset, googlenet and inception-v3 at reduced input sizes (everyPresetSmall), random weights, few small
  // pictures. small-cnn and googlenet-96 check the accuracy report (LiteRT.js in Chromium over the validation
  // images); the others are exported as on a machine without Chromium, which keeps the test cheap and checks that
  // the report then says why it has no accuracy.
  const presets = everyPresetSmall();
  for (const [name, graph, chromium] of [['every kind', zooGraph(), null], ...presets.map((g, i) => [g.name, g, i < 2 ? undefined : null] as const)] as const) {
    it(`runs the ${name} design in int8 close to its float32 file, on the 1/256 output grid, and smaller`, async () => {
      const { runDir, float, int8, spec } = await exportBoth(name.replace(/\W+/g, '-'), graph, chromium);
      expect(int8.files).toEqual(['model.tflite', 'quantization.json', 'labels.json', 'preprocessing.json', 'README.md']);
      const card = await readFile(path.join(int8.outDir, 'README.md'), 'utf8');
      const { validation, size } = int8.report;
      if (chromium === null) {
        expect(validation).toMatchObject({ float32Accuracy: null, int8Accuracy: null, agreement: null });
        expect(validation.unmeasured).toBe('Accuracy not measured: LiteRT.js, the TFLite runtime used here, runs in a browser, and no Chromium or Chrome was found on this machine (set CHROMIUM_PATH to one).');
        expect(card).toContain(validation.unmeasured);
      }
      const inputs = await pictures(spec);
      const shape = [1, spec.height, spec.width, spec.channels];
      const [f, q] = await runInLiteRt([
        { model: path.join(float.outDir, 'model.tflite'), inputs, shape },
        { model: path.join(int8.outDir, 'model.tflite'), inputs, shape },
      ]);
      if ('error' in f || 'error' in q) throw new Error(`LiteRT.js refused it: ${'error' in f ? f.error : (q as { error: string }).error}`);
      const largest = (reference: ArrayLike<number>[]) => Math.max(...q.outputs.flatMap((o, i) => o.map((v, k) => Math.abs(v - reference[i][k]))));
      const difference = largest(f.outputs);
      console.log(`${name}: int8 vs float32 in LiteRT.js, largest probability difference ${difference.toFixed(4)} (${(difference / STEP).toFixed(2)} steps); ${size.float32Bytes} → ${size.int8Bytes} bytes`);
      expect(difference).toBeLessThan(0.05);
      if (name !== 'every kind') {
        // The every-kind design has kinds the ONNX quantizer leaves float32: no like-for-like int8 reference.
        const onnx = await onnxInt8Reference(runDir, path.join(root, name.replace(/\W+/g, '-'), 'onnx-int8'), inputs, spec, chromium === undefined);
        const reference = largest(onnx.outputs);
        console.log(`${name}: int8 in LiteRT.js vs the ONNX int8 (QDQ) reference, largest probability difference ${reference.toFixed(4)} (${(reference / STEP).toFixed(2)} steps)`);
        // One step for the integer kernels' requantization rounding, half a step for rounding the probabilities onto the grid.
        expect(reference).toBeLessThanOrEqual(1.5 * STEP);
        if (chromium === undefined) {
          // The same validation images, classified in float32 by LiteRT.js here and by onnxruntime-node there.
          expect(validation.images).toBeGreaterThan(0);
          expect(validation).toMatchObject({ images: onnx.report.validation.images, float32Accuracy: onnx.report.validation.float32Accuracy, runtime: 'LiteRT.js (wasm, XNNPack) in headless Chromium' });
          expect(validation.int8Accuracy).toBeGreaterThanOrEqual(0);
          expect(validation.agreement).toBeGreaterThanOrEqual(0);
          expect(validation.unmeasured).toBeUndefined();
          expect(card).toMatch(new RegExp(`\\| validation accuracy \\(${validation.images} images\\) \\| [\\d.]+ % \\| [\\d.]+ % \\| [+-][\\d.]+ points \\|`));
        }
      }
      // The probabilities come out of int8 SOFTMAX (scale 1/256, zero point −128) through DEQUANTIZE.
      for (const v of q.outputs.flat()) expect(Math.abs(v * 256 - Math.round(v * 256))).toBeLessThan(1e-3);
      // The every-kind design is tiny: its operators and tensors, not its weights, make most of the file.
      expect(size.float32Bytes / size.int8Bytes).toBeGreaterThan(name === 'every kind' ? 1.2 : 3);
      expect((await stat(path.join(int8.outDir, 'model.tflite'))).size).toBe(size.int8Bytes);
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
