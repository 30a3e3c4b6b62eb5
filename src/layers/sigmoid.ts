import { defineLayer, NO_COST } from './define';

export const sigmoidLayer = defineLayer({
  kind: 'Sigmoid',
  title: 'Sigmoid',
  category: 'Normalization/Activation',
  description: '1 / (1 + e^−x), element by element.',
  params: {},
  inputs: { min: 1, max: 1 },
  summary: () => '',
  inferShape: (inputs) => inputs[0],
  counts: () => NO_COST,
  build: (ctx, [x]) => ctx.tf.layers.activation({ activation: 'sigmoid', name: ctx.name() }).apply(x) as typeof x,
  torch: { module: () => 'nn.Sigmoid()' },
});
