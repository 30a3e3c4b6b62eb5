import { defineElementwise } from './elementwise';

/** MobileNet's activation; TF.js's stock ReLU layer with a ceiling, so stock exports stay stock. */
export const relu6Layer = defineElementwise({
  kind: 'ReLU6',
  title: 'ReLU6',
  description: 'min(max(0, x), 6), element by element (MobileNet).',
  build: (ctx, [x]) => ctx.tf.layers.reLU({ maxValue: 6, name: ctx.name() }).apply(x) as typeof x,
  torch: { module: () => 'nn.ReLU6()' },
});
