import type { GraphDoc, GraphEdge } from './types';

type Structure = Pick<GraphDoc, 'nodes' | 'edges'>;

/** Incoming edges of each node, sorted by target slot. */
export function incomingEdges(graph: Structure): Map<string, GraphEdge[]> {
  const incoming = new Map<string, GraphEdge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) incoming.get(edge.target)?.push(edge);
  for (const list of incoming.values()) list.sort((a, b) => a.targetSlot - b.targetSlot);
  return incoming;
}

function successors(graph: Structure): Map<string, string[]> {
  const next = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) next.get(edge.source)?.push(edge.target);
  return next;
}

/**
 * Kahn's topological order. Nodes on a cycle, or downstream of one, are left out of `order`
 * and listed in `unordered`; ties keep document order, so the result is deterministic.
 */
export function topoOrder(graph: Structure): { order: string[]; unordered: string[] } {
  const next = successors(graph);
  const indegree = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  for (const edge of graph.edges) {
    if (indegree.has(edge.target) && indegree.has(edge.source)) indegree.set(edge.target, indegree.get(edge.target)! + 1);
  }
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i];
    order.push(id);
    for (const target of next.get(id) ?? []) {
      const left = indegree.get(target)! - 1;
      indegree.set(target, left);
      if (left === 0) ready.push(target);
    }
  }
  const placed = new Set(order);
  return { order, unordered: graph.nodes.map((n) => n.id).filter((id) => !placed.has(id)) };
}

/** The nodes of one cycle in edge order (`a → b → a` gives `[a, b]`), or null when the graph is acyclic. */
export function findCycle(graph: Structure): string[] | null {
  const next = successors(graph);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  for (const start of graph.nodes) {
    if (state.has(start.id)) continue;
    // Iterative DFS: a stack of [node, index of its next successor to visit].
    const stack: [string, number][] = [[start.id, 0]];
    state.set(start.id, 'open');
    path.push(start.id);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const targets = next.get(top[0]) ?? [];
      if (top[1] >= targets.length) {
        state.set(top[0], 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const target = targets[top[1]++];
      if (state.get(target) === 'open') return path.slice(path.indexOf(target));
      if (!state.has(target) && next.has(target)) {
        state.set(target, 'open');
        stack.push([target, 0]);
        path.push(target);
      }
    }
  }
  return null;
}

/** True when an edge source → target would close a cycle (target already reaches source). */
export function wouldCreateCycle(graph: Structure, source: string, target: string): boolean {
  if (source === target) return true;
  const next = successors(graph);
  const seen = new Set<string>([target]);
  const todo = [target];
  while (todo.length) {
    const id = todo.pop()!;
    for (const t of next.get(id) ?? []) {
      if (t === source) return true;
      if (!seen.has(t)) {
        seen.add(t);
        todo.push(t);
      }
    }
  }
  return false;
}
