import type { AxisPair } from '../graph/types';
import type { SubNode } from './define';
import { int, MAX_CHANNELS } from './params';

/** A channel-count param of an Inception-v3 block. */
export const channels = (d: number, help: string) => int(d, 1, MAX_CHANNELS, help);

/**
 * The sub-node factory of one Inception-v3 block: `conv` is torchvision's BasicConv2d (a ConvBNReLU whose
 * convolution has no bias, BatchNorm eps 1e-3), pools have no module (the block's `forward` computes them).
 */
export function v3Parts(id: string) {
  const conv = (
    name: string,
    filters: number,
    kernel: number | AxisPair,
    from: string,
    window: { stride?: number; padding?: number | AxisPair } = {},
  ): SubNode => ({
    id: `${id}_${name}`,
    kind: 'ConvBNReLU',
    params: { filters, kernel, stride: window.stride ?? 1, padding: window.padding ?? 0, bias: false },
    inputs: [from === '$in' ? '$in' : `${id}_${from}`],
    torchPath: name,
  });
  /** `F.avg_pool2d(x, 3, stride=1, padding=1)`: PyTorch counts the padded zeros. */
  const avgPool = (name: string): SubNode => ({
    id: `${id}_${name}`,
    kind: 'AvgPool',
    params: { kernel: 3, stride: 1, padding: 1, ceilMode: false, countIncludePad: true },
    inputs: ['$in'],
    torchPath: '',
  });
  /** `F.max_pool2d(x, 3, stride=2)`: the grid reductions' pooling branch. */
  const maxPool = (name: string): SubNode => ({
    id: `${id}_${name}`,
    kind: 'MaxPool',
    params: { kernel: 3, stride: 2, padding: 0, ceilMode: false },
    inputs: ['$in'],
    torchPath: '',
  });
  const concat = (parts: string[]): SubNode => ({ id: `${id}_concat`, kind: 'Concat', params: {}, inputs: parts.map((p) => `${id}_${p}`), torchPath: '' });
  return { conv, avgPool, maxPool, concat };
}
