import type { PrimitiveNode } from '../../shapes/expand';
import { avgPoolLayer } from '../../layers/avgPool';
import { batchNormLayer } from '../../layers/batchNorm';
import { channelShuffleLayer } from '../../layers/channelShuffle';
import { channelSliceLayer } from '../../layers/channelSlice';
import { conv2dLayer } from '../../layers/conv2d';
import { convAxes, type ConvWindow } from '../../layers/convGeometry';
import type { PrimitiveLayer } from '../../layers/define';
import { denseLayer } from '../../layers/dense';
import { depthwiseConv2dLayer } from '../../layers/depthwiseConv2d';
import { geluLayer } from '../../layers/gelu';
import { globalAvgPoolLayer } from '../../layers/globalAvgPool';
import { layerNormLayer } from '../../layers/layerNorm';
import { maxPoolLayer } from '../../layers/maxPool';
import { resolveParams, type ParamSpecs, type ParamValues } from '../../layers/params';
import type { Shape } from '../../shapeMath/shape';
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

/** The parameters of `layer`, with its own types. */
type Params<L> = L extends PrimitiveLayer<infer S> ? ParamValues<S> : never;

/** A writer that reads the node's parameters with the types its layer declares. */
function withParams<S extends ParamSpecs>(layer: PrimitiveLayer<S>, write: (x: OperatorInput, p: ParamValues<S>) => string): OperatorWriter {
  return (x) => write(x, resolveParams(layer.params, x.node.params).values);
}

function constant(x: OperatorInput, role: string, suffix: string): string {
  const t = x.weight(role);
  return x.b.floats(`${x.node.id}.${suffix}`, t.shape, t.data);
}

/** The attributes of an ONNX Conv for a window given per axis or for both. */
function convAttributes(p: ConvWindow, group: number): Record<string, number[] | number> {
  const { kernel, stride, dilation, before, after } = convAxes(p);
  return { kernel_shape: kernel, strides: stride, dilations: dilation, pads: [...before, ...after], group };
}

function conv(x: OperatorInput, p: Params<typeof conv2dLayer>): string {
  const inputs = [x.inputs[0], constant(x, 'kernel', 'weight')];
  if (p.bias) inputs.push(constant(x, 'bias', 'bias'));
  return x.b.node('Conv', inputs, x.node.id, convAttributes(p, p.groups));
}

/** A depthwise convolution is a Conv with one group per input channel (weight [C·m, 1, kh, kw]). */
function depthwise(x: OperatorInput, p: Params<typeof depthwiseConv2dLayer>): string {
  const inputs = [x.inputs[0], constant(x, 'depthwise_kernel', 'weight')];
  if (p.bias) inputs.push(constant(x, 'bias', 'bias'));
  return x.b.node('Conv', inputs, x.node.id, convAttributes(p, x.inputShapes[0][0]));
}

function pool(x: OperatorInput, p: Params<typeof maxPoolLayer> & { countIncludePad?: boolean }, mode: 'max' | 'avg'): string {
  const [, height, width] = x.inputShapes[0];
  return writePool(x.b, x.inputs[0], x.node.id, { mode, ...p, countIncludePad: p.countIncludePad ?? false, height, width });
}

/** Adds the inputs left to right, as TF.js's add layer does. */
function sum(x: OperatorInput): string {
  if (x.inputs.length === 1) return x.inputs[0];
  return x.inputs.slice(1).reduce((acc, next, i) => x.b.node('Add', [acc, next], i === x.inputs.length - 2 ? x.node.id : `${x.node.id}_partial`), x.inputs[0]);
}

/** A float scalar initializer named after the node. */
const scalar = (x: OperatorInput, role: string, value: number): string => x.b.floats(`${x.node.id}.${role}`, [], Float32Array.of(value));

