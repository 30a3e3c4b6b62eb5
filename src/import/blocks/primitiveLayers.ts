import { getLayer } from '../../layers/catalog';
import { resolveParams } from '../../layers/params';
import type { ParamValue } from '../../graph/types';
import type { DesignBuilder } from '../design';

/** The primitive layers a node compiles to, in expansion order: its own id, or its block's sub-node ids, recursively. */
export function primitiveLayers(id: string, kind: string, params: Record<string, ParamValue>): string[] {
  const layer = getLayer(kind);
  if (!layer) throw new Error(`unknown layer kind ${kind}`);
  if (!layer.composite) return [id];
  const { values } = resolveParams(layer.params, params);
  return layer.expand(id, values).flatMap((sub) => primitiveLayers(sub.id, sub.kind, sub.params));
}

/** Moves the weights of each layer `from` to layer `to` (`x_conv/kernel` becomes `Mixed_5b_branch1x1_conv/kernel`), all at once. */
export function moveWeights(design: DesignBuilder, renames: ReadonlyMap<string, string>): void {
  const moved = [...design.weights].flatMap(([name, weight]) => {
    const slash = name.indexOf('/');
    const to = renames.get(name.slice(0, slash));
    return to === undefined ? [] : [{ name, to: `${to}${name.slice(slash)}`, weight }];
  });
  for (const m of moved) design.weights.delete(m.name);
  for (const m of moved) design.weights.set(m.to, m.weight);
}
