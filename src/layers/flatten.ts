import { defineLayer, NO_COST } from './define';
import { shapeSize } from '../shapeMath/shape';

export const flattenLayer = defineLayer({
  kind: 'Flatten',
  title: 'Flatten',
  category: 'Core',
  description: 'Turns a C×H×W feature map into C·H·W flat features, in PyTorch\'s channel-first order.',
  params: {},
  inputs: { min: 1, max: 1 },
  summary: () => '',
  inferShape: (inputs) => [shapeSize(inputs[0])],
  counts: () => NO_COST,
  build: (ctx, [x]) => {
    const { layers } = ctx.tf;
    if (x.shape.length !== 4) return x;
    // TF.js holds H×W×C; permute to C×H×W first so Dense weights match PyTorch's flatten order.
    const chw = layers.permute({ dims: [3, 1, 2], name: ctx.name('chw') }).apply(x) as typeof x;
    return layers.flatten({ name: ctx.name() }).apply(chw) as typeof x;
  },
  torch: { inline: ([x]) => `torch.flatten(${x}, 1)` },
});
