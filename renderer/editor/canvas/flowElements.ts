import type { Node } from '@xyflow/react';
import type { Point } from '../../../src/graph/layout/geometry';
import type { RoutedFlowEdge } from './RoutedEdge';
import type { GraphDoc, GraphNode } from '../../../src/graph/types';
import { formatGraphError, type GraphError } from '../../../src/contract/graphErrors';
import type { GraphInference, NodeInference } from '../../../src/shapes/infer';
import { formatShape } from '../../../src/shapeMath/shape';

/** What a layer node on the canvas renders: the design's node and what inference says of it. */
export type LayerNodeData = {
  node: GraphNode;
  info: NodeInference | undefined;
  /** The node's error messages, one per line; empty when it has none. */
  errors: string;
  /** A composite node showing its branches. */
  expanded: boolean;
};

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

/** One line for an error shown on its node: the field, then the message. */
export function describeNodeError(error: GraphError): string {
  return formatGraphError({ ...error, nodeId: null });
}

/** Error lines per node id, from the node's own errors and the graph-level ones that name it. */
function errorsByNode(inference: GraphInference | null): Map<string, string> {
  const lines = new Map<string, string[]>();
  for (const error of inference?.errors ?? []) {
    if (error.nodeId === null) continue;
    const list = lines.get(error.nodeId) ?? [];
    list.push(describeNodeError(error));
    lines.set(error.nodeId, list);
  }
  return new Map([...lines].map(([id, list]) => [id, list.join('\n')]));
}

const sameShape = (a: NodeInference['shape'], b: NodeInference['shape']) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]));

/** Equal for what a node shows: shape and counts (errors are compared on their own). */
function sameInfo(a: NodeInference | undefined, b: NodeInference | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return sameShape(a.shape, b.shape)
    && a.counts.trainable === b.counts.trainable
    && a.counts.nonTrainable === b.counts.nonTrainable
    && a.counts.macs === b.counts.macs;
}

/**
 * The canvas nodes for a design. A previous node is reused as is when nothing it shows changed, so
 * memoised node components skip re-rendering after an edit elsewhere; what React Flow owns
 * (measured size, dragging) carries over, and a node being dragged keeps its place until the drop.
 */
export function toFlowNodes(
  doc: GraphDoc | null,
  inference: GraphInference | null,
  selection: ReadonlySet<string>,
  expanded: ReadonlySet<string>,
  previous: readonly LayerFlowNode[],
): LayerFlowNode[] {
  if (!doc) return [];
  const before = new Map(previous.map((n) => [n.id, n]));
  const errors = errorsByNode(inference);
  return doc.nodes.map((node) => {
    const fresh = inference?.nodes.get(node.id);
    const nodeErrors = errors.get(node.id) ?? '';
    const old = before.get(node.id);
    const info = old && sameInfo(old.data.info, fresh) ? old.data.info : fresh;
    const isExpanded = expanded.has(node.id);
    const selected = selection.has(node.id);
    if (old && old.data.node === node && old.data.info === info && old.data.errors === nodeErrors
      && old.data.expanded === isExpanded && Boolean(old.selected) === selected) {
      return old;
    }
    const data = old && old.data.node === node && old.data.info === info && old.data.errors === nodeErrors && old.data.expanded === isExpanded
      ? old.data
      : { node, info, errors: nodeErrors, expanded: isExpanded };
    return {
      ...old,
      id: node.id,
      type: 'layer',
      position: old && old.data.node === node ? old.position : { x: node.position.x, y: node.position.y },
      data,
      selected,
    };
  });
}

/**
 * The canvas edges for a design. Where a node has several inputs, each edge is labelled with its
 * slot (`in 1`), so the order of a Concat's inputs is visible; with `shapes`, every edge also
 * shows the tensor shape it carries. Each edge follows its route where the router gave one.
 */
export function toFlowEdges(
  doc: GraphDoc | null,
  inference: GraphInference | null,
  selected: ReadonlySet<string>,
  shapes: boolean,
  routes: ReadonlyMap<string, Point[]> = new Map(),
): RoutedFlowEdge[] {
  if (!doc) return [];
  const inputs = new Map<string, number>();
  for (const edge of doc.edges) inputs.set(edge.target, (inputs.get(edge.target) ?? 0) + 1);
  return doc.edges.map((edge) => {
    const slot = (inputs.get(edge.target) ?? 0) > 1 ? `in ${edge.targetSlot}` : '';
    const shape = shapes ? inference?.nodes.get(edge.source)?.shape : null;
    const label = [slot, shape ? formatShape(shape) : ''].filter(Boolean).join(' · ');
    return {
      id: edge.id,
      type: 'routed' as const,
      source: edge.source,
      target: edge.target,
      label: label || undefined,
      selected: selected.has(edge.id),
      data: { route: routes.get(edge.id) },
    };
  });
}
