import type { Shape } from '../../src/shapeMath/shape';
import { formatShape, isSpatial } from '../../src/shapeMath/shape';

/** Why a node of the design has no feature maps to show, or null when its output is a C×H×W map with more than one position. */
export function whyNoMaps(kind: string, shape: Shape | null | undefined): string | null {
  if (kind === 'Input') return 'The Input node is the image itself; pick a layer after it to see what the network made of it.';
  if (!shape) return 'Its output shape is unknown (see the design’s errors), so it has no feature maps.';
  if (!isSpatial(shape)) return `Its output is ${formatShape(shape)}, a flat vector with no positions: feature maps need a C×H×W output.`;
  if (shape[1] * shape[2] <= 1) return `Its output is ${formatShape(shape)}: one position per channel, no map to draw.`;
  return null;
}

/** The run and image a node's feature maps come from, or what the user must do first. */
export type MapsSource = { runId: string; image: string } | { need: string };

/**
 * Feature maps of the open design come from the run chosen in Try it, when it is a run of this design (the same
 * name: its nodes are this design's), and the image chosen there.
 */
export function mapsSource(
  choice: { runId: string | null; image: string | null },
  runs: readonly { id: string; name: string; status: string }[],
  designName: string,
): MapsSource {
  const trained = runs.filter((r) => r.name === designName && (r.status === 'completed' || r.status === 'early-stopped'));
  const run = runs.find((r) => r.id === choice.runId);
  if (trained.length === 0) return { need: `Feature maps need a finished run of “${designName}”: train it to the end, then choose an image in Try it.` };
  if (!run) return { need: `Choose a finished run of “${designName}” in Try it’s Model, and an image there.` };
  if (run.name !== designName) return { need: `Try it’s model is a run of “${run.name}”, not of “${designName}”: choose a run of this design there.` };
  if (!choice.image) return { need: 'Choose an image in Try it (it is used here for every node you click).' };
  return { runId: run.id, image: choice.image };
}
