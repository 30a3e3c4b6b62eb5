import { defineLayer, requireSpatial } from './define';
import type { TensorLayout } from './torchSide';

/** The scale as a 1×1 depthwise kernel: PyTorch [C, 1, 1, 1], TF.js [1, 1, C, 1]. */
const SCALE: TensorLayout = { name: 'depthwise', order: [2, 3, 0, 1] };

/**
 * Layer scale (ConvNeXt, CaiT): each channel multiplied by its own learned factor. Both engines hold it
 * as a 1×1 depthwise convolution without bias, which is exactly that.
 */
export const layerScaleLayer = defineLayer({
  kind: 'LayerScale',
  title: 'LayerScale',
  category: 'Normalization/Activation',
  description: 'Multiplies each channel by its own learned factor (ConvNeXt\'s layer scale), starting at 1.',
  params: {},
  inputs: { min: 1, max: 1 },
  summary: () => '',
  inferShape: (inputs) => {
    requireSpatial(inputs[0]);
    return inputs[0];
  },
  counts: (inputs) => ({ trainable: inputs[0][0], nonTrainable: 0, macs: 0 }),
  build: (ctx, [x]) =>
    ctx.tf.layers.depthwiseConv2d({ kernelSize: 1, useBias: false, depthwiseInitializer: 'ones', name: ctx.name() }).apply(x) as typeof x,
  torch: {
    module: ([input]) => `nn.Conv2d(${input[0]}, ${input[0]}, 1, groups=${input[0]}, bias=False)`,
    tensors: ([input]) => [{ torch: 'weight', tfjs: 'depthwise_kernel', layout: SCALE, shape: [input[0], 1, 1, 1] }],
  },
});
