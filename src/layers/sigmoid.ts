import { defineElementwise } from './elementwise';

export const sigmoidLayer = defineElementwise({
  kind: 'Sigmoid',
  title: 'Sigmoid',
  description: '1 / (1 + e^−x), element by element.',
  build: (ctx, [x]) => ctx.tf.layers.activation({ activation: 'sigmoid', name: ctx.name() }).apply(x) as typeof x,
  torch: { module: () => 'nn.Sigmoid()' },
});
