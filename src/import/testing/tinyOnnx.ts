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

/**
 * MobileNet's pieces: depthwise Conv with a channel multiplier (3 → 6, pads 1, bias, kernels scaled so some values
 * pass 6) → Clip(0, 6) → depthwise Conv (group 6, stride 2, no bias) → Sigmoid → Flatten → Gemm. Clip's bounds
 * are attributes before opset 11 and scalar inputs from 11 on.
 */
export function mobileClassifier(opset: 9 | 13): Uint8Array {
  const scaled = floatInit('dw1.weight', [6, 1, 3, 3], 5);
  scaled.floatData = scaled.floatData!.map((v) => v * 8);
  const clip: OnnxTypes.INodeProto = opset < 11
    ? { opType: 'Clip', name: 'relu6', input: ['d1'], output: ['r'], attribute: [{ name: 'min', type: onnx.AttributeProto.AttributeType.FLOAT, f: 0 }, { name: 'max', type: onnx.AttributeProto.AttributeType.FLOAT, f: 6 }] }
    : { opType: 'Clip', name: 'relu6', input: ['d1', 'zero', 'six'], output: ['r'] };
  const bounds = opset < 11 ? [] : [0, 6].map((v, i) => ({ name: ['zero', 'six'][i], dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [v] }));
  return onnxBytes(
    [
      { opType: 'Conv', name: 'dw1', input: ['x', 'dw1.weight', 'dw1.bias'], output: ['d1'], attribute: [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1]), attr.int('group', 3)] },
      clip,
      { opType: 'Conv', name: 'dw2', input: ['r', 'dw2.weight'], output: ['d2'], attribute: [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1]), attr.ints('strides', [2, 2]), attr.int('group', 6)] },
      { opType: 'Sigmoid', name: 'gate', input: ['d2'], output: ['s'] },
      { opType: 'Flatten', name: 'flat', input: ['s'], output: ['f'], attribute: [attr.int('axis', 1)] },
      { opType: 'Gemm', name: 'fc', input: ['f', 'fc.weight', 'fc.bias'], output: ['y'], attribute: [attr.int('transB', 1)] },
    ],
    [scaled, floatInit('dw1.bias', [6], 6), floatInit('dw2.weight', [6, 1, 3, 3], 7), floatInit('fc.weight', [10, 96], 8), floatInit('fc.bias', [10], 9), ...bounds],
    opset,
  );
}
