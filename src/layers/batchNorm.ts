import { defineLayer } from './define';
import { float } from './params';
import { pyFloat } from './pythonText';
import { COUNTER, VECTOR } from './torchSide';

export const batchNormLayer = defineLayer({
  kind: 'BatchNorm',
  title: 'BatchNorm',
  category: 'Normalization/Activation',
  description: 'Normalises each channel with batch statistics and learns a scale and shift; keeps moving averages for inference.',
  params: {
    eps: float(1e-5, 1e-12, 1, 1e-5, 'Added to the variance before dividing (PyTorch default 1e-5; ConvBNReLU blocks use 1e-3)'),
    momentum: float(0.1, 0, 1, 0.01, 'Weight of the new batch in the moving statistics (PyTorch convention)'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `eps ${p.eps}`,
  inferShape: (inputs) => inputs[0],
  counts: (inputs) => {
    const channels = inputs[0][0];
    return { trainable: 2 * channels, nonTrainable: 2 * channels, macs: 0 };
  },
  build: (ctx, [x], p) =>
    ctx.tf.layers.batchNormalization({ axis: -1, epsilon: p.eps, momentum: 1 - p.momentum, name: ctx.name() }).apply(x) as typeof x,
  torch: {
    module: ([input], p) =>
      `nn.BatchNorm${input.length === 3 ? '2d' : '1d'}(${input[0]}${p.eps !== 1e-5 ? `, eps=${pyFloat(p.eps)}` : ''}` +
      `${p.momentum !== 0.1 ? `, momentum=${pyFloat(p.momentum)}` : ''})`,
    tensors: ([input]) => {
      const channels = [input[0]];
      return [
        { torch: 'weight', tfjs: 'gamma', layout: VECTOR, shape: channels },
        { torch: 'bias', tfjs: 'beta', layout: VECTOR, shape: channels },
        { torch: 'running_mean', tfjs: 'moving_mean', layout: VECTOR, shape: channels, trainable: false },
        { torch: 'running_var', tfjs: 'moving_variance', layout: VECTOR, shape: channels, trainable: false },
        { torch: 'num_batches_tracked', tfjs: null, layout: COUNTER, shape: [], trainable: false },
      ];
    },
  },
});
