import { defineLayer, NO_COST } from './define';
import { float } from './params';
import { pyFloat } from './pythonText';

export const dropoutLayer = defineLayer({
  kind: 'Dropout',
  title: 'Dropout',
  category: 'Core',
  description: 'While training, zeroes a random fraction of values; does nothing at inference.',
  params: { rate: float(0.5, 0, 0.99, 0.05, 'Fraction of values dropped while training') },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.rate}`,
  inferShape: (inputs) => inputs[0],
  counts: () => NO_COST,
  build: (ctx, [x], p) => ctx.tf.layers.dropout({ rate: p.rate, seed: ctx.seed(), name: ctx.name() }).apply(x) as typeof x,
  torch: { module: (_inputs, p) => `nn.Dropout(${pyFloat(p.rate)})` },
});
