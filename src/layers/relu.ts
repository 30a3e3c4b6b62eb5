import { defineElementwise } from './elementwise';

export const reluLayer = defineElementwise({
  kind: 'ReLU',
  title: 'ReLU',
  description: 'max(0, x), element by element.',
  build: (ctx, [x]) => ctx.tf.layers.reLU({ name: ctx.name() }).apply(x) as typeof x,
  torch: { module: () => 'nn.ReLU()' },
});
