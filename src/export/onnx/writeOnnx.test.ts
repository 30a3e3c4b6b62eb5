import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../compile/compile';
import { loadPreset } from '../../graph/presets';
import type { GraphDoc } from '../../graph/types';
import { inferGraph } from '../../shapes/infer';
import { generateTorchModule } from '../../torch/codegen';
import { writeSafetensors } from '../../torch/safetensors';
import { zooGraph } from '../../torch/testing/graphs';
import { tfjsToTorch, type TfjsWeights } from '../../torch/weights';
import { presetAtSize } from '../testing/reducedPresets';
import { smallDesigns } from './testing/designs';
import { maxAbsDifference, randomizedModel, randomValues, runInOnnxRuntime, tfjsProbabilities, writeTfjsRun } from './testing/parity';
import { writeOnnx } from './writeOnnx';

let root = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(os.tmpdir(), 'onnx-export-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function inputShape(graph: GraphDoc, batch: number): number[] {
  const p = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: number };
  return [batch, p.channels, p.height, p.width];
}

interface Compared { design: string; difference: number; logDifference: number; dims: number[]; names: string[] }

/**
 * Exports each design from a TF.js run with random weights, runs the files in onnxruntime-node in
 * another process (one for all groups), and returns, per group, the largest difference from the app's own
 * probabilities, and from their logarithms (the logits up to a shift: a tiny probability that is wrong shows there).
 */
async function exportAndCompare(groups: Record<string, { designs: GraphDoc[]; batch: number }>): Promise<Record<string, Compared[]>> {
  const prepared = [];
  for (const [name, { designs, batch }] of Object.entries(groups)) {
    const work = path.join(root, name);
    for (const [i, graph] of designs.entries()) {
      const runDir = path.join(work, `run-${i}`);
      const model = randomizedModel(graph, 100 + i);
      const classes = inferGraph(graph).output![0];
      await writeTfjsRun(runDir, graph, model, classes);
      const shape = inputShape(graph, batch);
      const input = randomValues(shape.reduce((a, b) => a * b, 1), 200 + i);
      const expected = tfjsProbabilities(model, input, shape);
      model.dispose();
      const written = await writeOnnx(runDir, path.join(work, `onnx-${i}`));
      expect(written).toMatchObject({ trained: true, engine: 'tfjs' });
      prepared.push({ group: name, graph, shape, input, expected, model: path.join(written.outDir, 'model.onnx') });
    }
  }
  const results = await runInOnnxRuntime(path.join(root, 'ort'), prepared.map((p) => ({ model: p.model, input: p.input, shape: p.shape })));
  const compared: Record<string, Compared[]> = Object.fromEntries(Object.keys(groups).map((name) => [name, []]));
  for (const [i, p] of prepared.entries()) {
    compared[p.group].push({
      design: p.graph.name,
      difference: maxAbsDifference(results[i].output, p.expected),
      logDifference: maxAbsDifference(results[i].output.map(Math.log), p.expected.map(Math.log)),
      dims: results[i].dims,
      names: [...results[i].inputNames, ...results[i].outputNames],
    });
  }
  return compared;
}

