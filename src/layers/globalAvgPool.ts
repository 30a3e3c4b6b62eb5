import { defineLayer, NO_COST, requireSpatial } from './define';

export const globalAvgPoolLayer = defineLayer({
  kind: 'GlobalAvgPool',
  title: 'GlobalAvgPool',
  category: 'Pooling',
  description: 'Averages each channel over the whole H×W, giving flat features of size C.',
  params: {},
  inputs: { min: 1, max: 1 },
  summary: () => '',
  inferShape: (inputs) => [requireSpatial(inputs[0])[0]],
  counts: () => NO_COST,
  build: (ctx, [x]) => ctx.tf.layers.globalAveragePooling2d({ name: ctx.name() }).apply(x) as typeof x,
  torch: { inline: ([x]) => `${x}.mean((2, 3))` },
});
