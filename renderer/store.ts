import { create } from 'zustand';
import type { GraphDoc, Position } from '../src/graph/types';
import { inferGraph, type GraphInference } from '../src/shapes/infer';

/** The editor's state: the open design and what is derived from it. Actions are pure; no I/O here. */
export interface EditorState {
  doc: GraphDoc | null;
  /** `inferGraph(doc)`, recomputed whenever the nodes or edges change. */
  inference: GraphInference | null;
  /** The preset the design came from, while it is unchanged; null otherwise. */
  presetName: string | null;
  /** Counts `openDoc` calls, so the canvas can refit when another design opens. */
  openCount: number;
  /** Ids of the selected nodes. */
  selection: readonly string[];

  /** Replaces the design (a loaded preset or file). */
  openDoc(doc: GraphDoc, presetName?: string | null): void;
  /** Sets an edited version of the current design. */
  updateDoc(doc: GraphDoc): void;
  /** Moves nodes; shapes and counts do not depend on positions, so the inference is kept. */
  moveNodes(positions: ReadonlyMap<string, Position>): void;
  setSelection(ids: readonly string[]): void;
}

export const useEditor = create<EditorState>()((set, get) => ({
  doc: null,
  inference: null,
  presetName: null,
  openCount: 0,
  selection: [],

  openDoc: (doc, presetName = null) =>
    set({ doc, inference: inferGraph(doc), presetName, openCount: get().openCount + 1, selection: [] }),
  updateDoc: (doc) => set({ doc, inference: inferGraph(doc), presetName: null }),
  moveNodes: (positions) => {
    const { doc } = get();
    if (doc) set({ doc: withPositions(doc, positions) });
  },
  setSelection: (ids) => set({ selection: ids }),
}));

/** A copy of `doc` with the given nodes moved; untouched nodes keep their identity. */
export function withPositions(doc: GraphDoc, positions: ReadonlyMap<string, Position>): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((node) => {
    const to = positions.get(node.id);
    if (!to || (to.x === node.position.x && to.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: { x: to.x, y: to.y } };
  });
  return changed ? { ...doc, nodes } : doc;
}
