import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, splitForRun, writeRunSplit } from '../../data';
import { writeShapesFolder } from '../../data/sampleShapes';
import type { GraphDoc } from '../../graph/types';
import { zooGraph } from '../../torch/testing/graphs';
import { writeOnnx } from '../onnx';
import { onnx } from '../onnx/proto';
import { maxAbsDifference, randomizedModel, runInOnnxRuntime, writeTfjsRun } from '../onnx/testing/parity';
import { QUANTIZABLE_KINDS } from './insertQdq';
import { runInOrtWeb } from './testing/runInOrtWeb';
import { writeOnnxInt8 } from './writeOnnxInt8';

let root: string;
let runDir: string;
let images: string;
const graph: GraphDoc = zooGraph();
const inputNode = graph.nodes.find((n) => n.kind === 'Input')!;
const [H, W] = [Number(inputNode.params.height), Number(inputNode.params.width)];
/** The every-kind design's kinds the quantizer has no rule for: each stays float32, with a warning. */
const FLOAT_KINDS = ['ChannelShuffle', 'ChannelSlice', 'GELU', 'HardSigmoid', 'Hardswish', 'LayerNorm', 'LayerScale', 'Multiply', 'SiLU'];
/** ONNX operators whose output the quantizer always quantizes when their node is quantized. */
const QUANTIZED_OUTPUT_OPS = new Set(['Conv', 'Gemm', 'Relu', 'Clip', 'MaxPool', 'AveragePool', 'Concat', 'GlobalAveragePool', 'Flatten']);
const warnedKind = (warning: string): string => /the int8 quantizer has no rule for (\w+)$/.exec(warning)?.[1] ?? warning;

/** H×W×C → 1×C×H×W. */
function chw(x: Float32Array, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) for (let ch = 0; ch < c; ch++) out[(ch * h + y) * w + i] = x[(y * w + i) * c + ch];
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'int8-test-'));
  images = path.join(root, 'images');
  await writeShapesFolder(images, { perClass: 12, size: 24 });
  runDir = path.join(root, 'run');
  await writeTfjsRun(runDir, graph, randomizedModel(graph, 3), 5);
  await writeRunSplit(runDir, await splitForRun({ dir: images, validationFraction: 0.25 }));
}, 120_000);

afterAll(() => rm(root, { recursive: true, force: true }));

