import { checkGroups, convOutputSize } from './convGeometry';
import { convInput } from './convPadding';
import { defineLayer, requireSpatial } from './define';
import { axes, axesText, bool, int, MAX_CHANNELS, MAX_KERNEL, padding, perAxis } from './params';
import { dilationArg, paddingArg, pyAxes, strideArg } from './pythonText';
import { CONV_KERNEL, VECTOR } from './torchSide';

/** `, p1`, `, p0×3`, ` same`, or nothing for no padding: the padding on a node. */
export const paddingSummary = (p: number | 'same' | readonly [number, number]): string =>
  p === 'same' ? ' same' : axesText(p) === '0' ? '' : ` p${axesText(p)}`;

/** `3×3`, `1×7`, ` /2`: the window on a node. */
export const windowSummary = (p: { kernel: number | readonly [number, number]; stride: number | readonly [number, number] }): string => {
  // A field's text that is no number yet (the editor keeps it to show the error) is shown as it was typed.
  const [kh, kw] = typeof p.kernel === 'string' ? [p.kernel, p.kernel] : perAxis(p.kernel);
  return `${kh}×${kw}` + (axesText(p.stride) !== '1' ? ` /${axesText(p.stride)}` : '');
};

export const conv2dLayer = defineLayer({
  kind: 'Conv2D',
  title: 'Conv2D',
  category: 'Convolution',
  description: 'A 2-D convolution: learns `filters` feature detectors of size kernel (square, or per axis such as 1×7), optionally in groups.',
  params: {
    filters: int(64, 1, MAX_CHANNELS, 'Output channels'),
    kernel: axes(3, 1, MAX_KERNEL, 'Kernel height and width: one number, or one per axis (1×7)', 'px'),
    stride: axes(1, 1, MAX_KERNEL, 'Step between windows, one number or one per axis', 'px'),
    padding: padding(0, MAX_KERNEL, 'Zeros added on each side, per axis (0,3), or "same" to keep H×W (stride 1)'),
    dilation: axes(1, 1, 64, 'Spacing between kernel taps, one number or one per axis'),
    groups: int(1, 1, MAX_CHANNELS, 'Channel groups convolved apart (ResNeXt); must divide the input and output channels; = input channels is depthwise'),
    bias: bool(true, 'Learn a bias per output channel'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.filters}, ${windowSummary(p)}${paddingSummary(p.padding)}` + (p.groups > 1 ? ` g${p.groups}` : ''),
  inferShape: (inputs, p) => {
    const [c, h, w] = requireSpatial(inputs[0]);
    checkGroups(p.groups, c, p.filters);
    return [p.filters, ...convOutputSize(h, w, p)];
  },
  counts: (inputs, p, out) => {
    // A field's text that is no number yet (the editor keeps it to show the error) is shown as it was typed.
  const [kh, kw] = typeof p.kernel === 'string' ? [p.kernel, p.kernel] : perAxis(p.kernel);
    const weights = kh * kw * (inputs[0][0] / p.groups) * p.filters;
    return { trainable: weights + (p.bias ? p.filters : 0), nonTrainable: 0, macs: weights * out[1] * out[2] };
  },
  build: (ctx, [x], p) => {
    const { tf } = ctx;
    const { input, padding: tfPadding } = convInput(ctx, x, p);
    const window = { kernel: perAxis(p.kernel), stride: perAxis(p.stride), dilation: perAxis(p.dilation) };
    if (p.groups > 1) {
      return ctx.groupedConv(input, { ...window, filters: p.filters, padding: tfPadding, groups: p.groups, useBias: p.bias, seed: ctx.seed() }, ctx.name());
    }
    return tf.layers.conv2d({
      filters: p.filters,
      kernelSize: window.kernel,
      strides: window.stride,
      dilationRate: window.dilation,
      padding: tfPadding,
      useBias: p.bias,
      kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed() }),
      name: ctx.name(),
    }).apply(input) as typeof x;
  },
  torch: {
    module: ([input], p) =>
      `nn.Conv2d(${input[0]}, ${p.filters}, ${pyAxes(p.kernel)}${strideArg(p.stride, 1)}${paddingArg(p.padding)}` +
      `${dilationArg(p.dilation)}${p.groups !== 1 ? `, groups=${p.groups}` : ''}${p.bias ? '' : ', bias=False'})`,
    tensors: ([input], p) => [
      { torch: 'weight', tfjs: 'kernel', layout: CONV_KERNEL, shape: [p.filters, input[0] / p.groups, ...perAxis(p.kernel)] },
      ...(p.bias ? [{ torch: 'bias', tfjs: 'bias', layout: VECTOR, shape: [p.filters] }] : []),
    ],
  },
});
