import { freshId } from '../graph/ops';
import type { GraphDoc, GraphEdge, GraphNode, Position } from '../graph/types';
import { MIN_NODE_WIDTH, nodeBoxSize } from '../graph/layout/nodeSize';
import { getLayer } from '../layers/catalog';
import type { SubNode } from '../layers/define';
import { resolveParams } from '../layers/params';

/**
 * "Exploding" a composite block (Inception, ConvBNReLU) replaces it with the nodes its declaration
 * expands to, as ordinary editable nodes: Inception becomes ConvBNReLU blocks, a MaxPool and a Concat;
 * a ConvBNReLU becomes Conv2D, BatchNorm and ReLU. Shapes, counts and layer names stay the same.
 */

/** Vertical distance between the rows of an exploded block, in canvas pixels. */
export const EXPLODE_ROW = 110;
/** Horizontal distance between the branches of an exploded block, where their boxes are no wider than the standard 220 px. */
export const EXPLODE_COLUMN = 250;

export type ExplodeResult = { ok: true; graph: GraphDoc; ids: string[] } | { ok: false; reason: string };

/** True when the node's kind is a composite block that can be exploded. */
export function canExplode(graph: Pick<GraphDoc, 'nodes'>, id: string): boolean {
  const node = graph.nodes.find((n) => n.id === id);
  return Boolean(node && getLayer(node.kind)?.composite);
}

const edgeId = (source: string, target: string, slot: number) => `${source}__${target}__${slot}`;

/** Row (longest path from the block's input) and branch column of each sub-node. */
function placeSubNodes(subs: readonly SubNode[]): { row: Map<string, number>; column: Map<string, number>; columns: number } {
  const row = new Map<string, number>();
  const column = new Map<string, number>();
  let columns = 0;
  for (const sub of subs) {
    const inner = sub.inputs.filter((from) => from !== '$in');
    row.set(sub.id, inner.length ? Math.max(...inner.map((from) => row.get(from)! + 1)) : 0);
    if (inner.length === 0) column.set(sub.id, columns++);
    else column.set(sub.id, inner.reduce((sum, from) => sum + column.get(from)!, 0) / inner.length);
  }
  return { row, column, columns: Math.max(columns, 1) };
}

/**
 * Replaces one composite node by its sub-nodes. The block's input edge feeds every sub-node that read
 * the block's input; the block's output edges leave from its last sub-node, keeping their slots. Nodes
 * below the block move down to make room. Sub-node ids are the block's own expansion ids
 * (`inception3a_b2_reduce`), renumbered only where an id is already taken.
 * @example
 * const result = explodeNode(googlenet, 'inception3a');
 * if (result.ok) inferGraph(result.graph).totals; // the same totals as before
 */
export function explodeNode(graph: GraphDoc, id: string): ExplodeResult {
  const index = graph.nodes.findIndex((n) => n.id === id);
  if (index < 0) return { ok: false, reason: `no node "${id}"` };
  const node = graph.nodes[index];
  const layer = getLayer(node.kind);
  if (!layer?.composite) return { ok: false, reason: `${id} is a ${node.kind}, not a block that can be exploded` };
  const { values, issues } = resolveParams(layer.params, node.params);
  if (issues.length) return { ok: false, reason: `fix ${id}.${issues[0].field} first: ${issues[0].message}` };

  const subs = layer.expand(id, values);
  const incoming = graph.edges.filter((e) => e.target === id).sort((a, b) => a.targetSlot - b.targetSlot);
  const feed = incoming[0]?.source ?? null;
  const others = graph.nodes.filter((n) => n.id !== id);
  const scratch: GraphDoc = { ...graph, nodes: [...others] };
  const rename = new Map<string, string>();
  for (const sub of subs) {
    const fresh = freshId(scratch, sub.id);
    rename.set(sub.id, fresh);
    scratch.nodes.push({ id: fresh, kind: sub.kind, params: {}, position: { x: 0, y: 0 } });
  }

  const { row, column, columns } = placeSubNodes(subs);
  const rows = Math.max(...subs.map((s) => row.get(s.id)!)) + 1;
  // Columns apart by at least the widest new box (long ids widen a node) and a gap.
  const pitch = Math.max(EXPLODE_COLUMN, ...subs.map((sub) => {
    const kind = getLayer(sub.kind);
    const text = { id: rename.get(sub.id)!, title: kind?.title ?? sub.kind, shape: '', params: '', badges: Number(Boolean(kind?.composite)) };
    return nodeBoxSize(text).width + EXPLODE_COLUMN - MIN_NODE_WIDTH;
  }));
  const at = (sub: SubNode): Position => ({
    x: node.position.x + (column.get(sub.id)! - (columns - 1) / 2) * pitch,
    y: node.position.y + row.get(sub.id)! * EXPLODE_ROW,
  });
  const created: GraphNode[] = subs.map((sub) => ({ id: rename.get(sub.id)!, kind: sub.kind, params: { ...sub.params }, position: at(sub) }));

  const extra = (rows - 1) * EXPLODE_ROW;
  const shifted = (n: GraphNode): GraphNode =>
    extra > 0 && n.position.y > node.position.y ? { ...n, position: { x: n.position.x, y: n.position.y + extra } } : n;
  const nodes = [
    ...graph.nodes.slice(0, index).map(shifted),
    ...created,
    ...graph.nodes.slice(index + 1).map(shifted),
  ];

  const inner: GraphEdge[] = subs.flatMap((sub) =>
    sub.inputs.flatMap((from, slot) => {
      const source = from === '$in' ? feed : rename.get(from)!;
      if (source === null) return [];
      const target = rename.get(sub.id)!;
      return [{ id: edgeId(source, target, slot), source, target, targetSlot: slot }];
    }),
  );
  const last = rename.get(subs[subs.length - 1].id)!;
  const edges: GraphEdge[] = [];
  for (const edge of graph.edges) {
    if (edge.target === id) continue;
    if (edge.source === id) edges.push({ ...edge, id: edgeId(last, edge.target, edge.targetSlot), source: last });
    else edges.push(edge);
  }
  return { ok: true, graph: { ...graph, nodes, edges: [...edges, ...inner] }, ids: created.map((n) => n.id) };
}

/** Explodes every composite block, repeatedly, until only primitive layers remain (blocks with invalid params stay). */
export function explodeAll(graph: GraphDoc): GraphDoc {
  let current = graph;
  const stuck = new Set<string>();
  for (;;) {
    const block = current.nodes.find((n) => !stuck.has(n.id) && getLayer(n.kind)?.composite);
    if (!block) return current;
    const result = explodeNode(current, block.id);
    if (result.ok) current = result.graph;
    else stuck.add(block.id);
  }
}
