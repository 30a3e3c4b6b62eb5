import type { GraphDoc } from '../graph/types';

/** A design, or the folder of a run (trained by either engine). */
export type ExportSource = GraphDoc | string;

/** What an export wrote. */
export interface ExportResult {
  outDir: string;
  /** Paths relative to `outDir`. */
  files: string[];
  /** False when the export has no trained weights (a design, or a run without a checkpoint yet). */
  trained: boolean;
  /** Which engine trained the weights. */
  engine: 'torch' | 'tfjs' | null;
}

/** True when the source is a run folder rather than a design. */
export const isRun = (source: ExportSource): source is string => typeof source === 'string';
