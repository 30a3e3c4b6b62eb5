import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../../graph/presets';
import type { GraphDoc } from '../../graph/types';
import { detectTorch } from '../../torch/detect';
import { runToolsInOneProcess } from '../../torch/testing/toolsInOneProcess';
import { torchOnnxCommand } from '../../torchRun/export';
import { smallDesigns } from './testing/designs';
import { maxAbsDifference, randomizedModel, randomValues, tryInOnnxRuntime, writeTfjsRun } from './testing/parity';
import { runsHere } from './testing/python';
import { writeOnnx } from './writeOnnx';

const torch = await detectTorch();

/** torch 1.13's exporter (Debian's) has no ONNX form of `padding='same'` (aten::_convolution_mode); ours does. */
const usesSamePadding = (graph: GraphDoc) => graph.nodes.some((n) => n.params.padding === 'same');

function softmaxRows(x: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < x.length / classes; r++) {
    const row = x.subarray(r * classes, (r + 1) * classes);
    const top = Math.max(...row);
    const exps = Array.from(row, (v) => Math.exp(v - top));
    const total = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, i) => (out[r * classes + i] = e / total));
  }
  return out;
}

describe.runIf(runsHere(torch.available))('our ONNX file against torch.onnx.export\'s, both in onnxruntime-node', () => {
  let root = '';
  beforeAll(async () => {
    if (!torch.available) throw new Error(`CI is set but PyTorch is missing: ${torch.reason}`);
    await tf.setBackend('cpu');
    root = await mkdtemp(path.join(os.tmpdir(), 'onnx-via-torch-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('gives the same probabilities (within 1e-4) for small-cnn, googlenet-96 and the small designs torch can export', async () => {
    const designs: GraphDoc[] = [loadPreset('small-cnn'), loadPreset('googlenet-96'), ...smallDesigns().filter((g) => !usesSamePadding(g))];
    expect(designs.length).toBeGreaterThanOrEqual(12);
    const jobs = [];
    const commands: string[][] = [];
    for (const [i, graph] of designs.entries()) {
      const runDir = path.join(root, `run-${i}`);
      const model = randomizedModel(graph, 50 + i);
      const classes = model.outputs[0].shape[1] as number;
      await writeTfjsRun(runDir, graph, model, classes);
      model.dispose();
      const ours = await writeOnnx(runDir, path.join(root, `ours-${i}`));
      // exportOnnxViaTorch's own tool call, prepared the same way, run below with the others in one Python
      // process (one torch import instead of one per design); exportOnnxViaTorch itself: torchRun/export.test.ts.
      const work = path.join(root, `torch-${i}`);
      await mkdir(work);
      const theirs = path.join(work, 'model.onnx');
      const { args, engine } = await torchOnnxCommand(runDir, work, theirs, { python: torch.python! });
      expect(engine).toBe('tfjs');
      commands.push(args);
      const p = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: number };
      const shape = [2, p.channels, p.height, p.width];
      const input = randomValues(shape.reduce((a, b) => a * b, 1), 70 + i);
      jobs.push({ model: path.join(ours.outDir, 'model.onnx'), input, shape }, { model: theirs, input, shape });
    }
    const outputs = (await runToolsInOneProcess(torch.python!, commands) as { output: string }[]).map((answer) => answer.output);
    const results = await tryInOnnxRuntime(path.join(root, 'ort'), jobs);
    const refusedTorchFiles: string[] = [];
    for (const [i, graph] of designs.entries()) {
      const [ours, theirs] = [results[2 * i], results[2 * i + 1]];
      if ('error' in ours) throw new Error(`${graph.name}: onnxruntime refused our file: ${ours.error}`);
      if ('error' in theirs) {
        // torch writes ceil_mode=1 pools whose output size onnxruntime's shape inference works out by another rule.
        refusedTorchFiles.push(graph.name);
        continue;
      }
      const classes = ours.dims[1];
      const torchProbabilities = outputs[i] === 'logits' ? softmaxRows(theirs.output, classes) : theirs.output;
      expect(maxAbsDifference(ours.output, torchProbabilities), graph.name).toBeLessThanOrEqual(1e-4);
    }
    const ceilMode = designs.filter((g) => g.nodes.some((n) => n.params.ceilMode === true)).map((g) => g.name);
    expect(refusedTorchFiles.filter((name) => !ceilMode.includes(name))).toEqual([]);
    expect(designs.length - refusedTorchFiles.length).toBeGreaterThanOrEqual(8);
  }, 600_000);
});
