import { loadPreset } from '../../graph/presets';
import type { GraphDoc } from '../../graph/types';

/**
 * Presets checked at a smaller input where a full-size forward pass on TF.js's cpu backend takes minutes on a
 * loaded machine: both end in global pooling, so they keep their layers and weights. Inception-v3 at 107×107 still
 * reaches every block; GoogLeNet at 112×112 rounds up in all four ceil-mode pools (at 224×224 the last one divides
 * evenly).
 */
const SMALLER_SIDE: Record<string, number> = { 'inception-v3': 107, googlenet: 112 };

/** A preset, at its smaller input side where it has one (`SMALLER_SIDE`). */
export function presetAtSmallerSide(name: string): GraphDoc {
  const graph = loadPreset(name);
  const side = SMALLER_SIDE[name];
  if (side) {
    const input = graph.nodes.find((n) => n.kind === 'Input')!;
    input.params = { ...input.params, height: side, width: side };
  }
  return graph;
}
