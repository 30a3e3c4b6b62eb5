import type { EpochEvent, TrainEvent } from './events';

/**
 * The figures every screen, the CLI and `report.json` show for a run, from its events alone.
 *
 * - **Best epoch**: the epoch whose weights are kept as the run's model — the one with the lowest
 *   validation loss (an improvement must beat the best so far by early stopping's `minDelta`; ties keep
 *   the earlier epoch; without validation, the last epoch). Both engines flag it with `best: true`
 *   (`isImprovement` here, the same rule in the PyTorch runner's `train.py`).
 * - **Best validation accuracy**: the validation accuracy *of that epoch*, not the highest one seen.
 * - **Training time**: from each session's start event to its last event, summed over sessions, so
 *   the time a run spent stopped between a stop and a resume does not count.
 */
export interface RunSummary {
  /** Epochs finished (the highest epoch index + 1). */
  epochsDone: number;
  /** 0-based index of the best epoch; null before the first epoch ends. */
  bestEpoch: number | null;
  bestValAccuracy: number | null;
  bestValLoss: number | null;
  /** Seconds spent training, paused periods excluded. */
  trainingSeconds: number;
}

/** One-line statements of the definitions, for labels and tooltips. */
export const BEST_EPOCH_RULE = 'the epoch with the lowest validation loss; its weights are the model';
export const TRAINING_TIME_RULE = 'time spent training, summed over sessions; stopped periods do not count';

/** Whether an epoch's validation loss beats the best so far (the engines' rule for keeping its weights). */
export function isImprovement(valLoss: number | null, bestValLoss: number | null, minDelta = 0): boolean {
  if (valLoss === null) return true;
  return bestValLoss === null || valLoss < bestValLoss - minDelta;
}

/**
 * The run's epochs in order; an epoch repeated after a resume from an earlier checkpoint replaces
 * the one it repeats and everything after it.
 */
export function currentEpochs(events: readonly TrainEvent[]): EpochEvent[] {
  const epochs: EpochEvent[] = [];
  for (const event of events) {
    if (event.type !== 'epoch') continue;
    const keep = epochs.findIndex((e) => e.epoch >= event.epoch);
    if (keep >= 0) epochs.length = keep;
    epochs.push(event);
  }
  return epochs;
}

/** Seconds spent training: each session from its start to its last event (skipped-file notes excluded). */
export function trainingSeconds(events: readonly TrainEvent[]): number {
  let total = 0;
  let sessionStart: number | null = null;
  let sessionEnd: number | null = null;
  const close = () => {
    if (sessionStart !== null && sessionEnd !== null) total += Math.max(0, sessionEnd - sessionStart);
  };
  for (const event of events) {
    if (event.type === 'start') {
      close();
      sessionStart = event.time;
      sessionEnd = event.time;
    } else if (event.type !== 'skipped' && sessionStart !== null) {
      sessionEnd = Math.max(sessionEnd ?? event.time, event.time);
    }
  }
  close();
  return total;
}

/**
 * The run's best epoch, its validation accuracy and loss, epochs done and training time.
 * @example summarizeRun(await readMetrics(paths.metrics)).bestValAccuracy
 */
export function summarizeRun(events: readonly TrainEvent[]): RunSummary {
  const epochs = currentEpochs(events);
  const best = epochs.filter((e) => e.best).at(-1) ?? null;
  return {
    epochsDone: epochs.length ? epochs[epochs.length - 1].epoch + 1 : 0,
    bestEpoch: best?.epoch ?? null,
    bestValAccuracy: best?.valAccuracy ?? null,
    bestValLoss: best?.valLoss ?? null,
    trainingSeconds: trainingSeconds(events),
  };
}
