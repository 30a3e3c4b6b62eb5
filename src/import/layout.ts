import type { GraphDoc, Position } from '../graph/types';
import { layeredLayout } from '../graph/layout/layered';
import { nodeBoxSize } from '../graph/layout/nodeSize';
import { inferGraph } from '../shapes/infer';
import { nodeText } from '../shapes/nodeText';

/**
 * Positions for an imported design: the canvas's layered layout, with each node's box as the canvas will
 * draw it (sized for its id, shape and parameter count), so no two boxes overlap when it opens.
 */
export function importLayout(graph: Pick<GraphDoc, 'nodes' | 'edges'>): Map<string, Position> {
  const inference = inferGraph(graph);
  const sizes = new Map(graph.nodes.map((n) => [n.id, nodeBoxSize(nodeText(n, inference.nodes.get(n.id)))]));
  return layeredLayout(graph, (id) => sizes.get(id)!);
}
