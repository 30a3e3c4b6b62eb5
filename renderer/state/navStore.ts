import { create } from 'zustand';

/** The app's screens; Results belongs to Runs in the rail. */
export type Screen = 'design' | 'dataset' | 'train' | 'runs' | 'results' | 'try';

export interface NavState {
  screen: Screen;
  /** The run the Results screen shows. */
  resultsRunId: string | null;
  go(screen: Screen): void;
  openResults(runId: string): void;
}

export const useNav = create<NavState>()((set) => ({
  screen: 'design',
  resultsRunId: null,
  go: (screen) => set({ screen }),
  openResults: (runId) => set({ screen: 'results', resultsRunId: runId }),
}));