/** PyTorch's hard sigmoid relu6(x + 3) / 6 is ONNX's HardSigmoid with alpha 1/6, beta 1/2. */
const hardSigmoid = (x: OperatorInput, output: string): string =>
  x.b.node('HardSigmoid', [x.inputs[0]], output, { alpha: { float: 1 / 6 }, beta: { float: 0.5 } });

/** GELU from opset-13 operators: x · ½(1 + erf(x/√2)), or PyTorch's tanh form ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
function gelu(x: OperatorInput, p: Params<typeof geluLayer>): string {
  const { b, node } = x;
  const input = x.inputs[0];
  let inner: string;
  if (p.approximate === 'tanh') {
    const cube = b.node('Mul', [b.node('Mul', [input, input], `${node.id}_square`), input], `${node.id}_cube`);
    const poly = b.node('Add', [input, b.node('Mul', [cube, scalar(x, 'coefficient', 0.044715)], `${node.id}_cubic`)], `${node.id}_poly`);
    inner = b.node('Tanh', [b.node('Mul', [poly, scalar(x, 'scale', Math.sqrt(2 / Math.PI))], `${node.id}_scaled`)], `${node.id}_tanh`);
  } else {
    inner = b.node('Erf', [b.node('Div', [input, scalar(x, 'sqrt2', Math.SQRT2)], `${node.id}_scaled`)], `${node.id}_erf`);
  }
  const half = b.node('Mul', [b.node('Add', [inner, scalar(x, 'one', 1)], `${node.id}_plus_one`), scalar(x, 'half', 0.5)], `${node.id}_half`);
  return b.node('Mul', [input, half], node.id);
}

/** A per-channel vector as N×C×1×1-broadcastable [C, 1, 1] (flat N×F inputs: [F]). */
function perChannel(x: OperatorInput, role: string, suffix: string): string {
  const t = x.weight(role);
  const c = t.data.length;
  return x.b.floats(`${x.node.id}.${suffix}`, x.inputShapes[0].length === 3 ? [c, 1, 1] : [c], t.data);
}

/** LayerNorm over axis 1 (channels, or flat features) from opset-13 operators (LayerNormalization is opset 17). */
function layerNorm(x: OperatorInput, p: Params<typeof layerNormLayer>): string {
  const { b, node } = x;
  const input = x.inputs[0];
  const mean = (t: string, name: string) => b.node('ReduceMean', [t], `${node.id}_${name}`, { axes: [1], keepdims: 1 });
  const centred = b.node('Sub', [input, mean(input, 'mean')], `${node.id}_centred`);
  const variance = mean(b.node('Mul', [centred, centred], `${node.id}_square`), 'variance');
  const std = b.node('Sqrt', [b.node('Add', [variance, scalar(x, 'eps', p.eps)], `${node.id}_plus_eps`)], `${node.id}_std`);
  const scaled = b.node('Mul', [b.node('Div', [centred, std], `${node.id}_normalised`), perChannel(x, 'gamma', 'weight')], `${node.id}_scaled`);
  return b.node('Add', [scaled, perChannel(x, 'beta', 'bias')], node.id);
}

/** N×C×H×W seen as N×g×(C/g)×H×W, the two channel axes swapped, and back to N×C×H×W. */
function channelShuffle(x: OperatorInput, { groups }: Params<typeof channelShuffleLayer>): string {
  const { b, node } = x;
  const [c, h, w] = x.inputShapes[0];
  const grouped = b.node('Reshape', [x.inputs[0], b.int64s(`${node.id}.groups_shape`, [-1, groups, c / groups, h, w])], `${node.id}_groups`);
  const swapped = b.node('Transpose', [grouped], `${node.id}_swap`, { perm: [0, 2, 1, 3, 4] });
  return b.node('Reshape', [swapped, b.int64s(`${node.id}.shape`, [-1, c, h, w])], node.id);
}

/**
 * The ONNX operators (opset 13) of every primitive node kind; composite blocks (ConvBNReLU,
 * Inception) arrive expanded into these. A kind missing here is refused by name.
 */
