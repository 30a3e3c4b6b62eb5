import { paddingSummary, windowSummary } from './conv2d';
import { defineLayer, type SubNode } from './define';
import { axes, bool, int, MAX_CHANNELS, MAX_KERNEL, padding } from './params';
import { paddingArg, pyAxes, strideArg } from './pythonText';
import type { TorchHelper } from './torchSide';

/** The seed tutorial's `conv_relu`, verbatim: its Sequential holds the parts at `0`, `1` and `2`. */
const CONV_RELU: TorchHelper = {
  name: 'conv_relu',
  code: `def conv_relu(in_channel, out_channel, kernel, stride=1, padding=0):
    layer = nn.Sequential(
        nn.Conv2d(in_channel, out_channel, kernel, stride, padding),
        nn.BatchNorm2d(out_channel, eps=1e-3),
        nn.ReLU(True),
    )
    return layer`,
};

/** `conv_relu` with a convolution that has no bias (the BatchNorm's shift replaces it), as in Inception-v3. */
const CONV_BN_RELU: TorchHelper = {
  name: 'conv_bn_relu',
  code: `def conv_bn_relu(in_channel, out_channel, kernel, stride=1, padding=0):
    layer = nn.Sequential(
        nn.Conv2d(in_channel, out_channel, kernel, stride, padding, bias=False),
        nn.BatchNorm2d(out_channel, eps=1e-3),
        nn.ReLU(True),
    )
    return layer`,
};

/** The seed's `conv_relu`: Conv2d (with bias, or without as Inception-v3's), BatchNorm2d(eps=1e-3), ReLU. */
export const convBnReluLayer = defineLayer({
  kind: 'ConvBNReLU',
  title: 'ConvBNReLU',
  category: 'Blocks',
  description: 'Convolution (square or per axis, such as 1×7), then BatchNorm (eps 1e-3), then ReLU, as one block (conv_relu in the PyTorch code the app writes).',
  params: {
    filters: int(64, 1, MAX_CHANNELS, 'Output channels'),
    kernel: axes(3, 1, MAX_KERNEL, 'Kernel height and width: one number, or one per axis (1×7)', 'px'),
    stride: axes(1, 1, MAX_KERNEL, 'Step between windows, one number or one per axis', 'px'),
    padding: padding(0, MAX_KERNEL, 'Zeros added on each side, per axis (0,3), or "same" to keep H×W (stride 1)'),
    bias: bool(true, 'The convolution learns a bias (conv_relu); off as in Inception-v3, where BatchNorm shifts'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.filters}, ${windowSummary(p)}${paddingSummary(p.padding)}`,
  composite: true,
  expand: (id, p): SubNode[] => [
    { id: `${id}_conv`, kind: 'Conv2D', params: { filters: p.filters, kernel: p.kernel, stride: p.stride, padding: p.padding, bias: p.bias }, inputs: ['$in'], torchPath: '0' },
    { id: `${id}_bn`, kind: 'BatchNorm', params: { eps: 1e-3 }, inputs: [`${id}_conv`], torchPath: '1' },
    { id: `${id}_relu`, kind: 'ReLU', params: {}, inputs: [`${id}_bn`], torchPath: '2' },
  ],
  torch: {
    module: ([input], p) =>
      `${p.bias ? 'conv_relu' : 'conv_bn_relu'}(${input[0]}, ${p.filters}, ${pyAxes(p.kernel)}${strideArg(p.stride, 1)}${paddingArg(p.padding)})`,
    helpers: [CONV_RELU, CONV_BN_RELU],
    helpersUsed: (p) => [p.bias ? 'conv_relu' : 'conv_bn_relu'],
  },
});
