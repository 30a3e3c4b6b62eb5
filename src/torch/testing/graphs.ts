import { parseGraph } from '../../graph/schema';
import type { GraphDoc, ParamValue } from '../../graph/types';

/** One node for `graphOf`: id, kind, params and the ids feeding it, in slot order. */
export type NodeSpec = [id: string, kind: string, params: Record<string, ParamValue>, inputs: string[]];

/** A parsed design from a compact list of nodes; edges follow the inputs. */
export function graphOf(name: string, specs: NodeSpec[]): GraphDoc {
  const parsed = parseGraph({
    format: 'inception-studio.graph',
    version: 2,
    name,
    nodes: specs.map(([id, kind, params], i) => ({ id, kind, params, position: { x: 0, y: i * 100 } })),
    edges: specs.flatMap(([id, , , inputs]) => inputs.map((source, slot) => ({ id: `${source}_${id}_${slot}`, source, target: id, targetSlot: slot }))),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.graph;
}

/**
 * Every node kind in one small design, with ids that are Python keywords, builtins or nn.Module
 * attributes (`class`, `type`, `train`, `x`), odd pooling (ceil mode, padding, no pad counting),
 * `same` padding with an even kernel, dilation, branches joined by Concat and Add, depthwise
 * convolutions (strided with a depth multiplier; `same` with an even kernel and no bias; a window per axis),
 * windows per axis (1×3 and 3×1 kernels, per-axis padding, stride and dilation, a bias-free ConvBNReLU),
 * grouped convolutions (2 and 3 groups; groups = channels, i.e. depthwise with a multiplier), Inception-v3's
 * five blocks (the 1×7/7×1 and 1×3 ‖ 3×1 factorizations, both grid reductions), BatchNorm on
 * flat features, ReLU6, Sigmoid, SiLU, HardSigmoid, Hardswish, GELU in both forms, a squeeze-excitation
 * block of each activation and gate, a channel gate (Multiply of C×H×W by C×1×1 from a GlobalAvgPool
 * that keeps its dimensions) and a same-shape Multiply, LayerNorm over channels and over flat features,
 * LayerScale, a ChannelShuffle of 3 groups, a channel split (two ChannelSlices, joined in the other order), and a final Output.
 */
export function zooGraph(): GraphDoc {
  return graphOf('Every kind "zoo"', [
    ['input', 'Input', { height: 25, width: 21, channels: 3 }, []],
    ['train', 'Conv2D', { filters: 6, kernel: 3, stride: 2, padding: 1, bias: false }, ['input']],
    ['class', 'BatchNorm', { eps: 1e-3, momentum: 0.2 }, ['train']],
    ['x', 'ReLU', {}, ['class']],
    ['type', 'MaxPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true }, ['x']],
    ['avg', 'AvgPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }, ['x']],
    ['cat', 'Concat', {}, ['type', 'avg']],
    ['same', 'Conv2D', { filters: 12, kernel: 4, padding: 'same' }, ['cat']],
    ['dil', 'Conv2D', { filters: 12, kernel: 3, padding: 2, dilation: 2 }, ['cat']],
    ['res', 'Add', {}, ['cat', 'same', 'dil']],
    ['r6', 'ReLU6', {}, ['res']],
    ['dw', 'DepthwiseConv2D', { kernel: 3, stride: 2, padding: 1, depthMultiplier: 2 }, ['r6']],
    ['dw_same', 'DepthwiseConv2D', { kernel: 2, padding: 'same', bias: false }, ['dw']],
    ['dw_axes', 'DepthwiseConv2D', { kernel: [1, 3], padding: [0, 2], dilation: [1, 2] }, ['dw_same']],
    ['blk', 'ConvBNReLU', { filters: 8, kernel: 3, stride: 1, padding: 1 }, ['dw_axes']],
    ['silu', 'SiLU', {}, ['blk']],
    ['se', 'SqueezeExcitation', { channels: 8, squeeze: 3, activation: 'SiLU', gate: 'Sigmoid' }, ['silu']],
    ['hswish', 'Hardswish', {}, ['se']],
    ['se_hard', 'SqueezeExcitation', { channels: 8, squeeze: 2, activation: 'ReLU', gate: 'HardSigmoid' }, ['hswish']],
    ['squeeze', 'GlobalAvgPool', { keepDims: true }, ['se_hard']],
    ['excite', 'Conv2D', { filters: 8, kernel: 1 }, ['squeeze']],
    ['hsig', 'HardSigmoid', {}, ['excite']],
    ['gated', 'Multiply', {}, ['hsig', 'se_hard']],
    ['ln', 'LayerNorm', {}, ['gated']],
    ['scale', 'LayerScale', {}, ['ln']],
    ['gelu', 'GELU', {}, ['scale']],
    ['gelu_tanh', 'GELU', { approximate: 'tanh' }, ['gated']],
    ['product', 'Multiply', {}, ['gelu', 'gelu_tanh']],
    ['fac', 'ConvBNReLU', { filters: 8, kernel: [1, 3], padding: [0, 1], bias: false }, ['product']],
    ['grp', 'Conv2D', { filters: 6, kernel: [3, 1], padding: [1, 0], groups: 2 }, ['fac']],
    ['grp_dil', 'Conv2D', { filters: 6, kernel: [2, 3], padding: [1, 2], dilation: [1, 2], groups: 3, bias: false }, ['grp']],
    ['grp_stride', 'Conv2D', { filters: 6, kernel: [3, 2], stride: [2, 1], padding: [1, 0], groups: 2 }, ['grp_dil']],
    ['grp_dw', 'Conv2D', { filters: 12, kernel: 3, padding: 1, groups: 6 }, ['grp_stride']],
    ['shuffle', 'ChannelShuffle', { groups: 3 }, ['grp_dw']],
    ['half_a', 'ChannelSlice', { start: 0, channels: 5 }, ['shuffle']],
    ['half_b', 'ChannelSlice', { start: 5, channels: 7 }, ['shuffle']],
    ['halves', 'Concat', {}, ['half_b', 'half_a']],
    ['v3a', 'InceptionA', { out1x1: 2, reduce5x5: 3, out5x5: 4, reduce3x3dbl: 2, out3x3dbl: 3, poolProj: 2 }, ['x']],
    ['v3b', 'InceptionB', { out3x3: 4, reduce3x3dbl: 2, out3x3dbl: 3 }, ['v3a']],
    ['v3c', 'InceptionC', { out1x1: 2, channels7x7: 3, out7x7: 4, out7x7dbl: 2, poolProj: 3 }, ['v3b']],
    ['v3d', 'InceptionD', { reduce3x3: 2, out3x3: 3, channels7x7: 2, out7x7x3: 4 }, ['v3c']],
    ['v3e', 'InceptionE', { out1x1: 2, reduce3x3: 3, out3x3: 2, reduce3x3dbl: 3, mid3x3dbl: 4, out3x3dbl: 2, poolProj: 3 }, ['v3d']],
    ['v3gap', 'GlobalAvgPool', {}, ['v3e']],
    ['inc', 'Inception', { out1x1: 2, reduce3x3: 3, out3x3: 4, reduce5x5: 2, out5x5: 3, poolProj: 2 }, ['halves']],
    ['gap', 'GlobalAvgPool', {}, ['inc']],
    ['flat', 'Flatten', {}, ['inc']],
    ['join', 'Concat', {}, ['gap', 'flat', 'v3gap']],
    ['fc1', 'Dense', { units: 7 }, ['join']],
    ['bn1', 'BatchNorm', {}, ['fc1']],
    ['ln_flat', 'LayerNorm', { eps: 1e-5 }, ['bn1']],
    ['sig', 'Sigmoid', {}, ['ln_flat']],
    ['drop', 'Dropout', { rate: 0.3 }, ['sig']],
    ['fc', 'Dense', { units: 5, bias: false }, ['drop']],
    ['out', 'Output', {}, ['fc']],
  ]);
}
