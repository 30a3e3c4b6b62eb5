import { defineLayer, NO_COST, ShapeError } from './define';
import { formatShape } from '../shapeMath/shape';

export const addLayer = defineLayer({
  kind: 'Add',
  title: 'Add',
  category: 'Merge',
  description: 'Adds its inputs element by element, as in a residual connection; all must have the same shape.',
  params: {},
  inputs: { min: 1, max: 32 },
  summary: () => '',
  inferShape: (inputs) => {
    const first = formatShape(inputs[0]);
    inputs.forEach((shape, i) => {
      if (formatShape(shape) !== first) {
        throw new ShapeError(`input[${i}]`, `expected ${first} like input[0], got ${formatShape(shape)}`);
      }
    });
    return inputs[0];
  },
  counts: () => NO_COST,
  build: (ctx, inputs) =>
    inputs.length === 1 ? inputs[0] : (ctx.tf.layers.add({ name: ctx.name() }).apply(inputs) as typeof inputs[0]),
  torch: { inline: (xs) => xs.join(' + ') },
});
