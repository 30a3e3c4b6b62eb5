import { defineLayer } from './define';
import { float } from './params';
import { pyFloat } from './pythonText';
import { VECTOR } from './torchSide';

/**
 * Layer normalisation over channels (ConvNeXt's LayerNorm2d): each position's C values are normalised to
 * mean 0 and variance 1, then scaled and shifted per channel. On flat features, over the features.
 */
export const layerNormLayer = defineLayer({
  kind: 'LayerNorm',
  title: 'LayerNorm',
  category: 'Normalization/Activation',
  description: 'Normalises the channels at each position (ConvNeXt\'s LayerNorm2d), then learns a scale and shift per channel; no batch statistics.',
  params: {
    eps: float(1e-6, 1e-12, 1, 1e-6, 'Added to the variance before dividing (ConvNeXt uses 1e-6; PyTorch\'s default is 1e-5)'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `eps ${p.eps}`,
  inferShape: (inputs) => inputs[0],
  counts: (inputs) => ({ trainable: 2 * inputs[0][0], nonTrainable: 0, macs: 0 }),
  // Channels are TF.js's last axis, so its stock layer normalises exactly ConvNeXt's way.
  build: (ctx, [x], p) => ctx.tf.layers.layerNormalization({ axis: -1, epsilon: p.eps, name: ctx.name() }).apply(x) as typeof x,
  torch: {
    module: ([input], p) => `nn.LayerNorm(${input[0]}${p.eps !== 1e-5 ? `, eps=${pyFloat(p.eps)}` : ''})`,
    // nn.LayerNorm normalises the last axis: channels-last around it, as torchvision's LayerNorm2d does.
    call: (module, x, [input]) => (input.length === 3 ? `${module}(${x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)` : `${module}(${x})`),
    tensors: ([input]) => [
      { torch: 'weight', tfjs: 'gamma', layout: VECTOR, shape: [input[0]] },
      { torch: 'bias', tfjs: 'beta', layout: VECTOR, shape: [input[0]] },
    ],
  },
});
