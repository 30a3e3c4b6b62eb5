import { defineElementwise } from './elementwise';

/** EfficientNet's activation (also called swish); TF.js's stock `swish` activation, so stock exports stay stock. */
export const siluLayer = defineElementwise({
  kind: 'SiLU',
  title: 'SiLU',
  description: 'x · sigmoid(x), element by element (EfficientNet; also called swish).',
  build: (ctx, [x]) => ctx.tf.layers.activation({ activation: 'swish', name: ctx.name() }).apply(x) as typeof x,
  torch: { module: () => 'nn.SiLU()' },
});
