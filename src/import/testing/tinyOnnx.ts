import { onnx, type OnnxTypes } from '../onnx/proto';

/** A float initializer with values from a simple deterministic sequence. */
export function floatInit(name: string, dims: number[], seed = 1): OnnxTypes.ITensorProto {
  const size = dims.reduce((a, d) => a * d, 1);
  const floatData = Array.from({ length: size }, (_, i) => Math.sin(seed * 97 + i * 1.37) * 0.5);
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData };
}

export const attr = {
  ints: (name: string, ints: number[]): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints }),
  int: (name: string, i: number): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
};

const valueInfo = (name: string, dims: (number | string)[]): OnnxTypes.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

/** An ONNX model's bytes from nodes and initializers; input `x` is N×3×8×8, output `y`. */
export function onnxBytes(nodes: OnnxTypes.INodeProto[], initializer: OnnxTypes.ITensorProto[], opset = 13): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 7,
    producerName: 'inception-studio tests',
    opsetImport: [{ domain: '', version: opset }],
    graph: { name: 'tiny', node: nodes, initializer, input: [valueInfo('x', ['N', 3, 8, 8])], output: [valueInfo('y', ['N', 10])] },
  }).finish();
}

/** Conv (pads 1) → Relu → MaxPool 2 → AveragePool 3/1 pad 1 (count_include_pad 0) → Flatten → Gemm (transB) → Softmax. */
export function tinyClassifier(): Uint8Array {
  return onnxBytes(
    [
      { opType: 'Conv', name: 'conv', input: ['x', 'conv.weight', 'conv.bias'], output: ['c'], attribute: [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1])] },
      { opType: 'Relu', name: 'relu', input: ['c'], output: ['r'] },
      { opType: 'MaxPool', name: 'pool', input: ['r'], output: ['p'], attribute: [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])] },
      { opType: 'AveragePool', name: 'avg', input: ['p'], output: ['a'], attribute: [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1]), attr.ints('strides', [1, 1])] },
      { opType: 'Flatten', name: 'flat', input: ['a'], output: ['f'], attribute: [attr.int('axis', 1)] },
      { opType: 'Gemm', name: 'fc', input: ['f', 'fc.weight', 'fc.bias'], output: ['g'], attribute: [attr.int('transB', 1)] },
      { opType: 'Softmax', name: 'softmax', input: ['g'], output: ['y'], attribute: [attr.int('axis', 1)] },
    ],
    [floatInit('conv.weight', [4, 3, 3, 3], 1), floatInit('conv.bias', [4], 2), floatInit('fc.weight', [10, 64], 3), floatInit('fc.bias', [10], 4)],
  );
}
