import { create } from 'zustand';

/** The guided first run: train the small preset on a folder the user picks. */
export interface GuideState {
  active: boolean;
  /** The Train screen's run when the guide began; a different one is the guide's run. */
  runBefore: string | null;
  start(runBefore: string | null): void;
  end(): void;
}

export const useGuide = create<GuideState>()((set) => ({
  active: false,
  runBefore: null,
  start: (runBefore) => set({ active: true, runBefore }),
  end: () => set({ active: false }),
}));
