import { defineLayer, NO_COST, type PrimitiveLayer } from './define';

/** What an activation without parameters declares; the rest (one input, same shape out, no cost) is common. */
type ElementwiseSpec = Pick<PrimitiveLayer<Record<string, never>>, 'kind' | 'title' | 'description' | 'build' | 'torch'>;

/** An activation applied element by element: one input, its shape unchanged, no weights and no MACs. */
export function defineElementwise(spec: ElementwiseSpec): PrimitiveLayer<Record<string, never>> {
  return defineLayer({
    ...spec,
    category: 'Normalization/Activation',
    params: {},
    inputs: { min: 1, max: 1 },
    summary: () => '',
    inferShape: (inputs) => inputs[0],
    counts: () => NO_COST,
  });
}
