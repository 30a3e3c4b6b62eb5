import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer, NO_COST, type BuildContext } from './define';
import { choice } from './params';

/**
 * PyTorch's tanh GELU, ½x(1 + tanh(z)) with z = √(2/π)(x + 0.044715x³), from stock TF.js layers as
 * x · sigmoid(2z) (the same function). TF.js's own `gelu_new` activation saves under a name its loader
 * does not know, so a file using it would not load.
 */
function tanhGelu(ctx: BuildContext, x: tfjs.SymbolicTensor): tfjs.SymbolicTensor {
  const { layers } = ctx.tf;
  const apply = (layer: tfjs.layers.Layer, input: tfjs.SymbolicTensor | tfjs.SymbolicTensor[]) => layer.apply(input) as tfjs.SymbolicTensor;
  // No tensor twice in one merge layer: TF.js's executor then disposes it while it is still needed.
  const scaledX = apply(layers.rescaling({ scale: 0.044715, name: ctx.name('coefficient') }), x);
  const square = apply(layers.multiply({ name: ctx.name('square') }), [x, scaledX]);
  const cubic = apply(layers.multiply({ name: ctx.name('cubic') }), [square, x]);
  const poly = apply(layers.add({ name: ctx.name('poly') }), [x, cubic]);
  const z2 = apply(layers.rescaling({ scale: 2 * Math.sqrt(2 / Math.PI), name: ctx.name('scaled') }), poly);
  const gate = apply(layers.activation({ activation: 'sigmoid', name: ctx.name('gate') }), z2);
  return apply(layers.multiply({ name: ctx.name() }), [x, gate]);
}

/** ConvNeXt's and the transformers' activation: x · Φ(x), exactly (erf) or by PyTorch's tanh approximation. */
export const geluLayer = defineLayer({
  kind: 'GELU',
  title: 'GELU',
  category: 'Normalization/Activation',
  description: 'x · Φ(x), the Gaussian error linear unit, element by element (ConvNeXt); exact (erf) or the tanh approximation.',
  params: {
    approximate: choice(['none', 'tanh'], 'none', 'none: the exact erf form; tanh: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => (p.approximate === 'tanh' ? 'tanh' : ''),
  inferShape: (inputs) => inputs[0],
  counts: () => NO_COST,
  // TF.js's stock `gelu` activation is the erf form.
  build: (ctx, [x], p) =>
    p.approximate === 'tanh' ? tanhGelu(ctx, x) : (ctx.tf.layers.activation({ activation: 'gelu', name: ctx.name() }).apply(x) as typeof x),
  torch: { module: (_inputs, p) => (p.approximate === 'tanh' ? "nn.GELU(approximate='tanh')" : 'nn.GELU()') },
});
