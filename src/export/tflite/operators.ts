import { convAxes, type ConvWindow } from '../../layers/convGeometry';
import type { TensorRef } from './builder';
import { depthwiseKernel, ohwiKernel, outputChannels } from './layout';
import { writePool } from './pooling';
import { add, concat, mean, mul, pad, reshape, scalar, softmax, sub, transpose, type OperatorInput, type OperatorWriter } from './primitives';
import { Activation, Op, Options, Padding, Slot } from './schema';

interface ConvParams extends ConvWindow { groups?: number; bias?: boolean }

function biasOf(x: OperatorInput, channels: number): Float32Array {
  return x.node.params.bias === false ? new Float32Array(channels) : x.weight('bias').data;
}

function convOptions(stride: number[], dilation: number[]) {
  const s = Slot.Conv2D;
  return {
    union: Options.Conv2D,
    fields: [
      { slot: s.padding, byte: Padding.VALID }, { slot: s.strideW, int32: stride[1] }, { slot: s.strideH, int32: stride[0] },
      { slot: s.activation, byte: Activation.NONE }, { slot: s.dilationW, int32: dilation[1] }, { slot: s.dilationH, int32: dilation[0] },
    ],
  };
}

/**
 * A convolution as explicit PAD and a VALID CONV_2D (PyTorch pads symmetrically, TFLite's SAME does
 * not); grouped convolutions as one CONV_2D per group on a SLICE of the channels, concatenated.
 */
function conv(x: OperatorInput): TensorRef {
  const p = x.node.params as unknown as ConvParams;
  const { stride, dilation, before, after } = convAxes(p);
  const { b, node } = x;
  const padded = pad(b, x.inputs[0], node.id, before, after);
  const kernel = ohwiKernel(x.weight('kernel'));
  const bias = biasOf(x, kernel.shape[0]);
  const groups = p.groups ?? 1;
  const options = convOptions(stride, dilation);
  if (groups === 1) {
    return b.op(Op.CONV_2D, [padded, b.floats(`${node.id}.kernel`, kernel.shape, kernel.data), b.floats(`${node.id}.bias`, [bias.length], bias)], node.id, x.shape, options);
  }
  const [n, h, w, c] = padded.shape;
  const inPer = c / groups;
  const outPer = kernel.shape[0] / groups;
  const parts = Array.from({ length: groups }, (_, g) => {
    const slice = b.op(Op.SLICE, [padded, b.int32s(`${node.id}.g${g}_begin`, [4], [0, 0, 0, g * inPer]), b.int32s(`${node.id}.g${g}_size`, [4], [n, h, w, inPer])], `${node.id}_g${g}_in`, [n, h, w, inPer]);
    const k = outputChannels(kernel, g * outPer, (g + 1) * outPer);
    const weights = b.floats(`${node.id}.g${g}_kernel`, k.shape, k.data);
    const biasPart = b.floats(`${node.id}.g${g}_bias`, [outPer], bias.slice(g * outPer, (g + 1) * outPer));
    return b.op(Op.CONV_2D, [slice, weights, biasPart], `${node.id}_g${g}`, [...x.shape.slice(0, 3), outPer], options);
  });
  return concat(b, parts, node.id, x.shape);
}

function depthwise(x: OperatorInput): TensorRef {
  const p = x.node.params as unknown as ConvParams;
  const { stride, dilation, before, after } = convAxes(p);
  const { b, node } = x;
  const padded = pad(b, x.inputs[0], node.id, before, after);
  const kernel = depthwiseKernel(x.weight('depthwise_kernel'));
  const bias = biasOf(x, kernel.shape[3]);
  const s = Slot.DepthwiseConv2D;
  const options = {
    union: Options.DepthwiseConv2D,
    fields: [
      { slot: s.padding, byte: Padding.VALID }, { slot: s.strideW, int32: stride[1] }, { slot: s.strideH, int32: stride[0] },
      { slot: s.depthMultiplier, int32: kernel.shape[3] / padded.shape[3] }, { slot: s.activation, byte: Activation.NONE },
      { slot: s.dilationW, int32: dilation[1] }, { slot: s.dilationH, int32: dilation[0] },
    ],
  };
  return b.op(Op.DEPTHWISE_CONV_2D, [padded, b.floats(`${node.id}.kernel`, kernel.shape, kernel.data), b.floats(`${node.id}.bias`, [bias.length], bias)], node.id, x.shape, options);
}





