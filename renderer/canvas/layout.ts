import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphDoc, Position } from '../../src/graph/types';

export interface Size { width: number; height: number }

/** The size assumed for a node the canvas has not measured yet. */
export const DEFAULT_NODE_SIZE: Size = { width: 220, height: 72 };

let elk: Promise<ELK> | null = null;

/**
 * ELK (1.5 MB) loads on the first auto-layout, not with the app. The bundled build runs it on this
 * thread: no web worker, nothing for the CSP to allow.
 */
function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk());
  return elk;
}

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.edgeNode': '20',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  // Keep document order where it does not cost crossings, so Concat inputs stay in slot order.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.separateConnectedComponents': 'true',
};

/**
 * Positions for every node from ELK's layered algorithm, top to bottom, using each node's measured
 * size. The result is moved so its top-left corner stays where the design's was, so the view does
 * not jump far away.
 */
export async function autoLayout(
  graph: Pick<GraphDoc, 'nodes' | 'edges'>,
  sizes: ReadonlyMap<string, Size>,
): Promise<Map<string, Position>> {
  if (graph.nodes.length === 0) return new Map();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges: ElkExtendedEdge[] = [...graph.edges]
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .sort((a, b) => (a.target === b.target ? a.targetSlot - b.targetSlot : 0))
    .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  const root: ElkNode = {
    id: '__root__',
    layoutOptions: LAYOUT_OPTIONS,
    children: graph.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? DEFAULT_NODE_SIZE) })),
    edges,
  };
  const laid = await (await loadElk()).layout(root);
  const left = Math.min(...graph.nodes.map((n) => n.position.x));
  const top = Math.min(...graph.nodes.map((n) => n.position.y));
  const placed = laid.children ?? [];
  const minX = Math.min(...placed.map((c) => c.x ?? 0));
  const minY = Math.min(...placed.map((c) => c.y ?? 0));
  return new Map(placed.map((c) => [c.id, { x: Math.round(left + (c.x ?? 0) - minX), y: Math.round(top + (c.y ?? 0) - minY) }]));
}
