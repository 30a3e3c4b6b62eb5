import { wouldCreateCycle } from './topo';
import type { GraphDoc, GraphEdge, GraphNode, Position } from './types';

/**
 * Pure edits of a design: each returns a new document and leaves its argument untouched.
 * Layer-aware checks (does this connection fit?) live in shape inference; these only keep the graph sound.
 */

export type OpResult = { ok: true; graph: GraphDoc } | { ok: false; reason: string };

/** `conv`, `conv_2`, `conv_3`, … — the first id of that stem not used in the graph. */
export function freshId(graph: GraphDoc, stem: string): string {
  const base = stem.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_') || 'node';
  const used = new Set(graph.nodes.map((n) => n.id));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

const edgeId = (source: string, target: string, slot: number) => `${source}__${target}__${slot}`;

export function addNode(
  graph: GraphDoc,
  kind: string,
  position: Position,
  params: GraphNode['params'] = {},
  id = freshId(graph, kind.toLowerCase()),
): { graph: GraphDoc; id: string } {
  if (graph.nodes.some((n) => n.id === id)) throw new Error(`node id "${id}" is already used`);
  return { graph: { ...graph, nodes: [...graph.nodes, { id, kind, params: { ...params }, position: { ...position } }] }, id };
}

/** Removes nodes and every edge touching them. */
export function removeNodes(graph: GraphDoc, ids: Iterable<string>): GraphDoc {
  const gone = new Set(ids);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !gone.has(n.id)),
    edges: graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

/**
 * Connects source → target. Without a slot the edge takes the target's next free slot; a slot that is
 * taken is replaced (dragging onto a used input rewires it). Refuses self-loops, cycles and duplicates.
 */
export function connect(graph: GraphDoc, source: string, target: string, targetSlot?: number): OpResult {
  const ids = new Set(graph.nodes.map((n) => n.id));
  if (!ids.has(source)) return { ok: false, reason: `no node "${source}"` };
  if (!ids.has(target)) return { ok: false, reason: `no node "${target}"` };
  if (wouldCreateCycle(graph, source, target)) {
    return { ok: false, reason: `connecting ${source} → ${target} would make a cycle` };
  }
  const into = graph.edges.filter((e) => e.target === target);
  if (targetSlot === undefined && into.some((e) => e.source === source)) {
    return { ok: false, reason: `${source} already feeds ${target}` };
  }
  const slot = targetSlot ?? (into.length ? Math.max(...into.map((e) => e.targetSlot)) + 1 : 0);
  const kept = graph.edges.filter((e) => !(e.target === target && e.targetSlot === slot));
  const edge: GraphEdge = { id: edgeId(source, target, slot), source, target, targetSlot: slot };
  return { ok: true, graph: { ...graph, edges: [...kept, edge] } };
}

export function disconnect(graph: GraphDoc, edgeIds: Iterable<string>): GraphDoc {
  const gone = new Set(edgeIds);
  return { ...graph, edges: graph.edges.filter((e) => !gone.has(e.id)) };
}

/** Merges new values into a node's params; `undefined` removes a value (back to its default). */
export function setParams(graph: GraphDoc, id: string, changes: Record<string, GraphNode['params'][string] | undefined>): GraphDoc {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== id) return n;
      const params = { ...n.params };
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) delete params[key];
        else params[key] = value;
      }
      return { ...n, params };
    }),
  };
}

export function moveNodes(graph: GraphDoc, positions: ReadonlyMap<string, Position> | Record<string, Position>): GraphDoc {
  const lookup = positions instanceof Map ? positions : new Map(Object.entries(positions));
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (lookup.has(n.id) ? { ...n, position: { ...lookup.get(n.id)! } } : n)),
  };
}

/** Reorders a node's inputs: `order` lists its current slots in the new order; slots become 0..n-1. */
export function reorderInputs(graph: GraphDoc, target: string, order: number[]): OpResult {
  const into = graph.edges.filter((e) => e.target === target);
  const current = into.map((e) => e.targetSlot).sort((a, b) => a - b);
  if ([...order].sort((a, b) => a - b).join() !== current.join()) {
    return { ok: false, reason: `expected a permutation of slots ${current.join(', ')}, got ${order.join(', ')}` };
  }
  const newSlot = new Map(order.map((slot, i) => [slot, i]));
  return {
    ok: true,
    graph: {
      ...graph,
      edges: graph.edges.map((e) => {
        if (e.target !== target) return e;
        const slot = newSlot.get(e.targetSlot)!;
        return { ...e, targetSlot: slot, id: edgeId(e.source, e.target, slot) };
      }),
    },
  };
}

export const renameGraph = (graph: GraphDoc, name: string): GraphDoc => ({ ...graph, name });

export function emptyGraph(name = 'Untitled'): GraphDoc {
  return { format: 'inception-studio.graph', version: 2, name, nodes: [], edges: [] };
}
