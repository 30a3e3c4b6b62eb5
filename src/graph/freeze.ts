import { incomingEdges } from './topo';
import type { GraphDoc } from './types';

/** The design with the given nodes frozen (kept as they are in fine-tuning) or trainable again. */
export function setFrozen(graph: GraphDoc, ids: Iterable<string>, frozen: boolean): GraphDoc {
  const chosen = new Set(ids);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      if (!chosen.has(node.id)) return node;
      const { frozen: _was, ...rest } = node;
      return frozen ? { ...rest, frozen: true } : rest;
    }),
  };
}

/** The node and every node it depends on (its inputs, their inputs, …). */
export function upstreamOf(graph: Pick<GraphDoc, 'nodes' | 'edges'>, id: string): Set<string> {
  const incoming = incomingEdges(graph);
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const current = stack.pop()!;
    if (seen.has(current) || !incoming.has(current)) continue;
    seen.add(current);
    for (const edge of incoming.get(current)!) stack.push(edge.source);
  }
  return seen;
}

/** "Freeze everything up to here": the node and all it depends on frozen; nothing else changes. */
export function freezeUpTo(graph: GraphDoc, id: string): GraphDoc {
  if (!graph.nodes.some((n) => n.id === id)) throw new Error(`no node "${id}" in the design`);
  return setFrozen(graph, upstreamOf(graph, id), true);
}

/** Ids of the frozen nodes. */
export function frozenIds(graph: Pick<GraphDoc, 'nodes'>): string[] {
  return graph.nodes.filter((n) => n.frozen).map((n) => n.id);
}
