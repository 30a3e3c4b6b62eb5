import { parseGraph } from '../graph/schema';
import { inferGraph } from '../shapes/infer';
import type { InspectResult } from './api';

/** Parses and infers a graph; a document that fails to parse yields its errors and no nodes. */
export function inspectGraph(value: unknown): InspectResult {
  const parsed = parseGraph(value);
  if (!parsed.ok) {
    return { nodes: [], totals: { trainableParams: 0, nonTrainableParams: 0, macs: 0 }, output: null, errors: parsed.errors };
  }
  const graph = parsed.graph;
  const inference = inferGraph(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const placed = new Set(inference.order);
  const ordered = [...inference.order, ...graph.nodes.map((n) => n.id).filter((id) => !placed.has(id))];
  return {
    nodes: ordered.map((id) => {
      const info = inference.nodes.get(id)!;
      return {
        id,
        kind: byId.get(id)!.kind,
        outputShape: info.shape ? [...info.shape] : null,
        params: info.counts.trainable,
        nonTrainableParams: info.counts.nonTrainable,
        macs: info.counts.macs,
      };
    }),
    totals: {
      trainableParams: inference.totals.trainable,
      nonTrainableParams: inference.totals.nonTrainable,
      macs: inference.totals.macs,
    },
    output: inference.output ? [...inference.output] : null,
    errors: inference.errors,
  };
}
