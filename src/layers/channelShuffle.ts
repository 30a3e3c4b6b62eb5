import { defineLayer, NO_COST, requireSpatial, ShapeError } from './define';
import { int, MAX_CHANNELS } from './params';

/**
 * ShuffleNet's channel shuffle: the C channels seen as `groups` rows of C/groups, read column by column
 * (channel g·(C/groups) + i moves to i·groups + g). No weights. In TF.js: Reshape to H×W×groups×(C/groups),
 * swap the last two axes with a Permute, Reshape back to H×W×C — stock layers only.
 */
export const channelShuffleLayer = defineLayer({
  kind: 'ChannelShuffle',
  title: 'ChannelShuffle',
  category: 'Core',
  description: 'Interleaves the channels of `groups` groups so that the next grouped layer sees every group (ShuffleNet).',
  params: { groups: int(2, 1, MAX_CHANNELS, 'Channel groups interleaved; must divide the input channels') },
  inputs: { min: 1, max: 1 },
  summary: (p) => `g${p.groups}`,
  inferShape: (inputs, p) => {
    const [c] = requireSpatial(inputs[0]);
    if (c % p.groups !== 0) throw new ShapeError('groups', `expected a divisor of the ${c} input channels, got ${p.groups}`);
    return inputs[0];
  },
  counts: () => NO_COST,
  build: (ctx, [x], p) => {
    const [, h, w, c] = x.shape as number[];
    const grouped = ctx.tf.layers.reshape({ targetShape: [h, w, p.groups, c / p.groups], name: ctx.name('groups') }).apply(x) as typeof x;
    const swapped = ctx.tf.layers.permute({ dims: [1, 2, 4, 3], name: ctx.name('swap') }).apply(grouped) as typeof x;
    return ctx.tf.layers.reshape({ targetShape: [h, w, c], name: ctx.name() }).apply(swapped) as typeof x;
  },
  torch: { inline: ([x], p) => `${x}.unflatten(1, (${p.groups}, -1)).transpose(1, 2).flatten(1, 2)` },
});
