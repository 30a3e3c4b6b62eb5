import type { BatchEvent, EpochEvent, TrainEvent } from '../../src/contract/events';

type StartEvent = Extract<TrainEvent, { type: 'start' }>;
type EndEvent = Extract<TrainEvent, { type: 'end' }>;

/**
 * A run's curves, columnar, for charts. The x axis is in epochs: batch `step` of an epoch of
 * `stepsPerEpoch` batches sits at `(step + 1) / stepsPerEpoch`, the end of epoch `e` (0-based) at `e + 1`.
 */
export interface RunCurves {
  start: StartEvent | null;
  /** The end of the latest session; null while it trains (or when it was killed). */
  end: EndEvent | null;
  lastBatch: BatchEvent | null;
  lastEpoch: EpochEvent | null;
  batch: { x: number[]; loss: number[]; accuracy: number[] };
  epoch: { x: number[]; loss: number[]; accuracy: number[]; valLoss: (number | null)[]; valAccuracy: (number | null)[] };
}

/** Drops the points at or after `x`: a resumed run repeats what followed its last checkpoint. */
function cut<T extends { x: number[] }>(columns: T, x: number): void {
  const keep = columns.x.findIndex((v) => v >= x - 1e-9);
  if (keep < 0) return;
  for (const column of Object.values(columns) as unknown[][]) column.length = keep;
}

/**
 * The curves of a run from its events, in order. Points repeated after a resume (the batches between
 * the last checkpoint and a crash) replace the earlier ones, so x always grows.
 * @example runCurves(details.events).epoch.valAccuracy
 */
export function runCurves(events: readonly TrainEvent[]): RunCurves {
  const curves: RunCurves = {
    start: null,
    end: null,
    lastBatch: null,
    lastEpoch: null,
    batch: { x: [], loss: [], accuracy: [] },
    epoch: { x: [], loss: [], accuracy: [], valLoss: [], valAccuracy: [] },
  };
  for (const event of events) {
    switch (event.type) {
      case 'start':
        curves.start = event;
        curves.end = null;
        break;
      case 'batch': {
        const steps = curves.start?.stepsPerEpoch || 1;
        const x = (event.step + 1) / steps;
        cut(curves.batch, x);
        curves.batch.x.push(x);
        curves.batch.loss.push(event.loss);
        curves.batch.accuracy.push(event.accuracy);
        curves.lastBatch = event;
        break;
      }
      case 'epoch': {
        const x = event.epoch + 1;
        cut(curves.epoch, x);
        curves.epoch.x.push(x);
        curves.epoch.loss.push(event.loss);
        curves.epoch.accuracy.push(event.accuracy);
        curves.epoch.valLoss.push(event.valLoss);
        curves.epoch.valAccuracy.push(event.valAccuracy);
        curves.lastEpoch = event;
        break;
      }
      case 'end':
        curves.end = event;
        break;
    }
  }
  return curves;
}

/** Where a run stands, for the progress bar and its numbers. */
export interface RunProgress {
  /** 0..1 of all the run's batches. */
  fraction: number;
  /** 1-based epoch being trained (or last trained). */
  epoch: number;
  epochs: number;
  /** Batches done in the current epoch. */
  step: number;
  stepsPerEpoch: number;
  imagesPerSecond: number | null;
  etaSeconds: number | null;
}

/** Progress from the latest batch and epoch events; null before the run's start event. */
export function runProgress(curves: RunCurves): RunProgress | null {
  const { start, lastBatch, lastEpoch, end } = curves;
  if (!start) return null;
  const steps = Math.max(start.stepsPerEpoch, 1);
  const total = Math.max(start.epochs * steps, 1);
  const done = lastBatch ? lastBatch.step + 1 : start.fromEpoch * steps;
  const finished = end && end.status !== 'stopped' && end.status !== 'failed';
  const epochIndex = Math.min(Math.floor((done - 1) / steps), start.epochs - 1);
  const newer = lastEpoch && (!lastBatch || lastEpoch.time >= lastBatch.time) ? lastEpoch : lastBatch;
  return {
    fraction: finished ? 1 : Math.min(done / total, 1),
    epoch: Math.max(epochIndex, 0) + 1,
    epochs: start.epochs,
    step: done === 0 ? 0 : done - Math.max(epochIndex, 0) * steps,
    stepsPerEpoch: steps,
    imagesPerSecond: newer?.imagesPerSecond ?? null,
    etaSeconds: end ? null : newer?.etaSeconds ?? null,
  };
}
