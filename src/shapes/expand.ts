import { getLayer } from '../layers/catalog';
import { resolveParams } from '../layers/params';
import { incomingEdges, topoOrder } from '../graph/topo';
import type { GraphDoc, ParamValue } from '../graph/types';

/** A node of the graph with every composite block replaced by the primitive layers it is made of. */
export interface PrimitiveNode {
  id: string;
  kind: string;
  params: Record<string, ParamValue>;
  /** Ids of the primitive nodes feeding it, in slot order. */
  inputs: string[];
  /** The id of the design's node this primitive came from. */
  origin: string;
  /**
   * Where it lives inside the PyTorch module of its design node: the non-empty `torchPath`s of the
   * sub-nodes it descends through (`['branch3x3', '0', '1']`); empty for a design node's own layer.
   */
  torchPath: string[];
}

/**
 * Flattens a design into primitive layers in topological order. Sub-node ids extend their block's id
 * (`inception3a_b2_conv`), so every engine names its layers the same way.
 */
export function expandGraph(graph: Pick<GraphDoc, 'nodes' | 'edges'>): { nodes: PrimitiveNode[]; outputOf: Map<string, string> } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(graph);
  const outputOf = new Map<string, string>();
  const nodes: PrimitiveNode[] = [];

  const emit = (id: string, kind: string, rawParams: Record<string, ParamValue>, inputs: string[], origin: string, torchPath: string[]): string => {
    const layer = getLayer(kind);
    if (!layer) throw new Error(`node ${id}: unknown layer kind "${kind}"`);
    const { values } = resolveParams(layer.params, rawParams);
    if (!layer.composite) {
      nodes.push({ id, kind, params: values, inputs, origin, torchPath });
      return id;
    }
    const local = new Map<string, string>();
    let last = inputs[0];
    for (const sub of layer.expand(id, values)) {
      const subInputs = sub.inputs.map((from) => (from === '$in' ? inputs[0] : local.get(from)!));
      last = emit(sub.id, sub.kind, sub.params, subInputs, origin, sub.torchPath ? [...torchPath, ...sub.torchPath.split('.')] : torchPath);
      local.set(sub.id, last);
    }
    return last;
  };

  for (const id of topoOrder(graph).order) {
    const node = byId.get(id)!;
    const inputs = (incoming.get(id) ?? []).map((e) => outputOf.get(e.source)!);
    outputOf.set(id, emit(id, node.kind, node.params, inputs, id, []));
  }
  return { nodes, outputOf };
}
