import type { Edge, Node } from '@xyflow/react';
import type { GraphDoc, GraphError, GraphNode } from '../../src/graph/types';
import type { GraphInference, NodeInference } from '../../src/shapes/infer';

/** What a layer node on the canvas renders: the design's node and what inference says of it. */
export type LayerNodeData = {
  node: GraphNode;
  info: NodeInference | undefined;
  /** The node's error messages, one per line; empty when it has none. */
  errors: string;
};

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

/** One line for an error shown on its node: the field, then the message. */
export function describeNodeError(error: GraphError): string {
  return error.field ? `${error.field}: ${error.message}` : error.message;
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

/**
 * The canvas nodes for a design. A previous node is reused as is when its design node,
 * inference and errors are unchanged, so memoised node components skip re-rendering;
 * what React Flow owns (measured size, selection, dragging) carries over.
 */
export function toFlowNodes(
  doc: GraphDoc | null,
  inference: GraphInference | null,
  previous: readonly LayerFlowNode[],
): LayerFlowNode[] {
  if (!doc) return [];
  const before = new Map(previous.map((n) => [n.id, n]));
  const errors = errorsByNode(inference);
  return doc.nodes.map((node) => {
    const info = inference?.nodes.get(node.id);
    const nodeErrors = errors.get(node.id) ?? '';
    const old = before.get(node.id);
    if (old && old.data.node === node && old.data.info === info && old.data.errors === nodeErrors) return old;
    return {
      ...old,
      id: node.id,
      type: 'layer',
      position: { x: node.position.x, y: node.position.y },
      data: { node, info, errors: nodeErrors },
    };
  });
}

/** The canvas edges for a design; the slot is part of the label only where a node has several inputs. */
export function toFlowEdges(doc: GraphDoc | null): Edge[] {
  if (!doc) return [];
  const inputs = new Map<string, number>();
  for (const edge of doc.edges) inputs.set(edge.target, (inputs.get(edge.target) ?? 0) + 1);
  return doc.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    label: (inputs.get(edge.target) ?? 0) > 1 ? `in ${edge.targetSlot}` : undefined,
  }));
}
