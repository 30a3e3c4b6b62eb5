import { mulberry32 } from '../data';
import type { GraphDoc } from '../graph/types';
import { classifierNode } from '../shapes/classes';
import type { TfjsWeights } from '../torch/weights';

/**
 * The weights with the classifier's (the Dense node that gives the class scores) drawn afresh: normal
 * values with the trained kernel's standard deviation, seeded, so both engines get the same ones. The
 * model-randomisation sanity check of Adebayo et al. 2018: an explanation that survives it explains nothing.
 * @throws Error when the design has no Dense classifier.
 */
export function withRandomHead(graph: GraphDoc, weights: TfjsWeights, seed = 1): TfjsWeights {
  const head = classifierNode(graph);
  if (!head) throw new Error('the sanity check randomises the classifier: expected the design to end in a Dense node (or Dense → Output), found none');
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const out: TfjsWeights = new Map(weights);
  const kernel = weights.get(`${head}/kernel`);
  if (!kernel) throw new Error(`the sanity check: expected weights ${head}/kernel, found none`);
  let sum = 0;
  let squares = 0;
  for (const v of kernel.data) {
    sum += v;
    squares += v * v;
  }
  const mean = sum / kernel.data.length;
  const std = Math.sqrt(Math.max(squares / kernel.data.length - mean * mean, 1e-12));
  for (const [name, w] of weights) {
    if (!name.startsWith(`${head}/`)) continue;
    out.set(name, { shape: w.shape, data: Float32Array.from(w.data, () => normal() * std) });
  }
  return out;
}
