import { create } from 'zustand';
import { ApiError } from '../api/client';
import { appErrorMessage } from './errorOptions';

/** The connection banner already says so; no second message for each failed call. */
const isConnectionLoss = (error: unknown): boolean => error instanceof ApiError && error.code === 'CONNECTION_LOST';

/** The one error banner of the window: what failed and the host's message. */
export interface ProblemState {
  problem: string | null;
  /** What the shown problem is about (`report`'s `topic`), so a later success can clear it. */
  topic: string | null;
  report(what: string, error: unknown, topic?: string): void;
  dismiss(): void;
  /** Clears the banner when it is about `topic` (an import that succeeded after one that failed). */
  resolved(topic: string): void;
}

export const useProblems = create<ProblemState>()((set, get) => ({
  problem: null,
  topic: null,
  report: (what, error, topic) => {
    if (!isConnectionLoss(error)) set({ problem: `${what}: ${appErrorMessage(error)}`, topic: topic ?? null });
  },
  dismiss: () => set({ problem: null, topic: null }),
  resolved: (topic) => {
    if (get().topic === topic) set({ problem: null, topic: null });
  },
}));

/** The topic of import failures. */
export const IMPORT_TOPIC = 'import';

/** `report` without subscribing to the store (stable, for hooks' dependencies). */
export const report = (what: string, error: unknown): void => useProblems.getState().report(what, error);
