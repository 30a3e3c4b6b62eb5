import { loadPreset } from './presets';
import type { GraphDoc } from './types';

/** Images per training step of the engine speed probe. */
export const SPEED_PROBE_BATCH = 32;

/**
 * The fixed net both engines train for a few steps to measure which is faster here: the small-cnn preset
 * on 48×48 RGB input (two conv blocks), big enough that convolutions, not per-step overhead, dominate.
 */
export function speedProbeDesign(): GraphDoc {
  const graph = loadPreset('small-cnn');
  return {
    ...graph,
    name: 'engine-speed-probe',
    nodes: graph.nodes.map((n) => (n.kind === 'Input' ? { ...n, params: { ...n.params, height: 48, width: 48, channels: 3 } } : n)),
  };
}
