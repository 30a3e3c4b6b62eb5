import type { GraphDoc } from '../../src/graph/types';

/** Undo and redo stacks of whole documents; documents share unchanged nodes, so each entry is cheap. */
export interface History {
  /** Older documents, oldest first. */
  past: readonly GraphDoc[];
  /** Undone documents, the next redo last. */
  future: readonly GraphDoc[];
  /** The coalescing key of the last recorded edit; a following edit with the same key joins it. */
  key: string | null;
}

/** How many edits can be undone. */
export const HISTORY_LIMIT = 200;

export const emptyHistory = (): History => ({ past: [], future: [], key: null });

/**
 * Records that `before` was replaced by an edit. With a `key` equal to the previous edit's key
 * (typing in one field), nothing is pushed: one undo takes back the whole run of edits.
 */
export function record(history: History, before: GraphDoc, key: string | null = null): History {
  if (key !== null && key === history.key && history.past.length > 0) return { ...history, future: [] };
  const past = history.past.length >= HISTORY_LIMIT ? history.past.slice(-(HISTORY_LIMIT - 1)) : history.past;
  return { past: [...past, before], future: [], key };
}

/** Ends coalescing, so the next edit is its own undo step (a field lost focus). */
export const seal = (history: History): History => (history.key === null ? history : { ...history, key: null });

/** Steps back: the document to show and the new history; null when there is nothing to undo. */
export function undo(history: History, current: GraphDoc): { history: History; doc: GraphDoc } | null {
  if (history.past.length === 0) return null;
  const doc = history.past[history.past.length - 1];
  return { doc, history: { past: history.past.slice(0, -1), future: [...history.future, current], key: null } };
}

/** Steps forward again after an undo; null when there is nothing to redo. */
export function redo(history: History, current: GraphDoc): { history: History; doc: GraphDoc } | null {
  if (history.future.length === 0) return null;
  const doc = history.future[history.future.length - 1];
  return { doc, history: { past: [...history.past, current], future: history.future.slice(0, -1), key: null } };
}
