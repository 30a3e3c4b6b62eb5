import { formatGraphError } from '../contract/graphErrors';
import { inputSizeAt, type ResizePhase } from '../contract/progressiveResize';
import type { GraphDoc } from '../graph/types';
import { inputOf } from './classes';
import { inferGraph } from './infer';

/**
 * Why a design cannot train with these progressive-resizing phases, naming the field; null when it can:
 * each phase smaller than the design's input, every spatial size positive there, the same weights (a head
 * that flattens a size-dependent map cannot), and at least the last epoch at the design's own size.
 */
export function resizePhasesProblem(graph: GraphDoc, phases: readonly ResizePhase[], epochs: number): string | null {
  if (!phases.length) return null;
  const phaseEpochs = phases.reduce((sum, p) => sum + p.epochs, 0);
  if (phaseEpochs >= epochs) {
    return `training option progressiveResize: its phases take ${phaseEpochs} epochs of the run's ${epochs}; at least the last epoch trains at the design's own size`;
  }
  const input = inputOf(graph);
  const own = inferGraph(graph).totals.trainable;
  let start = 0;
  for (const [i, phase] of phases.entries()) {
    const field = `training option progressiveResize.${i}.size`;
    if (phase.size >= input.height) return `${field}: ${phase.size} px is not smaller than the design's input (${input.height} px high)`;
    const size = inputSizeAt(phases, start, input);
    start += phase.epochs;
    const resized = { ...graph, nodes: graph.nodes.map((n) => (n.kind === 'Input' ? { ...n, params: { ...n.params, ...size } } : n)) };
    const inference = inferGraph(resized);
    const error = inference.errors[0];
    if (error) return `${field}: at ${size.height}×${size.width} px the design fails: ${formatGraphError(error)}`;
    if (inference.totals.trainable !== own) {
      return `${field}: at ${size.height}×${size.width} px the design's weights change shape (a layer after the convolutions depends on the image size; end the convolutions with global pooling)`;
    }
  }
  return null;
}
