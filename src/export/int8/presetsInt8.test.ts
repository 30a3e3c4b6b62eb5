import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium as playwrightChromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../../data/sampleShapes';
import { inferGraph } from '../../shapes/infer';
import { writeOnnx } from '../onnx';
import { maxAbsDifference, tryInOnnxRuntime, type OnnxJob, type OnnxResult } from '../onnx/testing/parity';
import { everyPresetSmall } from '../testing/reducedPresets';
import { CALIBRATION_IMAGES, channelsFirst, expectTfliteInt8, exportTfliteBoth, pictures, STEP } from '../tflite/testing/int8Exports';
import { runInLiteRt, type LiteRtResult } from '../tflite/testing/runInLiteRt';
import { CHROMIUM } from '../testing/chromiumPage';
import { runInOrtWeb, type WebResult } from './testing/runInOrtWeb';
import { writeOnnxInt8, type OnnxInt8Result } from './writeOnnxInt8';

let root: string;
let images: string;

// Every preset, googlenet and inception-v3 at reduced input sizes, random weights, few small pictures. Each preset's
// run is exported once to float32 and int8 ONNX and TFLite (the int8 exports calibrated on the same training
// images, so the same ranges), all checked below: one run per preset for both formats' checks, then one
// onnxruntime-node process and one Chromium (a page for onnxruntime-web, one for LiteRT.js) for all the presets.
const presets = everyPresetSmall().map((graph, i) => ({
  graph,
  // small-cnn and googlenet-96 check the TFLite accuracy report (LiteRT.js in Chromium over the validation images);
  // the others are exported as on a machine without Chromium, which keeps the test cheap and checks that the
  // report then says why it has no accuracy.
  chromium: i < 2 ? undefined : null,
}));

type Answer<T> = T | { error: string };
interface Checked {
  tflite: Awaited<ReturnType<typeof exportTfliteBoth>>;
  onnx: OnnxInt8Result;
  liteRt: [float: LiteRtResult, int8: LiteRtResult];
  /** The int8 ONNX file with graph optimizations off (the QDQ graph as written, in float), on each picture. */
  reference: Answer<OnnxResult>[];
  /** float32 and int8 ONNX in onnxruntime-node as a user runs them (optimized), on the first picture. */
  node: [float: Answer<OnnxResult>, int8: Answer<OnnxResult>];
  web: WebResult;
}
interface Exported { name: string; tflite: Checked['tflite']; onnx: OnnxInt8Result; float: string; inputs: Float32Array[] }
const checked = new Map<string, Checked | { error: Error }>();

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'int8-presets-'));
  images = path.join(root, 'images');
  await writeShapesFolder(images, { perClass: 6, size: 32 });
  const exported: Exported[] = [];
  for (const { graph, chromium } of presets) {
    try {
      const dir = path.join(root, graph.name.replace(/\W+/g, '-'));
      const tflite = await exportTfliteBoth(dir, graph, images, chromium);
      // Its validation run (float32 and int8 in onnxruntime-node) only where the TFLite accuracy is compared with it.
      const onnx = await writeOnnxInt8(tflite.runDir, path.join(dir, 'onnx-int8'), { calibrationImages: CALIBRATION_IMAGES, ...(chromium === undefined ? {} : { validationImages: 0 }) });
      const float = await writeOnnx(tflite.runDir, path.join(dir, 'onnx-float'));
      exported.push({ name: graph.name, tflite, onnx, float: path.join(float.outDir, 'model.onnx'), inputs: await pictures(images, tflite.spec) });
    } catch (error) {
      checked.set(graph.name, { error: error as Error });
    }
  }
  // One Chromium for both stock runtimes' pages (LiteRT.js, onnxruntime-web), each page importing nothing of ours.
  const browser = await playwrightChromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await checkInStockRuntimes(exported, browser);
  } finally {
    await browser.close();
  }
}, 1_200_000);

