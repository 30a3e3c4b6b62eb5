import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, splitForRun, writeRunSplit, type PreprocessSpec } from '../../data';
import { writeShapesFolder } from '../../data/sampleShapes';
import { inferGraph } from '../../shapes/infer';
import { writeOnnx } from '../onnx';
import { maxAbsDifference, randomizedModel, runInOnnxRuntime, writeTfjsRun } from '../onnx/testing/parity';
import { everyPresetSmall } from '../testing/reducedPresets';
import { runInOrtWeb } from './testing/runInOrtWeb';
import { writeOnnxInt8 } from './writeOnnxInt8';

let root: string;
let images: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'int8-presets-'));
  images = path.join(root, 'images');
  await writeShapesFolder(images, { perClass: 4, size: 32 });
}, 120_000);

afterAll(() => rm(root, { recursive: true, force: true }));

/** H×W×C → 1×C×H×W. */
function chw(x: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) for (let ch = 0; ch < c; ch++) out[(ch * h + y) * w + i] = x[(y * w + i) * c + ch];
  return out;
}

describe('ONNX int8 of every preset in stock onnxruntime-node (own process) and onnxruntime-web (Chromium)', () => {
  // Cheap on purpose: random weights, 8 calibration and 4 validation pictures; googlenet and inception-v3 at reduced input sizes.
  for (const graph of everyPresetSmall()) {
    it(`${graph.name}: int8 close to float32 in onnxruntime-node, and onnxruntime-web agrees`, async () => {
      const dir = path.join(root, graph.name.replace(/\W+/g, '-'));
      const runDir = path.join(dir, 'run');
      const model = randomizedModel(graph, 2);
      await writeTfjsRun(runDir, graph, model, inferGraph(graph).output![0]);
      model.dispose();
      await writeRunSplit(runDir, await splitForRun({ dir: images, validationFraction: 0.25 }));
      const int8 = await writeOnnxInt8(runDir, path.join(dir, 'int8'), { calibrationImages: 8, validationImages: 4 });
      const float = await writeOnnx(runDir, path.join(dir, 'float'));
      expect(int8.report.calibration.images).toBe(8);
      const p = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: number };
      const spec = JSON.parse(await readFile(path.join(runDir, 'model', 'preprocessing.json'), 'utf8')) as PreprocessSpec;
      const picture = path.join(images, 'circle', (await readdir(path.join(images, 'circle'))).sort()[0]);
      const input = chw(await decodeImage(picture, spec), p.height, p.width, p.channels);
      const shape = [1, p.channels, p.height, p.width];
      const [f, q] = await runInOnnxRuntime(path.join(dir, 'ort'), [
        { model: path.join(float.outDir, 'model.onnx'), input, shape },
        { model: path.join(int8.outDir, 'model.onnx'), input, shape },
      ]);
      expect(q.dims).toEqual([1, inferGraph(graph).output![0]]);
      expect(maxAbsDifference(f.output, q.output)).toBeLessThan(0.05);
      const [web] = await runInOrtWeb([{ model: path.join(int8.outDir, 'model.onnx'), input, shape }]);
      if ('error' in web) throw new Error(`onnxruntime-web refused the int8 model: ${web.error}`);
      expect(maxAbsDifference(Float32Array.from(web.output), q.output)).toBeLessThan(0.03);
    }, 300_000);
  }
});
