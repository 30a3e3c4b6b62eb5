import { create } from 'zustand';
import { clipFromText, clipToText, copyNodes, pasteClip, type GraphClip } from '../../src/graph/clipboard';
import { addNode, disconnect, freshId, removeNodes, renameGraph, reorderInputs, setParams } from '../../src/graph/ops';
import type { GraphDoc, ParamValue, Position } from '../../src/graph/types';
import { getLayer } from '../../src/layers/catalog';
import { defaultParams } from '../../src/layers/params';
import { explodeAll, explodeNode } from '../../src/shapes/explode';
import { freezeUpTo, setFrozen } from '../../src/graph/freeze';
import { inferGraph, type GraphInference } from '../../src/shapes/infer';
import { connectChecked } from './checkedConnection';
import { emptyHistory, record, redo, seal, undo, type History } from './undoHistory';
import { idStem, sameDesign, sameStructure } from './designDocs';

/** A short message for the user: why a connection was refused, what was saved. */
export interface Notice {
  /** Grows with each notice, so the same text twice still shows again. */
  id: number;
  text: string;
  tone: 'error' | 'info';
}

/** What a fit request shows: the whole design, its top at a readable zoom, or these nodes. */
export type FitTarget = 'all' | 'readable' | readonly string[];

/** Canvas preferences; not part of the design. */
export interface ViewOptions {
  snapToGrid: boolean;
  /** Label every edge with the tensor shape it carries. */
  edgeShapes: boolean;
  minimap: boolean;
}

export interface OpenOptions {
  /** The preset the design came from; selected in the Presets menu until the first edit. */
  presetName?: string | null;
  /** The file it was opened from, where Save writes. */
  path?: string | null;
  /** False for a design with unsaved changes (restored from an autosave). Default true. */
  clean?: boolean;
}

/**
 * The editor's state: the open design, what is derived from it, undo history, selection and clipboard.
 * Every edit is a pure function of the document (src/graph/ops, clipboard, explode; editor/connection);
 * actions call one and `set()` the result. No I/O here: files and autosave live in components.
 */
export interface EditorState {
  doc: GraphDoc | null;
  /** `inferGraph(doc)`; reused when only positions change. */
  inference: GraphInference | null;
  presetName: string | null;
  /** Where Save writes; null until the design is saved or opened from a file. */
  filePath: string | null;
  /** The document as last opened or saved; the design is dirty while `doc !== savedDoc`. */
  savedDoc: GraphDoc | null;
  /** Counts `openDoc` calls, so the canvas starts afresh for each opened design. */
  openCount: number;
  /** Ids of the selected nodes and edges. */
  selection: readonly string[];
  selectedEdges: readonly string[];
  history: History;
  clipboard: GraphClip | null;
  /** The clipboard as the text put on the system clipboard (`clipToText`), to recognise our own copy. */
  clipboardText: string | null;
  /** How many times the clipboard was pasted, so each paste lands a step further. */
  pasteCount: number;
  /** Composite nodes that show their branches on the canvas. */
  expanded: ReadonlySet<string>;
  notice: Notice | null;
  view: ViewOptions;
  /**
   * Grows with each request to fit the design in view; the canvas fits after its next render:
   * `all` the whole design, `readable` as much as fits at a readable zoom (as when a design opens), or some nodes.
   */
  fitRequest: { n: number; target: FitTarget };
  /** The design that is training and cannot be edited until its run ends; other opened designs stay editable. */
  lock: { doc: GraphDoc; runId: string } | null;

  openDoc(doc: GraphDoc, options?: OpenOptions): void;
  /** Records that `saved` was written to `path`; the design is clean if nothing changed since. */
  markSaved(saved: GraphDoc, path: string): void;
  /** Adds a layer with default params; with `after`, also connects that node to it. Returns the new id. */
  addLayer(kind: string, position: Position, after?: string | null): string | null;
  /** Connects source → target, or shows why not; returns the refusal reason, or null. */
  connect(source: string, target: string): string | null;
  /** Sets one param (`undefined` restores its default). Edits of one field coalesce into one undo step until `endTyping`. */
  setParam(id: string, name: string, value: ParamValue | undefined): void;
  endTyping(): void;
  rename(name: string): void;
  reorderInputs(target: string, order: number[]): void;
  /** Moves nodes as one undo step (a finished drag, an auto-layout). */
  moveNodes(positions: ReadonlyMap<string, Position>): void;
  /**
   * Moves nodes out from under a block that shows its branches: a side effect of looking, not an edit, so
   * it is no undo step, keeps the preset selected and leaves a saved design saved.
   */
  makeRoom(positions: ReadonlyMap<string, Position>): void;
  removeSelection(): void;
  /** Replaces a composite node by its sub-nodes; `all` explodes every block in the design. */
  explode(id: string | 'all'): void;
  /** Freezes nodes (their weights kept as they are when fine-tuning) or makes them trainable again; one undo step. */
  setFrozen(ids: readonly string[], frozen: boolean): void;
  /** "Freeze everything up to here": the node and every node it depends on; one undo step. */
  freezeUpTo(id: string): void;
  undo(): void;
  redo(): void;
  copy(): void;
  cut(): void;
  paste(): void;
  /**
   * Pastes what the system clipboard holds: our own last copy (pasted a step further each time), or any
   * design text (`clipFromText`); null text pastes the in-app clipboard. False when the text is no design.
   */
  pasteText(text: string | null): boolean;
  duplicate(): void;
  selectAll(): void;
  setSelection(nodes: readonly string[], edges?: readonly string[]): void;
  setEdgeSelection(edges: readonly string[]): void;
  toggleExpanded(id: string): void;
  say(text: string, tone?: Notice['tone']): void;
  dismissNotice(): void;
  setView(view: Partial<ViewOptions>): void;
  requestFit(target?: FitTarget): void;
  /** Makes the open design read-only while run `runId` trains it. */
  lockForRun(runId: string): void;
  /** Ends the lock of run `runId` (any lock when omitted). */
  unlock(runId?: string): void;
}

