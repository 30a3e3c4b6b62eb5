import { defineLayer, NO_COST } from './define';

export const reluLayer = defineLayer({
  kind: 'ReLU',
  title: 'ReLU',
  category: 'Normalization/Activation',
  description: 'max(0, x), element by element.',
  params: {},
  inputs: { min: 1, max: 1 },
  summary: () => '',
  inferShape: (inputs) => inputs[0],
  counts: () => NO_COST,
  build: (ctx, [x]) => ctx.tf.layers.reLU({ name: ctx.name() }).apply(x) as typeof x,
  torch: { module: () => 'nn.ReLU()' },
});
