import { parseGraph } from '../../graph/schema';
import type { GraphDoc } from '../../graph/types';

/** One node for `graphOf`: id, kind, params and the ids feeding it, in slot order. */
export type NodeSpec = [id: string, kind: string, params: Record<string, number | string | boolean>, inputs: string[]];

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
 * convolutions (strided with a depth multiplier; `same` with an even kernel and no bias), BatchNorm on
 * flat features, ReLU6, Sigmoid, SiLU, HardSigmoid, Hardswish, GELU in both forms, a squeeze-excitation
 * block of each activation and gate, a channel gate (Multiply of C×H×W by C×1×1 from a GlobalAvgPool
 * that keeps its dimensions) and a same-shape Multiply, LayerNorm over channels and over flat features,
 * LayerScale, and a final Output.
 */
export function zooGraph(): GraphDoc {
  return graphOf('Every kind "zoo"', [
    ['input', 'Input', { height: 13, width: 11, channels: 3 }, []],
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
    ['blk', 'ConvBNReLU', { filters: 8, kernel: 3, stride: 1, padding: 1 }, ['dw_same']],
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
    ['inc', 'Inception', { out1x1: 2, reduce3x3: 3, out3x3: 4, reduce5x5: 2, out5x5: 3, poolProj: 2 }, ['product']],
    ['gap', 'GlobalAvgPool', {}, ['inc']],
    ['flat', 'Flatten', {}, ['inc']],
    ['join', 'Concat', {}, ['gap', 'flat']],
    ['fc1', 'Dense', { units: 7 }, ['join']],
    ['bn1', 'BatchNorm', {}, ['fc1']],
    ['ln_flat', 'LayerNorm', { eps: 1e-5 }, ['bn1']],
    ['sig', 'Sigmoid', {}, ['ln_flat']],
    ['drop', 'Dropout', { rate: 0.3 }, ['sig']],
    ['fc', 'Dense', { units: 5, bias: false }, ['drop']],
    ['out', 'Output', {}, ['fc']],
  ]);
}
