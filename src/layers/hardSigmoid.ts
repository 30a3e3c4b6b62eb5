import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext } from './define';
import { defineElementwise } from './elementwise';

/**
 * PyTorch's hard sigmoid, relu6(x + 3) / 6, from stock TF.js layers: a Rescaling to x/6 + 1/2, then a ReLU
 * capped at 1 (TF.js's own `hardSigmoid` activation is Keras's 0.2x + 0.5, a different function).
 */
export function buildHardSigmoid(ctx: BuildContext, x: tfjs.SymbolicTensor, name: string): tfjs.SymbolicTensor {
  const scaled = ctx.tf.layers.rescaling({ scale: 1 / 6, offset: 0.5, name: `${name}_scaled` }).apply(x) as tfjs.SymbolicTensor;
  return ctx.tf.layers.reLU({ maxValue: 1, name }).apply(scaled) as tfjs.SymbolicTensor;
}

/** MobileNetV3's gate: PyTorch's definition, relu6(x + 3) / 6. */
export const hardSigmoidLayer = defineElementwise({
  kind: 'HardSigmoid',
  title: 'HardSigmoid',
  description: 'relu6(x + 3) / 6, element by element (PyTorch\'s definition; MobileNetV3\'s gate).',
  build: (ctx, [x]) => buildHardSigmoid(ctx, x, ctx.name()),
  torch: { module: () => 'nn.Hardsigmoid()' },
});
