import { convOutputLength } from '../shapes/convMath';
import { convInput } from './convPadding';
import { defineLayer, requireSpatial, ShapeError } from './define';
import { bool, int, MAX_CHANNELS, MAX_KERNEL, padding } from './params';
import { paddingArg, strideArg } from './pythonText';
import { CONV_KERNEL, VECTOR } from './torchSide';

export const conv2dLayer = defineLayer({
  kind: 'Conv2D',
  title: 'Conv2D',
  category: 'Convolution',
  description: 'A 2-D convolution: learns `filters` feature detectors of size kernel×kernel.',
  params: {
    filters: int(64, 1, MAX_CHANNELS, 'Output channels'),
    kernel: int(3, 1, MAX_KERNEL, 'Kernel height and width', 'px'),
    stride: int(1, 1, MAX_KERNEL, 'Step between windows', 'px'),
    padding: padding(0, MAX_KERNEL, 'Zeros added on each side, or "same" to keep H×W (stride 1)'),
    dilation: int(1, 1, 64, 'Spacing between kernel taps'),
    bias: bool(true, 'Learn a bias per output channel'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.filters}, ${p.kernel}×${p.kernel}` + (p.stride > 1 ? ` /${p.stride}` : '') + (p.padding === 'same' ? ' same' : p.padding ? ` p${p.padding}` : ''),
  inferShape: (inputs, p) => {
    const [, h, w] = requireSpatial(inputs[0]);
    return [p.filters, ...convOutputSize(h, w, p)];
  },
  counts: (inputs, p, out) => {
    const cin = inputs[0][0];
    const weights = p.kernel * p.kernel * cin * p.filters;
    return { trainable: weights + (p.bias ? p.filters : 0), nonTrainable: 0, macs: weights * out[1] * out[2] };
  },
  build: (ctx, [x], p) => {
    const { tf } = ctx;
    const { input, padding: tfPadding } = convInput(ctx, x, p);
    return tf.layers.conv2d({
      filters: p.filters,
      kernelSize: p.kernel,
      strides: p.stride,
      dilationRate: p.dilation,
      padding: tfPadding,
      useBias: p.bias,
      kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed() }),
      name: ctx.name(),
    }).apply(input) as typeof x;
  },
  torch: {
    module: ([input], p) =>
      `nn.Conv2d(${input[0]}, ${p.filters}, ${p.kernel}${strideArg(p.stride, 1)}${paddingArg(p.padding)}` +
      `${p.dilation !== 1 ? `, dilation=${p.dilation}` : ''}${p.bias ? '' : ', bias=False'})`,
    tensors: ([input], p) => [
      { torch: 'weight', tfjs: 'kernel', layout: CONV_KERNEL, shape: [p.filters, input[0], p.kernel, p.kernel] },
      ...(p.bias ? [{ torch: 'bias', tfjs: 'bias', layout: VECTOR, shape: [p.filters] }] : []),
    ],
  },
});

/** H×W after a convolution, with the errors a user can fix named by field. */
export function convOutputSize(
  h: number,
  w: number,
  p: { kernel: number; stride: number; padding: number | 'same'; dilation?: number },
): [number, number] {
  const dilation = p.dilation ?? 1;
  if (p.padding === 'same') {
    if (p.stride !== 1) {
      throw new ShapeError('padding', `"same" padding needs stride 1, as in PyTorch; got stride ${p.stride}`);
    }
    return [h, w];
  }
  const oh = convOutputLength(h, p.kernel, p.stride, p.padding, dilation);
  const ow = convOutputLength(w, p.kernel, p.stride, p.padding, dilation);
  if (oh < 1 || ow < 1) {
    const span = dilation * (p.kernel - 1) + 1;
    throw new ShapeError(
      'kernel',
      `kernel ${span}×${span} with padding ${p.padding} is larger than its ${h}×${w} input (output would be ${oh}×${ow})`,
    );
  }
  return [oh, ow];
}
