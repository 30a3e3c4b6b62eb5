import { defineLayer, NO_COST, requireFlat } from './define';

export const outputLayer = defineLayer({
  kind: 'Output',
  title: 'Softmax / Output',
  category: 'Input/Output',
  description: 'Turns class scores into probabilities and marks the model output. Optional: a graph may end in Dense.',
  params: {},
  inputs: { min: 1, max: 1 },
  summary: () => 'softmax',
  inferShape: (inputs) => [requireFlat(inputs[0])],
  counts: () => NO_COST,
  build: (ctx, [x]) => ctx.tf.layers.softmax({ name: ctx.name() }).apply(x) as typeof x,
  // The code generator applies it in eval mode only: training takes the logits.
  torch: { inline: ([x]) => `torch.softmax(${x}, dim=1)` },
});
