import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/random';
import { fakeTfjsRun } from '../../export/testing/fakeRun';
import { poolingGraph } from '../../export/testing/poolingGraph';
import { loadLayersModel } from '../../export/tfjsFiles';
import { loadPreset } from '../../graph/presets';
import type { GraphDoc } from '../../graph/types';
import type { ParamValue } from '../../graph/types';
import { expandGraph } from '../../shapes/expand';
import { relativeError } from '../../testing/relativeError';
import { exportTfjsModel } from '../../export/tfjsModel';
import { graphOf, zooGraph } from '../../torch/testing/graphs';
import { DesignBuilder } from '../design';
import { toGraphDoc } from '../toGraph';
import { presetAtSmallerSide } from '../testing/presetAtSmallerSide';
import { useWasmBackend } from '../testing/wasmBackend';
import { modelWithWeights } from '../writeImported';
import { canonicalPool, type MaxPoolParams } from './foldPool';
import { mapLayers } from './mapLayers';
import { readLayersModel } from './readLayersModel';

const dir = await mkdtemp(path.join(os.tmpdir(), 'import-export-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
await useWasmBackend();

/**
 * A design as its primitive nodes (id → kind, params, inputs), with what a TF.js file cannot tell apart
 * written one way: pools by `canonicalPool`, 'same' convolution padding as a number where it is even.
 */
function primitives(graph: GraphDoc): Record<string, { kind: string; params: Record<string, ParamValue>; inputs: string[] }> {
  const shapes = new DesignBuilder();
  const result: ReturnType<typeof primitives> = {};
  for (const n of expandGraph(graph).nodes) {
    let params = n.params;
    if (n.kind === 'MaxPool' || n.kind === 'AvgPool') {
      const [, h, w] = shapes.shapeOf(n.inputs[0]);
      params = canonicalPool(params as unknown as MaxPoolParams, [h, w]) as unknown as Record<string, ParamValue>;
    }
    const total = Number(params.dilation ?? 1) * (Number(params.kernel) - 1);
    if ((n.kind === 'Conv2D' || n.kind === 'DepthwiseConv2D') && params.padding === 'same' && total % 2 === 0) params = { ...params, padding: total / 2 };
    shapes.add(n.id, n.kind, n.params, n.inputs);
    result[n.id] = { kind: n.kind, params, inputs: n.inputs };
  }
  return result;
}

function randomInput(shape: number[], seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1), shape);
}

/**
 * The every-kind design with what the TF.js importer does not read back as it was made: grouped convolutions
 * (exported as Permute + Cropping2D + one Conv2D per group) made ungrouped, and the dilated depthwise convolution
 * (exported undilated with its kernel spread out) made undilated, and the tanh GELU made exact (its stock export is seven plain layers the importer refuses
 * rather than guess at, tested below). Per-axis windows and Inception-v3's blocks stay.
 */
function zooForTfjsImport(): GraphDoc {
  const graph = zooGraph();
  for (const node of graph.nodes) {
    if (node.kind === 'Conv2D' && node.params.groups !== undefined) node.params = { ...node.params, groups: 1 };
    if (node.kind === 'DepthwiseConv2D' && node.params.dilation !== undefined) node.params = { ...node.params, dilation: 1 };
    if (node.kind === 'GELU') node.params = { approximate: 'none' };
  }
  return graph;
}

const CASES: [string, () => GraphDoc][] = [
  ['small-cnn', () => loadPreset('small-cnn')],
  ['googlenet-96', () => loadPreset('googlenet-96')],
  ['googlenet at 112×112', () => presetAtSmallerSide('googlenet')],
  ['every kind', zooForTfjsImport],
  ['pooling variants', poolingGraph],
];

describe('our stock TF.js export (inception export --format tfjs) imports as the design it was made from', () => {
  for (const [name, makeGraph] of CASES) {
    it(`${name}: same nodes, params and edges; same probabilities as the export within 1e-4`, async () => {
      const started = Date.now();
      const graph = makeGraph();
      const runDir = await fakeTfjsRun(graph, path.join(dir, name.replace(/\W/g, '_')));
      const outDir = path.join(runDir, 'export');
      await exportTfjsModel(runDir, outDir);
      // importModel's own steps short of preprocessing (which refuses the pooling design's 2 channels).
      const { design, notes } = mapLayers(await readLayersModel(path.join(outDir, 'model.json')));
      const imported = { graph: toGraphDoc(design, name), weights: design.weights };
      expect(primitives(imported.graph)).toEqual(primitives(graph));
      expect(notes.some((n) => n.includes('"probabilities"'))).toBe(graph.nodes.every((n) => n.kind !== 'Output'));

      const exported = await loadLayersModel(outDir);
      const model = modelWithWeights(imported.graph, imported.weights);
      const input = graph.nodes.find((n) => n.kind === 'Input')!.params;
      const x = randomInput([1, input.height as number, input.width as number, input.channels as number], 9);
      const expected = exported.predict(x) as tf.Tensor;
      const y = model.predict(x) as tf.Tensor;
      const actual = model.layers[model.layers.length - 1].getClassName() === 'Softmax' ? y : tf.softmax(y);
      expect(relativeError(await actual.data(), await expected.data())).toBeLessThan(1e-4);
      tf.dispose([x, y, actual, expected]);
      exported.dispose();
      model.dispose();
      console.log(`${name}: export → import → compare ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }, 600_000);
  }
});

it('refuses the stock export of a tanh GELU by name instead of guessing what its plain layers compute', async () => {
  const graph = graphOf('tanh gelu', [
    ['input', 'Input', { height: 4, width: 4, channels: 2 }, []],
    ['act', 'GELU', { approximate: 'tanh' }, ['input']],
    ['gap', 'GlobalAvgPool', {}, ['act']],
    ['fc', 'Dense', { units: 3 }, ['gap']],
  ]);
  const runDir = await fakeTfjsRun(graph, path.join(dir, 'tanh_gelu'));
  await exportTfjsModel(runDir, path.join(runDir, 'export'));
  const file = await readLayersModel(path.join(runDir, 'export', 'model.json'));
  expect(() => mapLayers(file)).toThrow(/act_coefficient.*Rescaling has no node kind/s);
}, 120_000);
