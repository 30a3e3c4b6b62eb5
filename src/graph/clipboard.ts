import { freshId } from './ops';
import { parseGraphText } from './schema';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc, type GraphEdge, type GraphNode, type Position } from './types';

/**
 * Copy and paste of part of a design. A copied selection keeps the edges that run between its own
 * nodes (edges to nodes outside it are dropped); a paste gives every node a fresh id and rewires
 * those inner edges to the new ids, so a pasted chain stays connected.
 */

/** A copied part of a design: deep copies of its nodes and the edges between them. */
export interface GraphClip {
  nodes: GraphNode[];
  /** Only edges whose source and target are both in `nodes`. */
  edges: GraphEdge[];
}

/** The selected nodes (in document order) and the edges inside the selection; null when nothing is selected. */
export function copyNodes(graph: GraphDoc, ids: Iterable<string>): GraphClip | null {
  const chosen = new Set(ids);
  const nodes = graph.nodes.filter((n) => chosen.has(n.id));
  if (nodes.length === 0) return null;
  const edges = graph.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  return structuredClone({ nodes, edges });
}

/** `conv_3` → `conv`: the stem fresh ids of a pasted node start from. */
const stemOf = (id: string): string => id.replace(/_\d+$/, '') || id;

/**
 * Adds a clip to the design, moved by `offset`; returns the new design and the new nodes' ids
 * (in clip order). Inner edges keep their target slots.
 * @example
 * const clip = copyNodes(graph, ['flatten', 'fc'])!;
 * const { graph: next, ids } = pasteClip(graph, clip, { x: 40, y: 40 }); // ids: ['flatten_2', 'fc_2']
 */
export function pasteClip(graph: GraphDoc, clip: GraphClip, offset: Position): { graph: GraphDoc; ids: string[] } {
  const renamed = new Map<string, string>();
  const nodes = [...graph.nodes];
  const scratch: GraphDoc = { ...graph, nodes };
  for (const node of clip.nodes) {
    const id = freshId(scratch, stemOf(node.id));
    renamed.set(node.id, id);
    nodes.push({
      id,
      kind: node.kind,
      params: { ...node.params },
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    });
  }
  const edges = clip.edges.map((edge) => {
    const source = renamed.get(edge.source)!;
    const target = renamed.get(edge.target)!;
    return { id: `${source}__${target}__${edge.targetSlot}`, source, target, targetSlot: edge.targetSlot };
  });
  return { graph: { ...graph, nodes, edges: [...graph.edges, ...edges] }, ids: [...renamed.values()] };
}

/**
 * A clip as text for the system clipboard: a graph document holding just the clip, so it pastes into
 * another window of the app, and into a text editor as a design file of its own.
 */
export function clipToText(clip: GraphClip): string {
  return JSON.stringify({ format: GRAPH_FORMAT, version: GRAPH_VERSION, name: 'Copied nodes', nodes: clip.nodes, edges: clip.edges }, null, 2);
}

/**
 * Text from the system clipboard as a clip: any valid graph document with nodes (a copied clip, or a
 * whole design file's text), validated like an opened file (size and all); null for anything else.
 */
export function clipFromText(text: string): GraphClip | null {
  if (!text.trimStart().startsWith('{')) return null;
  const parsed = parseGraphText(text, 'the clipboard');
  if (!parsed.ok || parsed.graph.nodes.length === 0) return null;
  return { nodes: parsed.graph.nodes, edges: parsed.graph.edges };
}

