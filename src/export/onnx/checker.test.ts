import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../../graph/presets';
import { smallDesigns } from './testing/designs';
import { randomizedModel, writeTfjsRun } from './testing/parity';
import { pythonWith, runsHere } from './testing/python';
import { writeOnnx } from './writeOnnx';

const CHECK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'checkOnnx.py');
const python = await pythonWith('onnx');

interface Checked {
  ir_version: number;
  opset: [string, number][];
  producer: string;
  inputs: Record<string, (string | number)[]>;
  outputs: Record<string, (string | number)[]>;
  metadata: Record<string, string>;
  operators: string[];
}

/** Checks the files in one Python process; what each holds, in order. */
async function check(files: string[]): Promise<Checked[]> {
  const { stdout } = await promisify(execFile)(python!, [CHECK, ...files], { maxBuffer: 1 << 24 });
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as Checked);
}

describe.runIf(runsHere(python))('ONNX files pass the onnx package\'s full checker (Debian\'s python3-onnx)', () => {
  let root = '';
  beforeAll(async () => {
    if (!python) throw new Error('CI is set but no Python here imports onnx: apt-get install python3-onnx (npm run test:setup)');
    await tf.setBackend('cpu');
    root = await mkdtemp(path.join(os.tmpdir(), 'onnx-checker-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('checks a run of every small design, with names, dynamic batch, producer and the run\'s labels and preprocessing', async () => {
    const designs = smallDesigns();
    const classes: number[] = [];
    for (const [i, graph] of designs.entries()) {
      const runDir = path.join(root, `run-${i}`);
      const model = randomizedModel(graph, i);
      classes.push(model.outputs[0].shape[1] as number);
      await writeTfjsRun(runDir, graph, model, classes[i]);
      model.dispose();
      await writeOnnx(runDir, path.join(root, `onnx-${i}`));
    }
    const checked = await check(designs.map((_, i) => path.join(root, `onnx-${i}`, 'model.onnx')));
    const operators = new Set<string>();
    for (const [i, graph] of designs.entries()) {
      const input = graph.nodes.find((n) => n.kind === 'Input')!.params;
      expect(checked[i], graph.name).toMatchObject({
        ir_version: 7,
        opset: [['', 13]],
        producer: 'Inception Studio',
        inputs: { input: ['N', input.channels, input.height, input.width] },
        outputs: { probabilities: ['N', classes[i]] },
      });
      expect(JSON.parse(checked[i].metadata.labels)).toHaveLength(classes[i]);
      expect(JSON.parse(checked[i].metadata.preprocessing)).toMatchObject({ height: input.height, width: input.width, mean: expect.any(Array), std: expect.any(Array) });
      expect(checked[i].metadata).toMatchObject({ design: graph.name, weights: 'trained by the TF.js engine' });
      checked[i].operators.forEach((op) => operators.add(op));
    }
    expect([...operators].sort()).toEqual(['Add', 'AveragePool', 'BatchNormalization', 'Clip', 'Concat', 'Conv', 'Div', 'Erf', 'Flatten', 'Gemm', 'GlobalAveragePool', 'HardSigmoid', 'MaxPool', 'Mul', 'Pad', 'ReduceMean', 'Relu', 'Reshape', 'Sigmoid', 'Slice', 'Softmax', 'Sqrt', 'Sub', 'Tanh', 'Transpose']);
  });

  it('checks the presets as bare designs (seeded initial weights)', async () => {
    const names = ['small-cnn', 'googlenet-96'] as const;
    for (const name of names) await writeOnnx(loadPreset(name), path.join(root, name));
    const checked = await check(names.map((name) => path.join(root, name, 'model.onnx')));
    for (const [i, name] of names.entries()) {
      expect(checked[i].outputs, name).toEqual({ probabilities: ['N', 10] });
      expect(checked[i].metadata, name).toEqual({ design: loadPreset(name).name, weights: 'initial (seeded, untrained)' });
    }
  });
});
