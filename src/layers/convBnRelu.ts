import { defineLayer, type SubNode } from './define';
import { int, MAX_CHANNELS, MAX_KERNEL, padding } from './params';

/** The seed's `conv_relu`: Conv2d with bias, BatchNorm2d(eps=1e-3), ReLU. */
export const convBnReluLayer = defineLayer({
  kind: 'ConvBNReLU',
  title: 'ConvBNReLU',
  category: 'Blocks',
  description: 'Convolution with bias, then BatchNorm (eps 1e-3), then ReLU — the seed tutorial\'s conv_relu block.',
  params: {
    filters: int(64, 1, MAX_CHANNELS, 'Output channels'),
    kernel: int(3, 1, MAX_KERNEL, 'Kernel height and width', 'px'),
    stride: int(1, 1, MAX_KERNEL, 'Step between windows', 'px'),
    padding: padding(0, MAX_KERNEL, 'Zeros added on each side, or "same" to keep H×W (stride 1)'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.filters}, ${p.kernel}×${p.kernel}` + (p.stride > 1 ? ` /${p.stride}` : '') + (p.padding === 'same' ? ' same' : p.padding ? ` p${p.padding}` : ''),
  composite: true,
  expand: (id, p): SubNode[] => [
    { id: `${id}_conv`, kind: 'Conv2D', params: { filters: p.filters, kernel: p.kernel, stride: p.stride, padding: p.padding, bias: true }, inputs: ['$in'] },
    { id: `${id}_bn`, kind: 'BatchNorm', params: { eps: 1e-3 }, inputs: [`${id}_conv`] },
    { id: `${id}_relu`, kind: 'ReLU', params: {}, inputs: [`${id}_bn`] },
  ],
});