export const OPERATORS: Readonly<Record<string, OperatorWriter>> = {
  Input: () => GRAPH_INPUT,
  Conv2D: withParams(conv2dLayer, conv),
  DepthwiseConv2D: withParams(depthwiseConv2dLayer, depthwise),
  BatchNorm: withParams(batchNormLayer, (x, p) =>
    x.b.node('BatchNormalization', [x.inputs[0], constant(x, 'gamma', 'scale'), constant(x, 'beta', 'bias'), constant(x, 'moving_mean', 'mean'), constant(x, 'moving_variance', 'var')], x.node.id, {
      epsilon: { float: p.eps },
    })),
  ReLU: (x) => x.b.node('Relu', x.inputs, x.node.id),
  // Opset 11+ Clip takes its bounds as scalar inputs.
  ReLU6: (x) => x.b.node('Clip', [x.inputs[0], x.b.floats(`${x.node.id}.min`, [], Float32Array.of(0)), x.b.floats(`${x.node.id}.max`, [], Float32Array.of(6))], x.node.id),
  Sigmoid: (x) => x.b.node('Sigmoid', x.inputs, x.node.id),
  // Opset 13 has no SiLU, HardSwish (14) or Gelu (20): each is written as its formula.
  SiLU: (x) => x.b.node('Mul', [x.inputs[0], x.b.node('Sigmoid', x.inputs, `${x.node.id}_sigmoid`)], x.node.id),
  HardSigmoid: (x) => hardSigmoid(x, x.node.id),
  Hardswish: (x) => x.b.node('Mul', [x.inputs[0], hardSigmoid(x, `${x.node.id}_gate`)], x.node.id),
  GELU: withParams(geluLayer, gelu),
  Multiply: (x) => x.b.node('Mul', x.inputs, x.node.id),
  LayerNorm: withParams(layerNormLayer, layerNorm),
  LayerScale: (x) => x.b.node('Mul', [x.inputs[0], perChannel(x, 'depthwise_kernel', 'scale')], x.node.id),
  MaxPool: withParams(maxPoolLayer, (x, p) => pool(x, p, 'max')),
  AvgPool: withParams(avgPoolLayer, (x, p) => pool(x, p, 'avg')),
  GlobalAvgPool: withParams(globalAvgPoolLayer, (x, p) =>
    p.keepDims
      ? x.b.node('GlobalAveragePool', x.inputs, x.node.id)
      : x.b.node('Flatten', [x.b.node('GlobalAveragePool', x.inputs, `${x.node.id}_1x1`)], x.node.id, { axis: 1 })),
  Concat: (x) => (x.inputs.length === 1 ? x.inputs[0] : x.b.node('Concat', x.inputs, x.node.id, { axis: 1 })),
  Add: sum,
  // NCHW flattens in C×H×W order, the order the Dense weights expect.
  Flatten: (x) => (x.inputShapes[0].length === 3 ? x.b.node('Flatten', x.inputs, x.node.id, { axis: 1 }) : x.inputs[0]),
  Dense: withParams(denseLayer, (x, p) => {
    const inputs = [x.inputs[0], constant(x, 'kernel', 'weight')];
    if (p.bias) inputs.push(constant(x, 'bias', 'bias'));
    return x.b.node('Gemm', inputs, x.node.id, { transB: 1 });
  }),
  ChannelShuffle: withParams(channelShuffleLayer, channelShuffle),
  ChannelSlice: withParams(channelSliceLayer, (x, { start, channels }) => {
    const at = (suffix: string, v: number) => x.b.int64s(`${x.node.id}.${suffix}`, [v]);
    return x.b.node('Slice', [x.inputs[0], at('starts', start), at('ends', start + channels), at('axes', 1)], x.node.id);
  }),
  // Inference: dropout does nothing.
  Dropout: (x) => x.inputs[0],
  Output: (x) => x.b.node('Softmax', x.inputs, x.node.id, { axis: 1 }),
};
