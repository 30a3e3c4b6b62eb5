// Multiply-accumulates per image of a preset (or a design) at the input size each epoch trains at (progressive resizing),
// from the app's own shape inference: the time-to-accuracy benchmark turns images/s into GFLOP/s with them.
import { inputSizeAt, parseResizeFlag } from '../../src/contract/progressiveResize';
import { loadPreset } from '../../src/graph/presets';
import type { GraphDoc } from '../../src/graph/types';
import { inputOf } from '../../src/shapes/classes';
import { inferGraph } from '../../src/shapes/infer';

/** Per epoch (0-based, `epochs` of them): the input size and the MACs per image at it. */
export function epochCosts(preset: string | GraphDoc, resizeFlag: string | undefined, epochs: number): { size: number; macs: number }[] {
  const graph = typeof preset === 'string' ? loadPreset(preset) : preset;
  const input = inputOf(graph);
  const phases = resizeFlag ? parseResizeFlag(resizeFlag) : [];
  return Array.from({ length: epochs }, (_, epoch) => {
    const size = inputSizeAt(phases, epoch, input);
    const resized = { ...graph, nodes: graph.nodes.map((n) => (n.kind === 'Input' ? { ...n, params: { ...n.params, ...size } } : n)) };
    return { size: size.height, macs: inferGraph(resized).totals.macs };
  });
}
