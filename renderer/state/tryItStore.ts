import { create } from 'zustand';
import type { ClassificationInfo } from '../../src/service/api';

/** The folder classification Try it shows; kept outside the screen so that it survives a visit elsewhere. */
export interface ClassifyState {
  current: ClassificationInfo | null;
  setCurrent(current: ClassificationInfo | null): void;
}

export const useClassify = create<ClassifyState>()((set) => ({
  current: null,
  setCurrent: (current) => set({ current }),
}));
