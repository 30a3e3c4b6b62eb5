import { defineLayer, NO_COST } from './define';

/** MobileNet's activation; TF.js's stock ReLU layer with a ceiling, so stock exports stay stock. */
export const relu6Layer = defineLayer({
  kind: 'ReLU6',
  title: 'ReLU6',
  category: 'Normalization/Activation',
  description: 'min(max(0, x), 6), element by element (MobileNet).',
  params: {},
  inputs: { min: 1, max: 1 },
  summary: () => '',
  inferShape: (inputs) => inputs[0],
  counts: () => NO_COST,
  build: (ctx, [x]) => ctx.tf.layers.reLU({ maxValue: 6, name: ctx.name() }).apply(x) as typeof x,
  torch: { module: () => 'nn.ReLU6()' },
});