async function checkInStockRuntimes(exported: Exported[], browser: Browser): Promise<void> {
  const liteRt = await runInLiteRt(exported.flatMap(({ tflite: { float, int8, spec }, inputs }) => {
    const shape = [1, spec.height, spec.width, spec.channels];
    return [{ model: path.join(float.outDir, 'model.tflite'), inputs, shape }, { model: path.join(int8.outDir, 'model.tflite'), inputs, shape }];
  }), browser);
  const perPreset = exported.map(({ tflite: { spec }, onnx, float, inputs }) => {
    const int8 = path.join(onnx.outDir, 'model.onnx');
    const shape = [1, spec.channels, spec.height, spec.width];
    const x = inputs.map((p) => channelsFirst(p, spec));
    // The reference runs the QDQ graph as written, every quantize and dequantize in float (optimized, onnxruntime
    // fuses it into u8s8 integer kernels whose AVX2 path saturates with full-range int8 weights; on this VM they
    // differ from the same graph by up to 0.012).
    const reference: OnnxJob[] = x.map((input) => ({ model: int8, input, shape, optimization: 'disabled' }));
    return [...reference, { model: float, input: x[0], shape }, { model: int8, input: x[0], shape }];
  });
  const node = await tryInOnnxRuntime(path.join(root, 'ort'), perPreset.flat());
  const web = await runInOrtWeb(exported.map(({ onnx, tflite: { spec }, inputs }) => ({ model: path.join(onnx.outDir, 'model.onnx'), input: channelsFirst(inputs[0], spec), shape: [1, spec.channels, spec.height, spec.width] })), browser);
  let next = 0;
  for (const [i, e] of exported.entries()) {
    const mine = node.slice(next, (next += perPreset[i].length)) as Answer<OnnxResult>[];
    checked.set(e.name, { tflite: e.tflite, onnx: e.onnx, liteRt: [liteRt[2 * i], liteRt[2 * i + 1]], reference: mine.slice(0, -2), node: [mine.at(-2)!, mine.at(-1)!], web: web[i] });
  }
}

afterAll(() => rm(root, { recursive: true, force: true }));

function exportsOf(name: string): Checked {
  const result = checked.get(name)!;
  if ('error' in result) throw result.error;
  return result;
}

function output(answer: Answer<OnnxResult>, what: string): OnnxResult {
  if ('error' in answer) throw new Error(`onnxruntime-node refused ${what}: ${answer.error}`);
  return answer;
}

describe('ONNX int8 of every preset in stock onnxruntime-node (own process) and onnxruntime-web (Chromium)', () => {
  for (const { graph } of presets) {
    it(`${graph.name}: int8 close to float32 in onnxruntime-node, and onnxruntime-web agrees`, () => {
      const { onnx, node: [float, int8], web } = exportsOf(graph.name);
      expect(onnx.report.calibration.images).toBe(CALIBRATION_IMAGES);
      const [f, q] = [output(float, 'the float32 model'), output(int8, 'the int8 model')];
      expect(q.dims).toEqual([1, inferGraph(graph).output![0]]);
      expect(maxAbsDifference(f.output, q.output)).toBeLessThan(0.05);
      if ('error' in web) throw new Error(`onnxruntime-web refused the int8 model: ${web.error}`);
      expect(maxAbsDifference(Float32Array.from(web.output), q.output)).toBeLessThan(0.03);
    });
  }
});

describe('TFLite int8 of every preset, run by stock LiteRT.js in Chromium, against the ONNX int8 of the same run', () => {
  for (const { graph, chromium } of presets) {
    it(`runs the ${graph.name} design in int8 close to its float32 file and to its ONNX int8 reference, on the 1/256 output grid, and smaller`, async () => {
      const { tflite: { int8 }, onnx, liteRt, reference } = exportsOf(graph.name);
      const { largest, card } = await expectTfliteInt8(graph.name, int8, liteRt, chromium === undefined, 3);
      expect(onnx.report.warnings).toEqual([]);
      const difference = largest(reference.map((r) => output(r, 'the ONNX int8 reference').output));
      console.log(`${graph.name}: int8 in LiteRT.js vs the ONNX int8 (QDQ) reference, largest probability difference ${difference.toFixed(4)} (${(difference / STEP).toFixed(2)} steps)`);
      // One step for the integer kernels' requantization rounding, half a step for rounding the probabilities onto the grid.
      expect(difference).toBeLessThanOrEqual(1.5 * STEP);
      if (chromium === undefined) {
        // The same validation images, classified in float32 by LiteRT.js here and by onnxruntime-node there.
        const { validation } = int8.report;
        expect(validation.images).toBeGreaterThan(0);
        expect(validation).toMatchObject({ images: onnx.report.validation.images, float32Accuracy: onnx.report.validation.float32Accuracy, runtime: 'LiteRT.js (wasm, XNNPack) in headless Chromium' });
        expect(validation.int8Accuracy).toBeGreaterThanOrEqual(0);
        expect(validation.agreement).toBeGreaterThanOrEqual(0);
        expect(validation.unmeasured).toBeUndefined();
        expect(card).toMatch(new RegExp(`\\| validation accuracy \\(${validation.images} images\\) \\| [\\d.]+ % \\| [\\d.]+ % \\| [+-][\\d.]+ points \\|`));
      }
    });
  }
});
