import { loadPreset } from '../../graph/presets';
import type { GraphDoc, ParamValue } from '../../graph/types';
import { getLayer } from '../../layers/catalog';
import { resolveParams } from '../../layers/params';

/** A design's nodes as comparable records: id, kind, params with defaults filled in, inputs in slot order; sorted by id. */
export function designNodes(graph: GraphDoc): { id: string; kind: string; params: Record<string, ParamValue>; inputs: string[] }[] {
  return graph.nodes
    .map((n) => ({
      id: n.id,
      kind: n.kind,
      params: resolveParams(getLayer(n.kind)!.params, n.params).values as Record<string, ParamValue>,
      inputs: graph.edges.filter((e) => e.target === n.id).sort((a, b) => a.targetSlot - b.targetSlot).map((e) => e.source),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * A preset as an exported file holds it: input `size`×`size`, without its Dropout nodes (identity at inference,
 * absent from an eval-mode export) and its Output node (the file ends in the logits), each bypassed.
 */
export function presetWithoutInferenceNoops(name: string, size: number): GraphDoc {
  const graph = loadPreset(name);
  const dropped = new Set(graph.nodes.filter((n) => n.kind === 'Dropout' || n.kind === 'Output').map((n) => n.id));
  const feed = (id: string): string => (dropped.has(id) ? feed(graph.edges.find((e) => e.target === id)!.source) : id);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !dropped.has(n.id)).map((n) => (n.kind === 'Input' ? { ...n, params: { ...n.params, height: size, width: size } } : n)),
    edges: graph.edges.filter((e) => !dropped.has(e.target)).map((e) => ({ ...e, source: feed(e.source) })),
  };
}
