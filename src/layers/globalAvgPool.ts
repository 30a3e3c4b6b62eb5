import { defineLayer, NO_COST, requireSpatial } from './define';
import { bool } from './params';

export const globalAvgPoolLayer = defineLayer({
  kind: 'GlobalAvgPool',
  title: 'GlobalAvgPool',
  category: 'Pooling',
  description: 'Averages each channel over the whole H×W, giving flat features of size C (or a C×1×1 map, for a squeeze-excitation gate).',
  params: {
    keepDims: bool(false, 'Give a C×1×1 map instead of flat features, as a squeeze-excitation block needs'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => (p.keepDims ? '→ C×1×1' : ''),
  inferShape: (inputs, p) => {
    const c = requireSpatial(inputs[0])[0];
    return p.keepDims ? [c, 1, 1] : [c];
  },
  counts: () => NO_COST,
  build: (ctx, [x], p) => {
    const mean = ctx.tf.layers.globalAveragePooling2d({ name: ctx.name() }).apply(x) as typeof x;
    if (!p.keepDims) return mean;
    const channels = x.shape[3] as number;
    return ctx.tf.layers.reshape({ targetShape: [1, 1, channels], name: ctx.name('keep') }).apply(mean) as typeof x;
  },
  torch: { inline: ([x], p) => (p.keepDims ? `${x}.mean((2, 3), keepdim=True)` : `${x}.mean((2, 3))`) },
});
