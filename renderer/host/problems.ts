import { create } from 'zustand';
import { ApiError } from '../api/client';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** The connection banner already says so; no second message for each failed call. */
const isConnectionLoss = (error: unknown): boolean => error instanceof ApiError && error.code === 'CONNECTION_LOST';

/** The one error banner of the window: what failed and the host's message. */
export interface ProblemState {
  problem: string | null;
  report(what: string, error: unknown): void;
  dismiss(): void;
}

export const useProblems = create<ProblemState>()((set) => ({
  problem: null,
  report: (what, error) => {
    if (!isConnectionLoss(error)) set({ problem: `${what}: ${messageOf(error)}` });
  },
  dismiss: () => set({ problem: null }),
}));

/** `report` without subscribing to the store (stable, for hooks' dependencies). */
export const report = (what: string, error: unknown): void => useProblems.getState().report(what, error);
