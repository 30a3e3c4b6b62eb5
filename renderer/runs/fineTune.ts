import type { RunInfo } from '../../src/service/api';
import type { StartFrom } from '../train/store';
import { runTitle } from './runLabels';

/** A run whose weights a new run can start from: one that finished (an imported model is stored as one). */
export const canFineTune = (run: Pick<RunInfo, 'status'>): boolean => run.status === 'completed' || run.status === 'early-stopped';

/** The Train screen's "start from" for a run. */
export const startFromRun = (run: Pick<RunInfo, 'id' | 'label' | 'name' | 'classes'>): StartFrom =>
  ({ run: run.id, name: runTitle(run), classes: run.classes });
