import { loadPreset } from '../../graph/presets';
import type { GraphDoc } from '../../graph/types';

/** A preset with its input resized (the 224 and 299 presets end in a global pool, so any size that survives their strides works). */
export function presetAtSize(name: string, height: number, width = height): GraphDoc {
  const graph = loadPreset(name);
  return {
    ...graph,
    name: `${graph.name} at ${height}×${width}`,
    nodes: graph.nodes.map((n) => (n.kind === 'Input' ? { ...n, params: { ...n.params, height, width } } : n)),
  };
}

/**
 * Every preset, the big ones at reduced input sizes so that stock-consumer tests stay cheap: googlenet at
 * 64×64 (from 224), inception-v3 at 107×107 (from 299; the smallest size its strides take is 75).
 */
export function everyPresetSmall(): GraphDoc[] {
  return [loadPreset('small-cnn'), loadPreset('googlenet-96'), presetAtSize('googlenet', 64), presetAtSize('inception-v3', 107)];
}
