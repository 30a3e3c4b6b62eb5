import type { PrimitiveNode } from '../../shapes/expand';
import { convAxes, type ConvWindow } from '../../layers/convGeometry';
import type { Shape } from '../../shapes/shape';
import type { OnnxGraphBuilder } from './builder';
import { writePool } from './pooling';
import type { LayoutTensor } from './weights';

/** The graph input's name: N×C×H×W floats, normalised as in preprocessing.json. */
export const GRAPH_INPUT = 'input';

/** What a writer gets for one primitive node (tensors are NCHW, or N×F once flat). */
export interface OperatorInput {
  b: OnnxGraphBuilder;
  node: PrimitiveNode;
  /** The ONNX tensors feeding the node, in slot order. */
  inputs: string[];
  /** Their shapes without the batch: C×H×W or F. */
  inputShapes: Shape[];
  /** The node's weight by its TF.js role (`kernel`, `gamma`), in PyTorch's layout; throws when missing. */
  weight(role: string): LayoutTensor;
}

/** Writes one node kind; returns the ONNX tensor that holds the node's output. */
export type OperatorWriter = (x: OperatorInput) => string;

interface PoolParams { kernel: number; stride: number; padding: number; ceilMode: boolean; countIncludePad?: boolean }

function constant(x: OperatorInput, role: string, suffix: string): string {
  const t = x.weight(role);
  return x.b.floats(`${x.node.id}.${suffix}`, t.shape, t.data);
}

/** The attributes of an ONNX Conv for a window given per axis or for both. */
function convAttributes(p: ConvWindow, group: number): Record<string, number[] | number> {
  const { kernel, stride, dilation, before, after } = convAxes(p);
  return { kernel_shape: kernel, strides: stride, dilations: dilation, pads: [...before, ...after], group };
}

function conv(x: OperatorInput): string {
  const p = x.node.params as unknown as ConvWindow & { groups: number; bias: boolean };
  const inputs = [x.inputs[0], constant(x, 'kernel', 'weight')];
  if (p.bias) inputs.push(constant(x, 'bias', 'bias'));
  return x.b.node('Conv', inputs, x.node.id, convAttributes(p, p.groups));
}

/** A depthwise convolution is a Conv with one group per input channel (weight [C·m, 1, kh, kw]). */
function depthwise(x: OperatorInput): string {
  const p = x.node.params as unknown as ConvWindow & { bias: boolean };
  const inputs = [x.inputs[0], constant(x, 'depthwise_kernel', 'weight')];
  if (p.bias) inputs.push(constant(x, 'bias', 'bias'));
  return x.b.node('Conv', inputs, x.node.id, convAttributes(p, x.inputShapes[0][0]));
}

function pool(mode: 'max' | 'avg'): OperatorWriter {
  return (x) => {
    const p = x.node.params as unknown as PoolParams;
    const [, height, width] = x.inputShapes[0];
    return writePool(x.b, x.inputs[0], x.node.id, { mode, ...p, countIncludePad: p.countIncludePad ?? false, height, width });
  };
}

/** Adds the inputs left to right, as TF.js's add layer does. */
function sum(x: OperatorInput): string {
  if (x.inputs.length === 1) return x.inputs[0];
  return x.inputs.slice(1).reduce((acc, next, i) => x.b.node('Add', [acc, next], i === x.inputs.length - 2 ? x.node.id : `${x.node.id}_partial`), x.inputs[0]);
}

/**
 * The ONNX operators (opset 13) of every primitive node kind; composite blocks (ConvBNReLU,
 * Inception) arrive expanded into these. A kind missing here is refused by name.
 */
export const OPERATORS: Readonly<Record<string, OperatorWriter>> = {
  Input: () => GRAPH_INPUT,
  Conv2D: conv,
  DepthwiseConv2D: depthwise,
  BatchNorm: (x) =>
    x.b.node('BatchNormalization', [x.inputs[0], constant(x, 'gamma', 'scale'), constant(x, 'beta', 'bias'), constant(x, 'moving_mean', 'mean'), constant(x, 'moving_variance', 'var')], x.node.id, {
      epsilon: { float: x.node.params.eps as number },
    }),
  ReLU: (x) => x.b.node('Relu', x.inputs, x.node.id),
  // Opset 11+ Clip takes its bounds as scalar inputs.
  ReLU6: (x) => x.b.node('Clip', [x.inputs[0], x.b.floats(`${x.node.id}.min`, [], Float32Array.of(0)), x.b.floats(`${x.node.id}.max`, [], Float32Array.of(6))], x.node.id),
  Sigmoid: (x) => x.b.node('Sigmoid', x.inputs, x.node.id),
  MaxPool: pool('max'),
  AvgPool: pool('avg'),
  GlobalAvgPool: (x) => x.b.node('Flatten', [x.b.node('GlobalAveragePool', x.inputs, `${x.node.id}_1x1`)], x.node.id, { axis: 1 }),
  Concat: (x) => (x.inputs.length === 1 ? x.inputs[0] : x.b.node('Concat', x.inputs, x.node.id, { axis: 1 })),
  Add: sum,
  // NCHW flattens in C×H×W order, the order the Dense weights expect.
  Flatten: (x) => (x.inputShapes[0].length === 3 ? x.b.node('Flatten', x.inputs, x.node.id, { axis: 1 }) : x.inputs[0]),
  Dense: (x) => {
    const inputs = [x.inputs[0], constant(x, 'kernel', 'weight')];
    if (x.node.params.bias) inputs.push(constant(x, 'bias', 'bias'));
    return x.b.node('Gemm', inputs, x.node.id, { transB: 1 });
  },
  // Inference: dropout does nothing.
  Dropout: (x) => x.inputs[0],
  Output: (x) => x.b.node('Softmax', x.inputs, x.node.id, { axis: 1 }),
};
