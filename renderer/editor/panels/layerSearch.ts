import { LAYERS } from '../../../src/layers/catalog';
import type { LayerDef } from '../../../src/layers/define';

/**
 * Layers matching a search, best first: title or kind starting with the query, then containing it,
 * then a match in the category or description. An empty query lists every layer in palette order.
 */
export function searchLayers(query: string, layers: readonly LayerDef[] = LAYERS): LayerDef[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...layers];
  const rank = (layer: LayerDef): number => {
    const names = [layer.title.toLowerCase(), layer.kind.toLowerCase()];
    if (names.some((n) => n.startsWith(q))) return 0;
    if (names.some((n) => n.includes(q))) return 1;
    if (layer.category.toLowerCase().includes(q) || layer.description.toLowerCase().includes(q)) return 2;
    return 3;
  };
  return layers
    .map((layer, index) => ({ layer, index, rank: rank(layer) }))
    .filter((r) => r.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((r) => r.layer);
}
