import { defineLayer, NO_COST, ShapeError } from './define';
import { formatShape, type Shape } from '../shapeMath/shape';

/** True when `gate` is C×1×1 for the C×H×W `x`: one value per channel, spread over H×W. */
const perChannel = (x: Shape, gate: Shape): boolean =>
  x.length === 3 && gate.length === 3 && gate[0] === x[0] && gate[1] === 1 && gate[2] === 1;

/**
 * Element-wise product of two inputs: the same shape, or a C×H×W map and a C×1×1 gate (squeeze-and-
 * excitation's channel weights), in either order.
 */
export const multiplyLayer = defineLayer({
  kind: 'Multiply',
  title: 'Multiply',
  category: 'Merge',
  description: 'Multiplies two inputs element by element; a C×1×1 input scales each channel of a C×H×W one (the excitation gate).',
  params: {},
  inputs: { min: 2, max: 2 },
  summary: () => '',
  inferShape: ([a, b]) => {
    if (formatShape(a) === formatShape(b) || perChannel(a, b)) return a;
    if (perChannel(b, a)) return b;
    const expected = a.length === 3 ? `${formatShape(a)} or ${a[0]}×1×1 like input[0]` : `${formatShape(a)} like input[0]`;
    throw new ShapeError('input[1]', `expected ${expected}, got ${formatShape(b)}`);
  },
  counts: () => NO_COST,
  build: (ctx, inputs) => ctx.tf.layers.multiply({ name: ctx.name() }).apply(inputs) as typeof inputs[0],
  torch: { inline: ([a, b]) => `${a} * ${b}` },
});
