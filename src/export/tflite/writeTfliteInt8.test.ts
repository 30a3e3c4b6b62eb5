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
import { randomizedModel, writeTfjsRun } from '../onnx/testing/parity';
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
  return { float, int8, spec };
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
      const { float, int8, spec } = await exportBoth(name.replace(/\W+/g, '-'), graph);
      expect(int8.files).toEqual(['model.tflite', 'labels.json', 'preprocessing.json', 'README.md']);
      const inputs = await pictures(spec);
      const shape = [1, spec.height, spec.width, spec.channels];
      const [f, q] = await runInLiteRt([
        { model: path.join(float.outDir, 'model.tflite'), inputs, shape },
        { model: path.join(int8.outDir, 'model.tflite'), inputs, shape },
      ]);
      if ('error' in f || 'error' in q) throw new Error(`LiteRT.js refused it: ${'error' in f ? f.error : (q as { error: string }).error}`);
      const difference = Math.max(...f.outputs.flatMap((o, i) => o.map((v, k) => Math.abs(v - q.outputs[i][k]))));
      console.log(`${name}: int8 vs float32 in LiteRT.js, largest probability difference ${difference.toFixed(4)}; ${int8.size.float32Bytes} → ${int8.size.int8Bytes} bytes`);
      expect(difference).toBeLessThan(0.05);
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
