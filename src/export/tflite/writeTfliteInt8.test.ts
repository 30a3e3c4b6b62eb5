import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../../data/sampleShapes';
import { loadPreset } from '../../graph/presets';
import { zooGraph } from '../../torch/testing/graphs';
import { randomizedModel, writeTfjsRun } from '../onnx/testing/parity';
import { expectTfliteInt8, exportTfliteBoth, pictures } from './testing/int8Exports';
import { runInLiteRt } from './testing/runInLiteRt';
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

// Every preset's int8 TFLite, with its ONNX int8 reference and its accuracy report, is checked in
// src/export/int8/presetsInt8.test.ts, on the same runs as their ONNX int8 exports.
describe('writeTfliteInt8: full-integer int8 TFLite, run by stock LiteRT.js in Chromium', () => {
  it('runs the every kind design in int8 close to its float32 file, on the 1/256 output grid, and smaller', async () => {
    // Exported as on a machine without Chromium: the report then says why it has no accuracy.
    const { float, int8, spec } = await exportTfliteBoth(path.join(root, 'every-kind'), zooGraph(), images, null);
    const inputs = await pictures(images, spec);
    const shape = [1, spec.height, spec.width, spec.channels];
    const [f, q] = await runInLiteRt([
      { model: path.join(float.outDir, 'model.tflite'), inputs, shape },
      { model: path.join(int8.outDir, 'model.tflite'), inputs, shape },
    ]);
    // The every-kind design is tiny: its operators and tensors, not its weights, make most of the file. (It has kinds
    // the ONNX quantizer leaves float32: no like-for-like ONNX int8 reference.)
    await expectTfliteInt8('every kind', int8, [f, q], false, 1.2);
  }, 240_000);

  it('refuses a calibration folder without a readable image, saying so', async () => {
    const runDir = path.join(root, 'refused-run');
    const graph = loadPreset('small-cnn');
    await writeTfjsRun(runDir, graph, randomizedModel(graph, 1), 5);
    const empty = path.join(root, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(writeTfliteInt8(runDir, path.join(root, 'refused'), { calibration: empty })).rejects.toThrow(`${empty}: expected images to calibrate on, found no readable image (no image files at all)`);
  });
});