describe('writeOnnxInt8', () => {
  it('writes a QDQ model that onnxruntime-node (a separate process) runs close to the float32 model on real pictures', async () => {
    const out = path.join(root, 'int8');
    const result = await writeOnnxInt8(runDir, out, { profile: true });
    const floatOut = path.join(root, 'float');
    await writeOnnx(runDir, floatOut);

    const model = onnx.ModelProto.decode(await readFile(path.join(out, 'model.onnx')));
    const ops = model.graph!.node!.map((n) => n.opType);
    expect(ops.filter((o) => o === 'QuantizeLinear').length).toBe(result.report.quantized.activations);
    expect(result.report.quantized.activations).toBeGreaterThan(15);
    // Every Conv and Gemm reads a dequantized int8 weight, and a dequantized activation unless a node left float32
    // (SiLU, GELU, LayerNorm, …) made it.
    const producer = new Map(model.graph!.node!.flatMap((n) => n.output!.map((o) => [o, n.opType!] as const)));
    for (const node of model.graph!.node!.filter((n) => n.opType === 'Conv' || n.opType === 'Gemm')) {
      expect(node.input![1], node.name!).toMatch(/_dq$/);
      if (!node.input![0].endsWith('_dq')) expect(QUANTIZED_OUTPUT_OPS.has(producer.get(node.input![0]) ?? ''), `${node.name} reads ${node.input![0]}`).toBe(false);
    }
    const int8Weights = model.graph!.initializer!.filter((t) => t.dataType === onnx.TensorProto.DataType.INT8 && t.name!.endsWith('_int8'));
    // Every Conv (the Inception's six, the others) and both Dense layers.
    expect(int8Weights.length).toBe(result.report.quantized.weights);
    expect(result.report.quantized.weights).toBe(ops.filter((o) => o === 'Conv' || o === 'Gemm').length);
    expect([...new Set(result.report.warnings.map(warnedKind))].sort()).toEqual(FLOAT_KINDS);
    expect(result.report.calibration.images).toBe(36);
    expect(result.report.validation.images).toBe(12);
    // On a design this small the QDQ nodes' names and scales outweigh the 3 bytes saved per weight (googlenet-96:
    // 3.9× smaller, docs/exports.md); what must hold everywhere is that the report measures both files.
    expect(result.report.size.int8Bytes).toBe((await stat(path.join(out, 'model.onnx'))).size);
    expect(result.report.size.float32Bytes).toBeGreaterThan(0);
    expect(result.files.sort()).toEqual(['README.md', 'index.html', 'labels.json', 'model.onnx', 'onnx-page.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort.wasm.min.mjs', 'preprocess.js', 'preprocessing.json', 'profile.json', 'quantization.json', 'ui.js']);
    const card = await readFile(path.join(out, 'README.md'), 'utf8');
    expect(card).toContain('## int8 quantization');
    expect(card).toContain('| onnxruntime-node (CPU), int8 |');
    const profile = JSON.parse(await readFile(path.join(out, 'profile.json'), 'utf8'));
    // Both in onnxruntime-node and in Chromium's onnxruntime-web (Chromium is there wherever this file's ORT-web check runs).
    expect(profile.rows.map((r: { runtime: string }) => r.runtime)).toEqual(['onnxruntime-node (CPU), float32', 'onnxruntime-node (CPU), int8', 'onnxruntime-web (wasm, 1 thread), float32', 'onnxruntime-web (wasm, 1 thread), int8']);
    for (const row of profile.rows) {
      expect(row.medianMs).toBeGreaterThan(0);
      expect(row.p95Ms).toBeGreaterThanOrEqual(row.medianMs);
      expect(row.peakMemoryBytes).toBeGreaterThan(10e6);
    }
    expect(profile.rows[1].sizeBytes).toBe(result.report.size.int8Bytes);
    expect(profile.rows[3].sizeBytes).toBe(result.report.size.int8Bytes);

    const spec = JSON.parse(await readFile(path.join(runDir, 'model', 'preprocessing.json'), 'utf8'));
    const picture = path.join(images, 'circle', (await import('node:fs')).readdirSync(path.join(images, 'circle'))[0]);
    const input = chw(await decodeImage(picture, spec), H, W, 3);
    const [float, int8] = await runInOnnxRuntime(path.join(root, 'ort'), [
      { model: path.join(floatOut, 'model.onnx'), input, shape: [1, 3, H, W] },
      { model: path.join(out, 'model.onnx'), input, shape: [1, 3, H, W] },
    ]);
    expect(int8.dims).toEqual([1, 5]);
    expect(int8.output.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(maxAbsDifference(float.output, int8.output)).toBeLessThan(0.05);
    expect(maxAbsDifference(float.output, int8.output)).toBeGreaterThan(0); // it is quantized

    // The same file in onnxruntime-web (wasm) in Chromium gives what onnxruntime-node gives.
    const [web] = await runInOrtWeb([{ model: path.join(out, 'model.onnx'), input, shape: [1, 3, H, W] }]);
    if ('error' in web) throw new Error(`onnxruntime-web refused the int8 model: ${web.error}`);
    expect(web.dims).toEqual([1, 5]);
    // The runtimes fuse QDQ pairs into integer kernels differently around the float32 islands (SiLU, GELU,
    // LayerNorm…), so a value may land one quantization step apart; that stays well inside the int8 error.
    expect(maxAbsDifference(web.output, int8.output)).toBeLessThan(0.03);
  }, 180_000);

  it('leaves a kind it has no rule for in float32, with no QDQ pair around it, and names it in a warning', async () => {
    const warnings: string[] = [];
    const kinds = new Set([...QUANTIZABLE_KINDS].filter((k) => k !== 'Add'));
    const out = path.join(root, 'no-add');
    const result = await writeOnnxInt8(runDir, out, { kinds, onWarning: (w) => warnings.push(w) });
    expect(warnings.filter((w) => warnedKind(w) === 'Add')).toEqual(['node res (Add) is left float32: the int8 quantizer has no rule for Add']);
    expect([...new Set(warnings.map(warnedKind))].sort()).toEqual(['Add', ...FLOAT_KINDS]);
    expect(result.report.warnings).toEqual(warnings);
    const model = onnx.ModelProto.decode(await readFile(path.join(out, 'model.onnx')));
    const adds = model.graph!.node!.filter((n) => n.opType === 'Add');
    expect(adds.length).toBeGreaterThan(0);
    for (const add of adds) {
      expect(add.input!.some((i) => i.endsWith('_dq'))).toBe(false);
      expect(model.graph!.node!.some((n) => n.opType === 'QuantizeLinear' && n.input![0] === add.output![0])).toBe(false);
    }
    const [run] = await runInOnnxRuntime(path.join(root, 'ort-no-add'), [{ model: path.join(out, 'model.onnx'), input: new Float32Array(3 * H * W), shape: [1, 3, H, W] }]);
    expect(run.dims).toEqual([1, 5]);
  }, 180_000);

  it('refuses a calibration folder without a readable image, saying so', async () => {
    const bad = path.join(root, 'bad-calibration');
    await mkdir(path.join(bad, 'a'), { recursive: true });
    await writeFile(path.join(bad, 'a', 'broken.png'), 'not a picture');
    await expect(writeOnnxInt8(runDir, path.join(root, 'bad-out'), { calibration: bad })).rejects.toThrow(/found no readable image \(1 tried; .*broken\.png/);
    const empty = path.join(root, 'empty-calibration');
    await mkdir(empty);
    await expect(writeOnnxInt8(runDir, path.join(root, 'empty-out'), { calibration: empty })).rejects.toThrow(/found no readable image \(no image files at all\)/);
  }, 120_000);
});
