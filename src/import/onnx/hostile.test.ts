import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError, UnsupportedOperatorsError } from '../errors';
import { importModel } from '../importModel';
import { attr, floatInit, onnxBytes, tinyClassifier } from '../testing/tinyOnnx';
import { onnx } from './proto';

const dir = await mkdtemp(path.join(os.tmpdir(), 'import-hostile-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function importBytes(name: string, bytes: Uint8Array | string): Promise<Error> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return importModel(file).then(() => new Error('imported'), (error: Error) => error);
}

const relu = (input: string, output: string, name = output) => ({ opType: 'Relu', name, input: [input], output: [output] });

describe('ONNX files that must be refused with a clear error', () => {
  it('a text file is not ONNX', async () => {
    const error = await importBytes('text.onnx', 'hello, this is not a model\n'.repeat(20));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toMatch(/is not an ONNX model/);
  });

  it('a truncated file', async () => {
    const bytes = tinyClassifier();
    const error = await importBytes('truncated.onnx', bytes.slice(0, Math.floor(bytes.length * 0.6)));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toMatch(/not an ONNX model \(or is truncated\)|needs \d+ values/);
  });

  it('an initializer claiming huge dimensions is refused before anything is allocated', async () => {
    const huge = { name: 'w', dims: [1e6, 1e6, 3, 3], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(16) };
    const error = await importBytes('huge.onnx', onnxBytes([{ opType: 'Conv', name: 'conv', input: ['x', 'w'], output: ['y'] }], [huge]));
    expect(error.message).toMatch(/initializer "w": 1000000×1000000×3×3 is more than \d+ elements/);
  });

  it('a cycle', async () => {
    const error = await importBytes('cycle.onnx', onnxBytes([relu('b', 'a'), relu('a', 'b'), relu('b', 'y')], []));
    expect(error.message).toMatch(/cycle/);
  });

  it('external data outside the file\'s folder', async () => {
    const outside = {
      name: 'conv.weight', dims: [4, 3, 3, 3], dataType: onnx.TensorProto.DataType.FLOAT,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: '../../etc/passwd' }],
    };
    const error = await importBytes('external.onnx', onnxBytes([{ opType: 'Conv', name: 'conv', input: ['x', 'conv.weight'], output: ['y'] }], [outside]));
    expect(error.message).toMatch(/external data "..\/..\/etc\/passwd" is outside the model's folder/);
  });

  it('every unmapped operator is listed with its node name, and nothing is imported', async () => {
    const nodes = [
      { opType: 'Tanh', name: 'gate', input: ['x'], output: ['s'] },
      { opType: 'LeakyRelu', name: 'leaky', input: ['s'], output: ['l'] },
      { opType: 'Conv', name: 'asym', input: ['x', 'w'], output: ['c'], attribute: [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [0, 0, 1, 1])] },
      { opType: 'Add', name: 'sum', input: ['l', 'c'], output: ['y'] },
    ];
    const error = await importBytes('unmapped.onnx', onnxBytes(nodes, [floatInit('w', [3, 3, 3, 3])]));
    expect(error).toBeInstanceOf(UnsupportedOperatorsError);
    expect(error.message).toMatch(/operators: Conv, LeakyRelu, Tanh/);
    expect(error.message).toContain('Tanh "gate" (no mapping for this operator)');
    expect(error.message).toContain('LeakyRelu "leaky" (no mapping for this operator)');
    expect(error.message).toMatch(/Conv "asym" \(pads \[0, 0, 1, 1\] differ before and after an axis/);
  });

  it('grouped convolutions whose group does not divide the output channels, and Clip ranges other than ReLU6\'s, are refused by name', async () => {
    const grouped = (name: string, input: string, output: string, weight: string) =>
      ({ opType: 'Conv', name, input: [input, weight], output: [output], attribute: [attr.ints('kernel_shape', [1, 1]), attr.int('group', 2)] });
    const nodes = [
      { opType: 'Conv', name: 'widen', input: ['x', 'w4'], output: ['c4'], attribute: [attr.ints('kernel_shape', [1, 1])] },
      grouped('grouped', 'c4', 'g1', 'wg'),
      grouped('grouped_after', 'g1', 'g2', 'wg'),
      { opType: 'Clip', name: 'clip01', input: ['c4', 'zero', 'one'], output: ['k'] },
      { opType: 'Add', name: 'sum', input: ['g2', 'k'], output: ['y'] },
    ];
    const scalar = (name: string, value: number) => ({ name, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [value] });
    const error = await importBytes('grouped.onnx', onnxBytes(nodes, [floatInit('w4', [4, 3, 1, 1]), floatInit('wg', [3, 2, 1, 1]), scalar('zero', 0), scalar('one', 1)]));
    expect(error).toBeInstanceOf(UnsupportedOperatorsError);
    expect(error.message).toContain('Conv "grouped" (group 2 does not divide its 3 output channels');
    expect(error.message).toContain('Conv "grouped_after" (group 2 does not divide its 3 output channels');
    expect(error.message).toContain('Clip "clip01" (range [0, 1]: only [0, 6] (ReLU6) maps)');
  });

  it('a Pad maps only as the padding of a pool that reads it', async () => {
    const ints = (name: string, values: number[]) => ({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    const scalar = (name: string, value: number) => ({ name, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [value] });
    const nodes = [
      { opType: 'Pad', name: 'pad', input: ['x', 'pads', 'zero'], output: ['p'] },
      relu('p', 'r', 'relu_of_pad'),
      { opType: 'MaxPool', name: 'max_of_zeros', input: ['p'], output: ['m'], attribute: [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])] },
      { opType: 'Add', name: 'sum', input: ['r', 'm'], output: ['y'] },
    ];
    const error = await importBytes('pad.onnx', onnxBytes(nodes, [ints('pads', [0, 0, 0, 0, 0, 0, 1, 1]), scalar('zero', 0)]));
    expect(error.message).toContain('Relu "relu_of_pad" (input 0 ("p") is a Pad, which maps only as the padding of a MaxPool or AveragePool)');
    expect(error.message).toContain('MaxPool "max_of_zeros" (Pad [0, 0, 1, 1] with 0 before a MaxPool: only a −∞ fill maps');
  });

  it('opset 8 and older', async () => {
    const error = await importBytes('old.onnx', onnxBytes([relu('x', 'y')], [], 8));
    expect(error.message).toMatch(/opset 8; opset 9 or newer/);
  });
});
