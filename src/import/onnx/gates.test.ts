import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRunModel } from '../../infer/runModel';
import { relativeError } from '../../testing/relativeError';
import { importModel } from '../importModel';
import { attr, floatInit, onnxBytes } from '../testing/tinyOnnx';
import { writeImportedRun } from '../writeImported';
import { onnx, type OnnxTypes } from './proto';

const dir = await mkdtemp(path.join(os.tmpdir(), 'import-gates-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const float = (name: string, f: number): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f });
const hardSigmoid = (input: string, output: string, alpha = 1 / 6): OnnxTypes.INodeProto =>
  ({ opType: 'HardSigmoid', name: output, input: [input], output: [output], attribute: [float('alpha', alpha), float('beta', 0.5)] });

/**
 * Conv → x·Sigmoid(x) (SiLU) → squeeze-excitation (GlobalAveragePool, 1×1 Conv, Relu, 1×1 Conv, HardSigmoid gate,
 * Mul by the gate) → x·HardSigmoid(x) (Hardswish) → ReduceMean over H×W → Gemm. Kernels scaled so values pass ±3.
 */
function gatedClassifier(reduceAxes = [2, 3], alpha = 1 / 6): Uint8Array {
  const conv = floatInit('conv.weight', [4, 3, 3, 3], 1);
  conv.floatData = conv.floatData!.map((v) => v * 6);
  return onnxBytes(
    [
      { opType: 'Conv', name: 'conv', input: ['x', 'conv.weight', 'conv.bias'], output: ['c'], attribute: [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1])] },
      { opType: 'Sigmoid', name: 'sig', input: ['c'], output: ['s'] },
      { opType: 'Mul', name: 'silu', input: ['c', 's'], output: ['a'] },
      { opType: 'GlobalAveragePool', name: 'squeeze', input: ['a'], output: ['m'] },
      { opType: 'Conv', name: 'fc1', input: ['m', 'fc1.weight', 'fc1.bias'], output: ['f1'], attribute: [attr.ints('kernel_shape', [1, 1])] },
      { opType: 'Relu', name: 'relu', input: ['f1'], output: ['r'] },
      { opType: 'Conv', name: 'fc2', input: ['r', 'fc2.weight', 'fc2.bias'], output: ['f2'], attribute: [attr.ints('kernel_shape', [1, 1])] },
      hardSigmoid('f2', 'gate', alpha),
      { opType: 'Mul', name: 'excite', input: ['gate', 'a'], output: ['e'] },
      hardSigmoid('e', 'hs'),
      { opType: 'Mul', name: 'hswish', input: ['e', 'hs'], output: ['h'] },
      { opType: 'ReduceMean', name: 'mean', input: ['h'], output: ['p'], attribute: [attr.ints('axes', reduceAxes), attr.int('keepdims', 0)] },
      { opType: 'Gemm', name: 'fc', input: ['p', 'fc.weight', 'fc.bias'], output: ['y'], attribute: [attr.int('transB', 1)] },
    ],
    [floatInit('conv.weight', [4, 3, 3, 3], 1), floatInit('conv.bias', [4], 2), floatInit('fc1.weight', [2, 4, 1, 1], 3), floatInit('fc1.bias', [2], 4),
      floatInit('fc2.weight', [4, 2, 1, 1], 5), floatInit('fc2.bias', [4], 6), floatInit('fc.weight', [10, 4], 7), floatInit('fc.bias', [10], 8)]
      .map((t) => (t.name === 'conv.weight' ? conv : t)),
  );
}

describe('squeeze-excitation and the gated activations from ONNX', () => {
  it('x·Sigmoid(x) is SiLU, x·HardSigmoid(x) Hardswish, a C×1×1 gate a Multiply, the means GlobalAvgPool: same outputs as onnxruntime', async () => {
    const file = path.join(dir, 'gated.onnx');
    await writeFile(file, gatedClassifier());
    const imported = await importModel(file);
    expect(imported.graph.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'SiLU', 'GlobalAvgPool', 'Conv2D', 'ReLU', 'Conv2D', 'HardSigmoid', 'Multiply', 'Hardswish', 'GlobalAvgPool', 'Dense']);
    expect(imported.graph.nodes.filter((n) => n.kind === 'GlobalAvgPool').map((n) => n.params.keepDims)).toEqual([true, false]);
    await writeImportedRun(path.join(dir, 'gated-run'), imported);

    const x = Float32Array.from({ length: 2 * 3 * 8 * 8 }, (_, i) => Math.cos(i * 0.71) * 2);
    const session = await ort.InferenceSession.create(file);
    const expected = (await session.run({ x: new ort.Tensor('float32', x, [2, 3, 8, 8]) })).y.data as Float32Array;
    await session.release();
    const { model } = await loadRunModel(path.join(dir, 'gated-run'), 'cpu');
    const nhwc = tf.tidy(() => tf.tensor4d(x, [2, 3, 8, 8]).transpose([0, 2, 3, 1]));
    const actual = (model.predict(nhwc) as tf.Tensor).dataSync();
    model.dispose();
    nhwc.dispose();
    expect(relativeError(actual, expected)).toBeLessThan(1e-5);
  });

  it('refuses Keras\'s hard sigmoid (alpha 0.2) and a mean over other axes, naming the node and what maps', async () => {
    const keras = path.join(dir, 'keras-hard-sigmoid.onnx');
    await writeFile(keras, gatedClassifier([2, 3], 0.2));
    await expect(importModel(keras)).rejects.toThrow(/HardSigmoid "gate".*alpha 0\.2.*only PyTorch's hard sigmoid \(alpha 1\/6, beta 0\.5\) maps/s);
    const channels = path.join(dir, 'mean-over-channels.onnx');
    await writeFile(channels, gatedClassifier([1]));
    await expect(importModel(channels)).rejects.toThrow(/ReduceMean "mean".*axes \[1\]: only the mean over H and W/s);
  });
});
