import { create } from 'zustand';
import type { FolderEvaluation } from '../../src/service/api';

/** One evaluation of a run's model on a folder: running, done, or failed. */
export type EvaluationState =
  | { dir: string; status: 'running' }
  | { dir: string; status: 'done'; result: FolderEvaluation }
  | { dir: string; status: 'failed'; error: string };

/** Folder evaluations by run, kept while the window is open so Results shows them again at once. */
export interface EvaluationsState {
  byRun: Readonly<Record<string, EvaluationState>>;
  setEvaluation(runId: string, state: EvaluationState): void;
}

export const useEvaluations = create<EvaluationsState>()((set, get) => ({
  byRun: {},
  setEvaluation: (runId, state) => {
    const current = get().byRun[runId];
    // A late answer for a folder no longer asked about is dropped.
    if (state.status !== 'running' && current && current.dir !== state.dir) return;
    set({ byRun: { ...get().byRun, [runId]: state } });
  },
}));
