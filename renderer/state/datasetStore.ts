import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { persisted } from './persisted';
import type { AugmentSpec } from '../../src/contract/augment';
import type { DatasetSummary } from '../../src/service/api';
import { DEFAULT_AUGMENT } from './augmentPresets';

/** The image folder chosen for training, what its scan found, and how it is split and augmented. */
export interface DatasetState {
  dir: string | null;
  /** The scan of `dir`; null until it answers. */
  summary: DatasetSummary | null;
  scanning: boolean;
  /** Why the last scan failed. */
  error: string | null;
  /** A separate validation folder; null holds out `validationFraction` of each class instead. */
  valDir: string | null;
  validationFraction: number;
  resize: 'crop' | 'stretch';
  augment: AugmentSpec;

  /** A folder was chosen; its scan is on the way. */
  scanStarted(dir: string): void;
  scanDone(dir: string, summary: DatasetSummary): void;
  scanFailed(dir: string, error: string): void;
  setValDir(dir: string | null): void;
  setValidationFraction(fraction: number): void;
  setResize(resize: 'crop' | 'stretch'): void;
  setAugment(augment: Partial<AugmentSpec>): void;
}

/** The folder and its split and augmentation survive a reload; the scan is made again (`useRestoredScan`). */
export const useDataset = create<DatasetState>()(persist((set, get) => ({
  dir: null,
  summary: null,
  scanning: false,
  error: null,
  valDir: null,
  validationFraction: 0.2,
  resize: 'crop',
  augment: DEFAULT_AUGMENT,

  scanStarted: (dir) => set({ dir, scanning: true, error: null, summary: get().dir === dir ? get().summary : null }),
  // A late answer for a folder no longer chosen is dropped.
  scanDone: (dir, summary) => { if (get().dir === dir) set({ summary, scanning: false, error: null }); },
  scanFailed: (dir, error) => { if (get().dir === dir) set({ scanning: false, error, summary: null }); },
  setValDir: (valDir) => set({ valDir }),
  setValidationFraction: (validationFraction) => set({ validationFraction }),
  setResize: (resize) => set({ resize }),
  setAugment: (augment) => set({ augment: { ...get().augment, ...augment } }),
}), persisted('dataset', (s: DatasetState) => ({ dir: s.dir, valDir: s.valDir, validationFraction: s.validationFraction, resize: s.resize, augment: s.augment }))));
