import { defineLayer, NO_COST, requireSpatial, ShapeError } from './define';
import { int, MAX_CHANNELS } from './params';

/**
 * A run of consecutive channels of its input: ShuffleNet's channel split is two of these reading the same
 * map (start 0 and start C/2). In TF.js: channels moved to the width axis (Permute), Cropping2D, moved back.
 */
export const channelSliceLayer = defineLayer({
  kind: 'ChannelSlice',
  title: 'ChannelSlice',
  category: 'Core',
  description: 'Keeps `channels` consecutive channels from `start`; two of them on one map split it (ShuffleNet).',
  params: {
    start: int(0, 0, MAX_CHANNELS - 1, 'The first channel kept (0 is the first)'),
    channels: int(1, 1, MAX_CHANNELS, 'How many channels are kept; start + channels must not pass the input channels'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.start}…${p.start + p.channels - 1}`,
  inferShape: (inputs, p) => {
    const [c, h, w] = requireSpatial(inputs[0]);
    if (p.start >= c) throw new ShapeError('start', `expected a channel of the input, 0 to ${c - 1}, got ${p.start}`);
    if (p.start + p.channels > c) throw new ShapeError('channels', `expected at most ${c - p.start} (the input's ${c} channels from ${p.start}), got ${p.channels}`);
    return [p.channels, h, w];
  },
  counts: () => NO_COST,
  build: (ctx, [x], p) => {
    const c = x.shape[3] as number;
    const columns = ctx.tf.layers.permute({ dims: [1, 3, 2], name: ctx.name('columns') }).apply(x) as typeof x;
    const cut = ctx.tf.layers.cropping2D({ cropping: [[0, 0], [p.start, c - p.start - p.channels]], name: ctx.name('cut') }).apply(columns) as typeof x;
    return ctx.tf.layers.permute({ dims: [1, 3, 2], name: ctx.name() }).apply(cut) as typeof x;
  },
  torch: { inline: ([x], p) => `${x}[:, ${p.start}:${p.start + p.channels}]` },
});
