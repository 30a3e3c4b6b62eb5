import { windowSummary, paddingSummary } from './conv2d';
import { convOutputSize } from './convGeometry';
import { convInput } from './convPadding';
import { defineLayer, requireSpatial } from './define';
import { axes, bool, int, MAX_KERNEL, padding, perAxis } from './params';
import { dilationArg, paddingArg, pyAxes, strideArg } from './pythonText';
import { VECTOR, type TensorLayout } from './torchSide';

/**
 * Depthwise kernels: PyTorch [cin·m, 1, kh, kw] (output channel c·m + j), TF.js [kh, kw, cin, m];
 * PyTorch's tensor seen as [cin, m, kh, kw] is TF.js's with its axes reordered.
 */
const depthwiseKernel = (multiplier: number): TensorLayout => ({
  name: 'depthwise',
  view: ([out, , kh, kw]) => [out / multiplier, multiplier, kh, kw],
  order: [2, 3, 0, 1],
});

/** MobileNet's depthwise convolution: `depthMultiplier` filters per input channel, none across channels. */
export const depthwiseConv2dLayer = defineLayer({
  kind: 'DepthwiseConv2D',
  title: 'DepthwiseConv2D',
  category: 'Convolution',
  description: 'A depthwise convolution (MobileNet): each input channel gets its own filters (square or per axis), depthMultiplier of them; no mixing across channels.',
  params: {
    kernel: axes(3, 1, MAX_KERNEL, 'Kernel height and width: one number, or one per axis (1×7)', 'px'),
    stride: axes(1, 1, MAX_KERNEL, 'Step between windows, one number or one per axis', 'px'),
    padding: padding(1, MAX_KERNEL, 'Zeros added on each side, per axis (0,3), or "same" to keep H×W (stride 1)'),
    dilation: axes(1, 1, 64, 'Spacing between kernel taps, one number or one per axis'),
    depthMultiplier: int(1, 1, 256, 'Output channels per input channel'),
    bias: bool(true, 'Learn a bias per output channel'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${windowSummary(p)}` + (p.depthMultiplier > 1 ? ` ×${p.depthMultiplier}` : '') + paddingSummary(p.padding),
  inferShape: (inputs, p) => {
    const [c, h, w] = requireSpatial(inputs[0]);
    return [c * p.depthMultiplier, ...convOutputSize(h, w, p)];
  },
  counts: (_inputs, p, out) => {
    const [kh, kw] = perAxis(p.kernel);
    const weights = kh * kw * out[0];
    return { trainable: weights + (p.bias ? out[0] : 0), nonTrainable: 0, macs: weights * out[1] * out[2] };
  },
  build: (ctx, [x], p) => {
    const { input, padding: tfPadding } = convInput(ctx, x, p);
    const window = { kernel: perAxis(p.kernel), stride: perAxis(p.stride), dilation: perAxis(p.dilation) };
    return ctx.depthwiseConv(input, { ...window, padding: tfPadding, depthMultiplier: p.depthMultiplier, useBias: p.bias, seed: ctx.seed() }, ctx.name());
  },
  torch: {
    module: ([input], p) =>
      `nn.Conv2d(${input[0]}, ${input[0] * p.depthMultiplier}, ${pyAxes(p.kernel)}${strideArg(p.stride, 1)}${paddingArg(p.padding)}` +
      `${dilationArg(p.dilation)}, groups=${input[0]}${p.bias ? '' : ', bias=False'})`,
    tensors: ([input], p) => {
      const out = input[0] * p.depthMultiplier;
      return [
        { torch: 'weight', tfjs: 'depthwise_kernel', layout: depthwiseKernel(p.depthMultiplier), shape: [out, 1, ...perAxis(p.kernel)] },
        ...(p.bias ? [{ torch: 'bias', tfjs: 'bias', layout: VECTOR, shape: [out] }] : []),
      ];
    },
  },
});
