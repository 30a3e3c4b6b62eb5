import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { compileGraph } from '../compile/compile';
import { loadRunModel } from '../infer/runModel';
import { writeImportedRun } from '../import/writeImported';
import { relativeError } from '../testing/relativeError';
import { importModel } from '../import/importModel';
import { onnx } from '../import/onnx/proto';
import { attr, floatInit, onnxBytes } from '../import/testing/tinyOnnx';
import { inferGraph } from '../shapes/infer';
import { graphOf } from '../torch/testing/graphs';

const dir = await mkdtemp(path.join(os.tmpdir(), 'channel-slice-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ChannelSlice', () => {
  it('keeps `channels` channels from `start`; two of them split a map', () => {
    const model = compileGraph(graphOf('split', [
      ['in', 'Input', { height: 1, width: 2, channels: 1 }, []],
      ['c', 'Conv2D', { filters: 5, kernel: 1, bias: false }, ['in']],
      ['low', 'ChannelSlice', { start: 0, channels: 2 }, ['c']],
      ['high', 'ChannelSlice', { start: 2, channels: 3 }, ['c']],
      ['cat', 'Concat', {}, ['high', 'low']],
    ]));
    model.getLayer('c').setWeights([tf.tensor4d([0, 1, 2, 3, 4], [1, 1, 1, 5])]);
    const x = tf.ones([1, 1, 2, 1]);
    const y = model.predict(x) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([2, 3, 4, 0, 1, 2, 3, 4, 0, 1]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a slice past the input\'s channels is an error on `channels`, a start past them on `start`', () => {
    const result = inferGraph(graphOf('bad', [
      ['in', 'Input', { height: 2, width: 2, channels: 3 }, []],
      ['a', 'ChannelSlice', { start: 1, channels: 3 }, ['in']],
      ['b', 'ChannelSlice', { start: 3, channels: 1 }, ['in']],
      ['cat', 'Concat', {}, ['a', 'b']],
    ]));
    expect(result.errors).toEqual(expect.arrayContaining([
      { nodeId: 'a', field: 'channels', message: 'expected at most 2 (the input\'s 3 channels from 1), got 3' },
      { nodeId: 'b', field: 'start', message: 'expected a channel of the input, 0 to 2, got 3' },
    ]));
  });

  /** Conv to 4 channels → Split of axis 1 into `parts` → Concat in the other order → Flatten → Gemm. */
  function splitModel(parts: number[]): Uint8Array {
    const sizes = { name: 'sizes', dims: [2], dataType: onnx.TensorProto.DataType.INT64, int64Data: parts };
    return onnxBytes([
      { opType: 'Conv', name: 'conv', input: ['x', 'conv.weight'], output: ['c'], attribute: [attr.ints('kernel_shape', [1, 1])] },
      { opType: 'Split', name: 'halves', input: ['c', 'sizes'], output: ['a', 'b'], attribute: [attr.int('axis', 1)] },
      { opType: 'Concat', name: 'cat', input: ['b', 'a'], output: ['j'], attribute: [attr.int('axis', 1)] },
      { opType: 'Flatten', name: 'flat', input: ['j'], output: ['f'] },
      { opType: 'Gemm', name: 'fc', input: ['f', 'fc.weight'], output: ['y'], attribute: [attr.int('transB', 1)] },
    ], [floatInit('conv.weight', [4, 3, 1, 1]), sizes, floatInit('fc.weight', [10, 256])]);
  }

  it('an ONNX Split of the channels imports as ChannelSlices: same outputs as onnxruntime', async () => {
    const file = path.join(dir, 'split.onnx');
    await writeFile(file, splitModel([1, 3]));
    const imported = await importModel(file);
    expect(imported.graph.nodes.filter((n) => n.kind === 'ChannelSlice').map((n) => n.params)).toEqual([{ start: 0, channels: 1 }, { start: 1, channels: 3 }]);
    await writeImportedRun(path.join(dir, 'split-run'), imported);
    const x = Float32Array.from({ length: 3 * 8 * 8 }, (_, i) => Math.cos(i * 0.37));
    const session = await ort.InferenceSession.create(file);
    const expected = (await session.run({ x: new ort.Tensor('float32', x, [1, 3, 8, 8]) })).y.data as Float32Array;
    await session.release();
    const { model } = await loadRunModel(path.join(dir, 'split-run'), 'cpu');
    const nhwc = tf.tidy(() => tf.tensor4d(x, [1, 3, 8, 8]).transpose([0, 2, 3, 1]));
    const actual = (model.predict(nhwc) as tf.Tensor).dataSync();
    model.dispose();
    nhwc.dispose();
    expect(relativeError(actual, expected)).toBeLessThan(1e-5);
  });

  it('an ONNX Split whose parts do not add up to the channels is refused, naming the node and the parts', async () => {
    const file = path.join(dir, 'bad-split.onnx');
    await writeFile(file, splitModel([2, 3]));
    await expect(importModel(file)).rejects.toThrow(/Split "halves".*parts \[2, 3\] for 2 output\(s\); expected whole sizes that add up to the 4 channels/s);
  });
});
