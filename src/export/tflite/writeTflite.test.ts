import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../../graph/presets';
import type { GraphDoc } from '../../graph/types';
import { getLayer, LAYER_KINDS } from '../../layers/catalog';
import { inferGraph } from '../../shapes/infer';
import { graphOf } from '../../torch/testing/graphs';
import { smallDesigns } from '../onnx/testing/designs';
import { maxAbsDifference, nchwToNhwc, randomizedModel, randomValues, tfjsProbabilities, writeTfjsRun } from '../onnx/testing/parity';
import { OPERATORS } from './operators';
import { runInLiteRt } from './testing/runInLiteRt';
import { writeTflite } from './writeTflite';

let root = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(os.tmpdir(), 'tflite-export-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function inputShape(graph: GraphDoc): number[] {
  const p = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: number };
  return [1, p.channels, p.height, p.width];
}

/**
 * Exports each design from a TF.js run with random weights, runs the files in stock LiteRT.js in
 * Chromium on `count` random inputs each, and returns per design the largest difference from the app's own
 * probabilities, and from their logarithms (a tiny probability that is wrong shows there).
 */
async function exportAndCompare(name: string, designs: GraphDoc[], count: number) {
  const work = path.join(root, name);
  const prepared = await Promise.all(
    designs.map(async (graph, i) => {
      const runDir = path.join(work, `run-${i}`);
      const model = randomizedModel(graph, 100 + i);
      await writeTfjsRun(runDir, graph, model, inferGraph(graph).output![0]);
      const shape = inputShape(graph);
      const inputs = Array.from({ length: count }, (_, k) => randomValues(shape.reduce((a, b) => a * b, 1), 200 + 10 * i + k));
      const expected = inputs.map((x) => tfjsProbabilities(model, x, shape));
      model.dispose();
      const written = await writeTflite(runDir, path.join(work, `tflite-${i}`));
      return { graph, shape, inputs, expected, written, model: path.join(written.outDir, 'model.tflite') };
    }),
  );
  const results = await runInLiteRt(prepared.map((p) => ({ model: p.model, inputs: p.inputs.map((x) => nchwToNhwc(x, p.shape)), shape: [1, p.shape[2], p.shape[3], p.shape[1]] })));
  return prepared.map((p, i) => {
    const r = results[i];
    if ('error' in r) return { design: p.graph.name, written: p.written, error: r.error };
    const got = r.outputs.flat();
    const want = p.expected.flatMap((e) => [...e]);
    return {
      design: p.graph.name,
      written: p.written,
      difference: maxAbsDifference(Float32Array.from(got), Float32Array.from(want)),
      logDifference: maxAbsDifference(Float32Array.from(got.map(Math.log)), Float32Array.from(want.map(Math.log))),
      dims: r.dims,
      names: [...r.inputs, ...r.outputNames],
    };
  });
}

describe('TFLite written by our own writer, run by stock LiteRT.js in Chromium', () => {
  const small = smallDesigns();
  const presets = [loadPreset('small-cnn'), loadPreset('googlenet-96')];
  let compared: Awaited<ReturnType<typeof exportAndCompare>> = [];
  // Both tests' designs in one Chromium: a browser per test paid its start twice.
  beforeAll(async () => {
    compared = await exportAndCompare('designs', [...small, ...presets], 2);
  }, 240_000);
  function results(from: number, count: number) {
    return compared.slice(from, from + count).map((r) => {
      if ('error' in r) throw new Error(`${r.design}: LiteRT.js refused it: ${r.error}`);
      expect(r.written, r.design).toMatchObject({ trained: true, engine: 'tfjs' });
      return r;
    });
  }

  it('gives the TF.js engine\'s probabilities (within 1e-4) for small designs covering every node kind and pooling variant', () => {
    const checked = results(0, small.length);
    expect(checked.length).toBe(small.length);
    for (const [i, r] of checked.entries()) {
      expect(r.names, r.design).toEqual(['input', 'probabilities']);
      expect(r.dims, r.design).toEqual([1, inferGraph(small[i]).output![0]]);
      expect(r.difference, r.design).toBeLessThanOrEqual(1e-4);
      expect(r.logDifference, r.design).toBeLessThanOrEqual(1e-4);
    }
  });

  it('gives the TF.js engine\'s probabilities (within 1e-4) for the small-cnn and googlenet-96 presets', () => {
    const checked = results(small.length, presets.length);
    expect(checked.length).toBe(presets.length);
    for (const r of checked) {
      expect(r.dims, r.design).toEqual([1, 10]);
      expect(r.difference, r.design).toBeLessThanOrEqual(1e-4);
      expect(r.logDifference, r.design).toBeLessThanOrEqual(1e-4);
    }
  });

  it('refuses a design that ends in a feature map, naming the node, and writes nothing', async () => {
    const graph = graphOf('feature map out', [
      ['input', 'Input', { height: 8, width: 8, channels: 1 }, []],
      ['conv', 'Conv2D', { filters: 2, kernel: 3 }, ['input']],
    ]);
    const out = path.join(root, 'refused');
    await expect(writeTflite(graph, out)).rejects.toThrow(/^cannot write TFLite: .*conv.*feature map/);
    await expect(stat(out)).rejects.toThrow();
  });

  it('has a TFLite writer for every primitive kind of the catalog (composite blocks expand into them)', () => {
    const composite = new Set(LAYER_KINDS.filter((k) => getLayer(k)!.composite));
    expect(LAYER_KINDS.filter((k) => k !== 'Input' && !composite.has(k) && !OPERATORS[k])).toEqual([]);
  });
});
