import type { Box, Size } from '../../../src/graph/layout/geometry';
import { layeredLayout } from '../../../src/graph/layout/layered';
import { routeEdges, type Route } from '../../../src/graph/layout/route';
import type { GraphDoc, Position } from '../../../src/graph/types';

export type { Size };

/** The size assumed for a node the canvas has not measured yet. */
export const DEFAULT_NODE_SIZE: Size = { width: 220, height: 72 };

/** The graph a layout needs: ids and current positions of the nodes, the edges with their slots. */
export type LayoutInput = Pick<GraphDoc, 'nodes' | 'edges'>;

/**
 * Positions for every node from the layered layout, top to bottom, using each node's size. The result
 * is moved so its top-left corner stays where the design's was, so the view does not jump far away.
 */
export function autoLayout(graph: LayoutInput, sizes: ReadonlyMap<string, Size>): Map<string, Position> {
  if (graph.nodes.length === 0) return new Map();
  const laid = layeredLayout(graph, (id) => sizes.get(id) ?? DEFAULT_NODE_SIZE);
  const left = Math.min(...graph.nodes.map((n) => n.position.x));
  const top = Math.min(...graph.nodes.map((n) => n.position.y));
  return new Map([...laid].map(([id, p]) => [id, { x: Math.round(left + p.x), y: Math.round(top + p.y) }]));
}

/** Routes for the design's edges around the boxes the canvas drew. */
export function edgeRoutes(boxes: readonly Box[], edges: GraphDoc['edges']): Map<string, Route> {
  return routeEdges(new Map(boxes.map((b) => [b.id, b])), edges);
}