/** Where a paste lands relative to the copied nodes, per paste. */
const PASTE_STEP = { x: 40, y: 40 };

export const useEditor = create<EditorState>()((set, get) => {
  /** Sets an edited document, recording the previous one for undo. */
  const commit = (doc: GraphDoc, key: string | null = null, extra: Partial<EditorState> = {}) => {
    const s = get();
    if (!s.doc || doc === s.doc || refuseLocked()) return;
    // An edit that changes nothing one can see is no undo step.
    if (sameDesign(doc, s.doc)) {
      if (Object.keys(extra).length) set(extra);
      return;
    }
    const before = key !== null && key === s.history.key ? s.history.past.at(-1) : undefined;
    if (before && sameDesign(doc, before)) {
      // Typing in one field came back to what it was: the step it had opened goes, the document is the old one.
      set({ doc: before, inference: inferGraph(before), history: { ...s.history, past: s.history.past.slice(0, -1), key: null }, presetName: null, ...extra });
      return;
    }
    set({
      doc,
      inference: s.inference && sameStructure(s.doc, doc) ? s.inference : inferGraph(doc),
      history: record(s.history, s.doc, key),
      presetName: null,
      ...extra,
    });
  };

  /** Shows a document from the history, keeping the selection that still exists. */
  const travel = (step: { doc: GraphDoc; history: History } | null) => {
    const s = get();
    if (!step || !s.doc || refuseLocked()) return;
    const ids = new Set(step.doc.nodes.map((n) => n.id));
    const edgeIds = new Set(step.doc.edges.map((e) => e.id));
    set({
      doc: step.doc,
      history: step.history,
      inference: s.inference && sameStructure(s.doc, step.doc) ? s.inference : inferGraph(step.doc),
      selection: s.selection.filter((id) => ids.has(id)),
      selectedEdges: s.selectedEdges.filter((id) => edgeIds.has(id)),
      presetName: null,
    });
  };

  const say = (text: string, tone: Notice['tone'] = 'info') =>
    set({ notice: { id: (get().notice?.id ?? 0) + 1, text, tone } });

  /** True (and says why) when the open design is training. */
  const refuseLocked = (): boolean => {
    const s = get();
    if (!selectReadOnly(s)) return false;
    say(`The design is read-only while it trains (run ${s.lock!.runId}). Stop the run to edit it.`, 'error');
    return true;
  };

  return {
    doc: null,
    inference: null,
    presetName: null,
    filePath: null,
    savedDoc: null,
    openCount: 0,
    selection: [],
    selectedEdges: [],
    history: emptyHistory(),
    clipboard: null,
    clipboardText: null,
    pasteCount: 0,
    expanded: new Set(),
    notice: null,
    view: { snapToGrid: false, edgeShapes: false, minimap: true },
    fitRequest: { n: 0, target: 'all' },
    lock: null,

    openDoc: (doc, { presetName = null, path = null, clean = true } = {}) =>
      set({
        doc,
        inference: inferGraph(doc),
        presetName,
        filePath: path,
        savedDoc: clean ? doc : null,
        openCount: get().openCount + 1,
        selection: [],
        selectedEdges: [],
        history: emptyHistory(),
        expanded: new Set(),
      }),

    markSaved: (saved, path) => set({ savedDoc: saved, filePath: path }),

    addLayer: (kind, position, after = null) => {
      const { doc, inference } = get();
      const layer = getLayer(kind);
      if (!doc || !layer || refuseLocked()) return null;
      const added = addNode(doc, kind, position, defaultParams(layer.params), freshId(doc, idStem(kind)));
      let next = added.graph;
      if (after && doc.nodes.some((n) => n.id === after)) {
        const joined = connectChecked(next, inference, after, added.id);
        if (joined.ok) next = joined.graph;
        else say(`Added ${added.id} unconnected: ${joined.reason}`, 'error');
      }
      commit(next, null, { selection: [added.id], selectedEdges: [] });
      return added.id;
    },

    connect: (source, target) => {
      const { doc, inference } = get();
      if (!doc) return 'no design is open';
      const result = connectChecked(doc, inference, source, target);
      if (!result.ok) {
        say(`Not connected: ${result.reason}`, 'error');
        return result.reason;
      }
      commit(result.graph);
      return null;
    },

    setParam: (id, name, value) => {
      const { doc } = get();
      if (doc) commit(setParams(doc, id, { [name]: value }), `param:${id}:${name}`);
    },

    endTyping: () => set({ history: seal(get().history) }),

    rename: (name) => {
      const { doc } = get();
      if (doc && doc.name !== name) commit(renameGraph(doc, name), 'rename');
    },

    reorderInputs: (target, order) => {
      const { doc } = get();
      if (!doc) return;
      const result = reorderInputs(doc, target, order);
      if (result.ok) commit(result.graph);
      else say(result.reason, 'error');
    },

    moveNodes: (positions) => {
      const { doc } = get();
      if (doc) commit(withPositions(doc, positions));
    },

    makeRoom: (positions) => {
      const s = get();
      if (!s.doc || selectReadOnly(s)) return;
      const next = withPositions(s.doc, positions);
      if (next !== s.doc) set({ doc: next, ...(s.savedDoc === s.doc && { savedDoc: next }) });
    },

    removeSelection: () => {
      const { doc, selection, selectedEdges } = get();
      if (!doc || (selection.length === 0 && selectedEdges.length === 0)) return;
      commit(disconnect(removeNodes(doc, selection), selectedEdges), null, { selection: [], selectedEdges: [] });
    },

    explode: (id) => {
      const { doc, expanded } = get();
      if (!doc) return;
      if (id === 'all') {
        commit(explodeAll(doc), null, { selection: [], selectedEdges: [], expanded: new Set() });
        return;
      }
      const result = explodeNode(doc, id);
      if (!result.ok) {
        say(result.reason, 'error');
        return;
      }
      const open = new Set(expanded);
      open.delete(id);
      commit(result.graph, null, {
        selection: result.ids,
        selectedEdges: [],
        expanded: open,
        fitRequest: { n: get().fitRequest.n + 1, target: result.ids },
      });
    },

    setFrozen: (ids, frozen) => {
      const { doc } = get();
      if (doc) commit(setFrozen(doc, ids, frozen));
    },

    freezeUpTo: (id) => {
      const { doc } = get();
      if (doc?.nodes.some((n) => n.id === id)) commit(freezeUpTo(doc, id));
    },

    undo: () => {
      const { doc, history } = get();
      if (doc) travel(undo(history, doc));
    },
    redo: () => {
      const { doc, history } = get();
      if (doc) travel(redo(history, doc));
    },

    copy: () => {
      const { doc, selection } = get();
      const clip = doc && copyNodes(doc, selection);
      if (clip) set({ clipboard: clip, clipboardText: clipToText(clip), pasteCount: 0 });
    },
    cut: () => {
      get().copy();
      get().removeSelection();
    },
    paste: () => {
      const { doc, clipboard, pasteCount } = get();
      if (!doc || !clipboard) return;
      const n = pasteCount + 1;
      const { graph, ids } = pasteClip(doc, clipboard, { x: PASTE_STEP.x * n, y: PASTE_STEP.y * n });
      commit(graph, null, { selection: ids, selectedEdges: [], pasteCount: n });
    },
    pasteText: (text) => {
      if (text !== null && text !== get().clipboardText) {
        const clip = clipFromText(text);
        if (!clip) return false;
        set({ clipboard: clip, clipboardText: text, pasteCount: 0 });
      }
      get().paste();
      return true;
    },
    duplicate: () => {
      const { doc, selection } = get();
      const clip = doc && copyNodes(doc, selection);
      if (!doc || !clip) return;
      const { graph, ids } = pasteClip(doc, clip, PASTE_STEP);
      commit(graph, null, { selection: ids, selectedEdges: [] });
    },
    selectAll: () => set({ selection: get().doc?.nodes.map((n) => n.id) ?? [], selectedEdges: [] }),

    setSelection: (nodes, edges) => set(edges ? { selection: nodes, selectedEdges: edges } : { selection: nodes }),
    setEdgeSelection: (edges) => set({ selectedEdges: edges }),

    toggleExpanded: (id) => {
      const expanded = new Set(get().expanded);
      if (!expanded.delete(id)) expanded.add(id);
      set({ expanded });
    },

    say,
    dismissNotice: () => set({ notice: null }),
    setView: (view) => set({ view: { ...get().view, ...view } }),
    requestFit: (target = 'readable') => set({ fitRequest: { n: get().fitRequest.n + 1, target } }),
    lockForRun: (runId) => {
      const { doc } = get();
      if (doc) set({ lock: { doc, runId } });
    },
    unlock: (runId) => {
      const { lock } = get();
      if (lock && (runId === undefined || lock.runId === runId)) set({ lock: null });
    },
  };
});

/** True while the open design is the one a run is training. */
export const selectReadOnly = (s: EditorState): boolean => s.lock !== null && s.lock.doc === s.doc;

/** True while the design has changes that are not saved. */
export const selectDirty = (s: EditorState): boolean => s.doc !== null && s.doc !== s.savedDoc;

/** A copy of `doc` with the given nodes moved; untouched nodes keep their identity, and an unchanged doc is returned as is. */
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