describe('ONNX written by our own writer, run by onnxruntime-node in a separate process', () => {
  const designs = smallDesigns();
  let compared: Record<string, Compared[]>;
  beforeAll(async () => {
    compared = await exportAndCompare({
      small: { designs, batch: 3 },
      presets: { designs: [loadPreset('small-cnn'), loadPreset('googlenet-96')], batch: 2 },
      // At 64×64 (everyPresetSmall's size): googlenet ends in a global pool, so its layers, weights and 1,000 classes
      // are those of 224×224, and its ceil-mode pools round up where they did at 224 (stockTfjs.test.ts); TF.js's
      // cpu backend computes about 12 times less. The 224×224 file itself runs in onnxruntime in import/onnx/roundTrip.test.ts.
      googlenet: { designs: [presetAtSize('googlenet', 64)], batch: 1 },
    });
  }, 300_000);

  it('gives the TF.js engine\'s probabilities (within 1e-4) for small designs covering every node kind and pooling variant', () => {
    for (const [i, r] of compared.small.entries()) {
      expect(r.names, r.design).toEqual(['input', 'probabilities']);
      expect(r.dims, r.design).toEqual([3, inferGraph(designs[i]).output![0]]);
      expect(r.difference, r.design).toBeLessThanOrEqual(1e-4);
      expect(r.logDifference, r.design).toBeLessThanOrEqual(1e-4);
    }
  });

  it('gives the TF.js engine\'s probabilities (within 1e-4) for the small-cnn and googlenet-96 presets', () => {
    for (const r of compared.presets) {
      expect(r.dims, r.design).toEqual([2, 10]);
      expect(r.difference, r.design).toBeLessThanOrEqual(1e-4);
      expect(r.logDifference, r.design).toBeLessThanOrEqual(1e-4);
    }
  });

  it('gives the TF.js engine\'s probabilities (within 1e-4) for the googlenet preset (at 64×64)', () => {
    const [r] = compared.googlenet;
    expect(r.dims).toEqual([1, 1000]);
    expect(r.difference).toBeLessThanOrEqual(1e-4);
    expect(r.logDifference).toBeLessThanOrEqual(1e-4);
  });

  it('exports a PyTorch engine run (model/weights.safetensors) without Python, with the same probabilities', async () => {
    const graph = zooGraph();
    const model = randomizedModel(graph, 3);
    const runDir = path.join(root, 'torch-run');
    await writeTfjsRun(runDir, graph, model, 5);
    const weights: TfjsWeights = new Map(model.weights.map((w) => [w.originalName, { shape: w.shape as number[], data: w.read().dataSync() as Float32Array }]));
    await writeSafetensors(path.join(runDir, 'model', 'weights.safetensors'), tfjsToTorch(weights, generateTorchModule(graph).tensors));
    await rm(path.join(runDir, 'model', 'model.json'));
    await writeFile(path.join(runDir, 'config.json'), JSON.stringify({ engine: 'torch', data: { dir: '/data' } }));
    const shape = inputShape(graph, 2);
    const input = randomValues(shape.reduce((a, b) => a * b, 1), 9);
    const expected = tfjsProbabilities(model, input, shape);
    model.dispose();
    const written = await writeOnnx(runDir, path.join(root, 'torch-run-onnx'), { python: '/nonexistent/python' });
    expect(written).toMatchObject({ trained: true, engine: 'torch' });
    const [result] = await runInOnnxRuntime(path.join(root, 'torch-run-ort'), [{ model: path.join(written.outDir, 'model.onnx'), input, shape }]);
    expect(maxAbsDifference(result.output, expected)).toBeLessThanOrEqual(1e-4);
  });

  it('writes a bare design with the seeded initial weights that compileGraph gives, and copies a run\'s labels and preprocessing', async () => {
    const graph = loadPreset('small-cnn');
    const bare = await writeOnnx(graph, path.join(root, 'bare'));
    expect(bare).toMatchObject({ files: ['model.onnx', 'README.md'], trained: false, engine: null });
    const shape = inputShape(graph, 2);
    const input = randomValues(shape.reduce((a, b) => a * b, 1), 5);
    const initial = compileGraph(graph);
    const expected = tfjsProbabilities(initial, input, shape);
    initial.dispose();
    const [result] = await runInOnnxRuntime(path.join(root, 'bare-ort'), [{ model: path.join(root, 'bare', 'model.onnx'), input, shape }]);
    expect(maxAbsDifference(result.output, expected)).toBeLessThanOrEqual(1e-4);

    const runDir = path.join(root, 'labelled-run');
    const model = randomizedModel(graph, 1);
    await writeTfjsRun(runDir, graph, model, 10);
    model.dispose();
    const fromRun = await writeOnnx(runDir, path.join(root, 'labelled'));
    // With its labels and preprocessing, a run's export also gets the onnxruntime-web page.
    expect(fromRun.files.sort()).toEqual(['README.md', 'index.html', 'labels.json', 'model.onnx', 'onnx-page.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort.wasm.min.mjs', 'preprocess.js', 'preprocessing.json', 'ui.js']);
    expect(await readFile(path.join(root, 'labelled', 'README.md'), 'utf8')).toContain('### The web page');
    expect(JSON.parse(await readFile(path.join(root, 'labelled', 'labels.json'), 'utf8'))).toHaveLength(10);
    expect((await readdir(path.join(root, 'labelled'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