/** A per-channel vector broadcast along the last axis (channels in NHWC, features when flat). */
const perChannel = (x: OperatorInput, role: string, suffix: string): TensorRef => {
  const t = x.weight(role);
  return x.b.floats(`${x.node.id}.${suffix}`, [t.data.length], t.data);
};

/** Inference BatchNorm as a per-channel MUL and ADD: x·γ/√(σ²+ε) + (β − μ·γ/√(σ²+ε)). */
function batchNorm(x: OperatorInput): TensorRef {
  const [gamma, beta, mu, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((r) => x.weight(r).data);
  const eps = x.node.params.eps as number;
  const scale = gamma.map((g, i) => g / Math.sqrt(variance[i] + eps));
  const shift = beta.map((v, i) => v - mu[i] * scale[i]);
  const scaled = mul(x.b, x.inputs[0], x.b.floats(`${x.node.id}.scale`, [scale.length], scale), `${x.node.id}_scaled`);
  return add(x.b, scaled, x.b.floats(`${x.node.id}.shift`, [shift.length], shift), x.node.id);
}

/** LayerNorm over the channels (the last axis): (x − mean) / √(var + ε) · γ + β. */
function layerNorm(x: OperatorInput): TensorRef {
  const { b, node } = x;
  const axis = [x.inputs[0].shape.length - 1];
  const centred = sub(b, x.inputs[0], mean(b, x.inputs[0], `${node.id}_mean`, axis, true), `${node.id}_centred`);
  const variance = mean(b, mul(b, centred, centred, `${node.id}_square`), `${node.id}_variance`, axis, true);
  const inverse = b.op(Op.RSQRT, [add(b, variance, scalar(x, 'eps', node.params.eps as number), `${node.id}_plus_eps`)], `${node.id}_rstd`, variance.shape);
  const normalised = mul(b, centred, inverse, `${node.id}_normalised`, centred.shape);
  return add(b, mul(b, normalised, perChannel(x, 'gamma', 'gamma'), `${node.id}_scaled`), perChannel(x, 'beta', 'beta'), node.id);
}

/** PyTorch's hard sigmoid relu6(x + 3) / 6. */
function hardSigmoid(x: OperatorInput): TensorRef {
  const shifted = add(x.b, x.inputs[0], scalar(x, 'three', 3), `${x.node.id}_plus_3`);
  return mul(x.b, x.b.op(Op.RELU6, [shifted], `${x.node.id}_relu6`, x.shape), scalar(x, 'sixth', 1 / 6), x.node.id);
}

/** NCHW flattens in C×H×W order (the order the Dense weights expect): NHWC is transposed to NCHW first. */
function flatten(x: OperatorInput): TensorRef {
  const input = x.inputs[0];
  if (input.shape.length !== 4) return input;
  const spatial = input.shape[1] * input.shape[2] > 1 && input.shape[3] > 1;
  const ordered = spatial ? transpose(x.b, input, `${x.node.id}_nchw`, [0, 3, 1, 2]) : input;
  return reshape(x.b, ordered, x.node.id, x.shape);
}

/** N×H×W×C seen as N×H×W×g×(C/g), the two channel axes swapped, and back. */
function channelShuffle(x: OperatorInput): TensorRef {
  const [n, h, w, c] = x.inputs[0].shape;
  const g = x.node.params.groups as number;
  const grouped = reshape(x.b, x.inputs[0], `${x.node.id}_groups`, [n, h, w, g, c / g]);
  return reshape(x.b, transpose(x.b, grouped, `${x.node.id}_swap`, [0, 1, 2, 4, 3]), x.node.id, [n, h, w, c]);
}

function channelSlice(x: OperatorInput): TensorRef {
  const { start } = x.node.params as { start: number };
  const rank = x.shape.length;
  const begin = Array.from({ length: rank }, (_, a) => (a === rank - 1 ? start : 0));
  return x.b.op(Op.SLICE, [x.inputs[0], x.b.int32s(`${x.node.id}.begin`, [rank], begin), x.b.int32s(`${x.node.id}.size`, [rank], x.shape)], x.node.id, x.shape);
}

function dense(x: OperatorInput): TensorRef {
  const kernel = x.weight('kernel');
  const bias = biasOf(x, kernel.shape[0]);
  return x.b.op(
    Op.FULLY_CONNECTED,
    [x.inputs[0], x.b.floats(`${x.node.id}.kernel`, kernel.shape, kernel.data), x.b.floats(`${x.node.id}.bias`, [bias.length], bias)],
    x.node.id,
    x.shape,
    { union: Options.FullyConnected, fields: [{ slot: Slot.FullyConnected.activation, byte: Activation.NONE }] },
  );
}


const unary = (op: number): OperatorWriter => (x) => x.b.op(op, [x.inputs[0]], x.node.id, x.shape);

/**
 * The TFLite builtin operators of every primitive node kind (NHWC, batch 1); composite blocks
 * arrive expanded into these. A kind missing here is refused by name.
 */
export const OPERATORS: Readonly<Record<string, OperatorWriter>> = {
  Conv2D: conv,
  DepthwiseConv2D: depthwise,
  BatchNorm: batchNorm,
  ReLU: unary(Op.RELU),
  ReLU6: unary(Op.RELU6),
  Sigmoid: unary(Op.LOGISTIC),
  SiLU: (x) => mul(x.b, x.inputs[0], x.b.op(Op.LOGISTIC, [x.inputs[0]], `${x.node.id}_sigmoid`, x.shape), x.node.id),
  HardSigmoid: hardSigmoid,
  Hardswish: unary(Op.HARD_SWISH),
  GELU: (x) => x.b.op(Op.GELU, [x.inputs[0]], x.node.id, x.shape, { union: Options.Gelu, fields: [{ slot: Slot.Gelu.approximate, bool: x.node.params.approximate === 'tanh' }] }),
  Multiply: (x) => x.inputs.slice(1).reduce((acc, next, i) => mul(x.b, acc, next, i === x.inputs.length - 2 ? x.node.id : `${x.node.id}_partial`, x.shape), x.inputs[0]),
  LayerNorm: layerNorm,
  LayerScale: (x) => mul(x.b, x.inputs[0], perChannel(x, 'depthwise_kernel', 'scale'), x.node.id),
  MaxPool: (x) => writePool(x, 'max'),
  AvgPool: (x) => writePool(x, 'avg'),
  GlobalAvgPool: (x) => mean(x.b, x.inputs[0], x.node.id, [1, 2], Boolean(x.node.params.keepDims)),
  Concat: (x) => concat(x.b, x.inputs, x.node.id, x.shape),
  Add: (x) => x.inputs.slice(1).reduce((acc, next, i) => add(x.b, acc, next, i === x.inputs.length - 2 ? x.node.id : `${x.node.id}_partial`, x.shape), x.inputs[0]),
  Flatten: flatten,
  Dense: dense,
  ChannelShuffle: channelShuffle,
  ChannelSlice: channelSlice,
  // Inference: dropout does nothing.
  Dropout: (x) => x.inputs[0],
  Output: (x) => softmax(x.b, x.inputs[0], x.node.id),
};
