import { loadPreset } from './presets';
import type { GraphDoc } from './types';

/** Images per training step of the engine speed probe. */
export const SPEED_PROBE_BATCH = 16;

/**
 * The fixed net both engines train for a few steps to measure which is faster here: the googlenet-96
 * preset, the network this app is about. A small net misleads: on it per-step overhead, where TF.js's
 * wasm backend does well, outweighs the convolutions (on the 2-core VM a 48×48 Small CNN read wasm 1.3×
 * faster than PyTorch, while PyTorch trains googlenet-96 6–10× faster).
 */
export function speedProbeDesign(): GraphDoc {
  return { ...loadPreset('googlenet-96'), name: 'engine-speed-probe' };
}
