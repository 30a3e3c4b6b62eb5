import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, splitForRun, writeRunSplit, type PreprocessSpec } from '../../data';
import { writeShapesFolder } from '../../data/sampleShapes';
import type { GraphDoc } from '../../graph/types';
import { inferGraph } from '../../shapes/infer';
import { writeOnnx } from '../onnx';
import { maxAbsDifference, randomizedModel, tryInOnnxRuntime, writeTfjsRun, type OnnxResult } from '../onnx/testing/parity';
import { everyPresetSmall } from '../testing/reducedPresets';
import { runInOrtWeb, type WebResult } from './testing/runInOrtWeb';
import { writeOnnxInt8, type OnnxInt8Result } from './writeOnnxInt8';

let root: string;
let images: string;

/** H×W×C → 1×C×H×W. */
function chw(x: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) for (let ch = 0; ch < c; ch++) out[(ch * h + y) * w + i] = x[(y * w + i) * c + ch];
  return out;
}

/** One preset exported in float32 and int8, and what the stock runtimes made of both; or why the export failed. */
type Checked = { int8: OnnxInt8Result; classes: number; node: [float: OnnxResult | { error: string }, int8: OnnxResult | { error: string }]; web: WebResult } | { error: Error };

/** A TF.js run of the preset with random weights on the shapes pictures, exported as ONNX float32 and int8; one picture as its input. */
async function exportPreset(graph: GraphDoc) {
  const dir = path.join(root, graph.name.replace(/\W+/g, '-'));
  const runDir = path.join(dir, 'run');
  const model = randomizedModel(graph, 2);
  const classes = inferGraph(graph).output![0];
  await writeTfjsRun(runDir, graph, model, classes);
  model.dispose();
  await writeRunSplit(runDir, await splitForRun({ dir: images, validationFraction: 0.25 }));
  const int8 = await writeOnnxInt8(runDir, path.join(dir, 'int8'), { calibrationImages: 8, validationImages: 4 });
  const float = await writeOnnx(runDir, path.join(dir, 'float'));
  const p = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: number };
  const spec = JSON.parse(await readFile(path.join(runDir, 'model', 'preprocessing.json'), 'utf8')) as PreprocessSpec;
  const picture = path.join(images, 'circle', (await readdir(path.join(images, 'circle'))).sort()[0]);
  const input = chw(await decodeImage(picture, spec), p.height, p.width, p.channels);
  const shape = [1, p.channels, p.height, p.width];
  return { int8, classes, float: path.join(float.outDir, 'model.onnx'), model: path.join(int8.outDir, 'model.onnx'), input, shape };
}

const presets = everyPresetSmall();
const checked = new Map<string, Checked>();

// Every preset is exported first; then one onnxruntime-node process runs all the files and one Chromium runs all
// the int8 files in onnxruntime-web (a process and a browser per preset cost their start four times over).
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'int8-presets-'));
  images = path.join(root, 'images');
  await writeShapesFolder(images, { perClass: 4, size: 32 });
  const exported = [];
  for (const graph of presets) {
    try {
      exported.push({ name: graph.name, ...(await exportPreset(graph)) });
    } catch (error) {
      checked.set(graph.name, { error: error as Error });
    }
  }
  const node = await tryInOnnxRuntime(path.join(root, 'ort'), exported.flatMap((e) => [{ model: e.float, input: e.input, shape: e.shape }, { model: e.model, input: e.input, shape: e.shape }]));
  const web = await runInOrtWeb(exported.map((e) => ({ model: e.model, input: e.input, shape: e.shape })));
  exported.forEach((e, i) => checked.set(e.name, { int8: e.int8, classes: e.classes, node: [node[2 * i], node[2 * i + 1]], web: web[i] }));
}, 900_000);

afterAll(() => rm(root, { recursive: true, force: true }));

describe('ONNX int8 of every preset in stock onnxruntime-node (own process) and onnxruntime-web (Chromium)', () => {
  // Cheap on purpose: random weights, 8 calibration and 4 validation pictures; googlenet and inception-v3 at reduced input sizes.
  for (const graph of presets) {
    it(`${graph.name}: int8 close to float32 in onnxruntime-node, and onnxruntime-web agrees`, () => {
      const result = checked.get(graph.name)!;
      if ('error' in result) throw result.error;
      const { int8, classes, node: [f, q], web } = result;
      expect(int8.report.calibration.images).toBe(8);
      if ('error' in f) throw new Error(`onnxruntime-node refused the float32 model: ${f.error}`);
      if ('error' in q) throw new Error(`onnxruntime-node refused the int8 model: ${q.error}`);
      expect(q.dims).toEqual([1, classes]);
      expect(maxAbsDifference(f.output, q.output)).toBeLessThan(0.05);
      if ('error' in web) throw new Error(`onnxruntime-web refused the int8 model: ${web.error}`);
      expect(maxAbsDifference(Float32Array.from(web.output), q.output)).toBeLessThan(0.03);
    });
  }
});
