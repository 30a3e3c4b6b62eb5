import { defineLayer, NO_COST, ShapeError } from './define';
import { formatShape } from '../shapeMath/shape';

export const concatLayer = defineLayer({
  kind: 'Concat',
  title: 'Concat',
  category: 'Merge',
  description: 'Joins its inputs along the channel axis, in slot order; all must share H×W.',
  params: {},
  inputs: { min: 1, max: 32 },
  summary: () => '',
  inferShape: (inputs) => {
    const first = inputs[0];
    inputs.forEach((shape, i) => {
      if (shape.length !== first.length) {
        throw new ShapeError(`input[${i}]`, `cannot join ${formatShape(shape)} with ${formatShape(first)}: one is flat, the other a feature map`);
      }
      if (shape.length === 3 && (shape[1] !== first[1] || shape[2] !== first[2])) {
        throw new ShapeError(
          `input[${i}]`,
          `expected H×W ${first[1]}×${first[2]} like input[0], got ${shape[1]}×${shape[2]} (${formatShape(shape)})`,
        );
      }
    });
    const channels = inputs.reduce((sum, s) => sum + s[0], 0);
    return [channels, ...first.slice(1)];
  },
  counts: () => NO_COST,
  build: (ctx, inputs) =>
    inputs.length === 1
      ? inputs[0]
      : (ctx.tf.layers.concatenate({ axis: -1, name: ctx.name() }).apply(inputs) as typeof inputs[0]),
  torch: { inline: (xs) => `torch.cat((${xs.join(', ')}${xs.length === 1 ? ',' : ''}), dim=1)` },
});
