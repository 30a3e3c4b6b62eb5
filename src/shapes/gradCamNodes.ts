import type { GraphDoc } from '../graph/types';
import { inferGraph } from './infer';
import { formatShape, isSpatial } from '../shapeMath/shape';

/** Design nodes whose output is a feature map (C×H×W with more than one position), in topological order: where Grad-CAM can look. */
export function spatialNodes(graph: Pick<GraphDoc, 'nodes' | 'edges'>): string[] {
  const inference = inferGraph(graph);
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  return inference.order.filter((id) => {
    const shape = inference.nodes.get(id)?.shape;
    return kinds.get(id) !== 'Input' && shape != null && isSpatial(shape) && shape[1] * shape[2] > 1;
  });
}

/**
 * The node Grad-CAM looks at: `chosen` when its output is a feature map, else (none chosen) the last
 * feature map before the classifier, as Selvaraju et al. use the last convolutional layer.
 * @throws Error naming the node, its shape and the nodes that would do.
 */
export function gradCamNode(graph: Pick<GraphDoc, 'nodes' | 'edges'>, chosen?: string): string {
  const candidates = spatialNodes(graph);
  if (candidates.length === 0) throw new Error('Grad-CAM needs a node with a C×H×W output, and this design has none');
  if (chosen === undefined) return candidates[candidates.length - 1];
  if (candidates.includes(chosen)) return chosen;
  const list = candidates.slice(-6).join(', ');
  if (!graph.nodes.some((n) => n.id === chosen)) throw new Error(`Grad-CAM node: expected a node of the design, found "${chosen}"; nodes with a feature map: ${list}`);
  const shape = inferGraph(graph).nodes.get(chosen)?.shape;
  throw new Error(`Grad-CAM node ${chosen}: expected a C×H×W output, found ${shape ? formatShape(shape) : 'no shape'}; nodes with a feature map: ${list}`);
}

/** The node Grad-CAM looks at by default, or null when the design has no feature map. */
export function defaultGradCamNode(graph: Pick<GraphDoc, 'nodes' | 'edges'>): string | null {
  return spatialNodes(graph).at(-1) ?? null;
}
