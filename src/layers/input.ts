import { defineLayer, NO_COST } from './define';
import { int, MAX_IMAGE_SIDE } from './params';

export const inputLayer = defineLayer({
  kind: 'Input',
  title: 'Input',
  category: 'Input/Output',
  description: 'The images the network sees: height, width and colour channels (1 grey, 3 RGB, 4 RGBA).',
  params: {
    height: int(96, 1, MAX_IMAGE_SIDE, 'Image height after resizing', 'px'),
    width: int(96, 1, MAX_IMAGE_SIDE, 'Image width after resizing', 'px'),
    channels: int(3, 1, 4, 'Colour channels: 1 grey, 3 RGB, 4 RGBA'),
  },
  inputs: { min: 0, max: 0 },
  summary: (p) => `${p.height}×${p.width}×${p.channels}`,
  inferShape: (_inputs, p) => [p.channels, p.height, p.width],
  counts: () => NO_COST,
  build: (ctx, _inputs, p) => ctx.tf.input({ shape: [p.height, p.width, p.channels], name: ctx.name() }),
  torch: { forwardInput: true },
});
