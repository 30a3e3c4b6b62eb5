import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../src/contract/events';
import { runCurves, runProgress } from './curves';

const start = (time: number, fromEpoch = 0): TrainEvent => ({
  type: 'start', time, engine: 'tfjs', backend: 'wasm', classes: ['a', 'b'], trainSize: 8, valSize: 2, epochs: 3, stepsPerEpoch: 4, fromEpoch,
});
const batch = (time: number, step: number, loss = 1): TrainEvent => ({
  type: 'batch', time, epoch: Math.floor(step / 4), step, loss, accuracy: 0.5, lr: 0.001, imagesPerSecond: 100, etaSeconds: 10,
});
const epoch = (time: number, e: number): TrainEvent => ({
  type: 'epoch', time, epoch: e, loss: 1, accuracy: 0.5, valLoss: 0.9, valAccuracy: 0.6, lr: 0.001, imagesPerSecond: 90, seconds: 1, etaSeconds: 5, best: true,
});

describe('runCurves', () => {
  it('places batches at fractional epochs and epochs at their end', () => {
    const curves = runCurves([start(0), batch(1, 0), batch(2, 1), batch(3, 2), batch(4, 3), epoch(5, 0), batch(6, 4)]);
    expect(curves.batch.x).toEqual([0.25, 0.5, 0.75, 1, 1.25]);
    expect(curves.epoch.x).toEqual([1]);
    expect(curves.epoch.valAccuracy).toEqual([0.6]);
    expect(curves.end).toBeNull();
  });

  it('replaces the batches a resumed run repeats, so x keeps growing', () => {
    // Killed after step 5 (checkpoint at the end of epoch 0), resumed from step 4.
    const events = [start(0), ...[0, 1, 2, 3].map((s) => batch(1 + s, s)), epoch(5, 0), batch(6, 4, 9), batch(7, 5, 9), start(10, 1), batch(11, 4, 2), batch(12, 5, 2)];
    const curves = runCurves(events);
    expect(curves.batch.x).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5]);
    expect(curves.batch.loss.slice(-2)).toEqual([2, 2]);
  });

  it('forgets the end of a stopped session once the run is resumed', () => {
    const stopped: TrainEvent = { type: 'end', time: 3, status: 'stopped', epochsDone: 0, bestValAccuracy: null, bestValLoss: null };
    expect(runCurves([start(0), batch(1, 0), stopped]).end?.status).toBe('stopped');
    expect(runCurves([start(0), batch(1, 0), stopped, start(4)]).end).toBeNull();
  });
});

describe('runProgress', () => {
  it('counts batches of all epochs and keeps the latest rate and ETA', () => {
    const progress = runProgress(runCurves([start(0), ...[0, 1, 2, 3, 4, 5].map((s) => batch(1 + s, s))]));
    expect(progress).toMatchObject({ epoch: 2, epochs: 3, step: 2, stepsPerEpoch: 4, imagesPerSecond: 100, etaSeconds: 10 });
    expect(progress!.fraction).toBeCloseTo(6 / 12);
  });

  it('is complete at the end of a finished run and null before it starts', () => {
    const done: TrainEvent = { type: 'end', time: 9, status: 'completed', epochsDone: 3, bestValAccuracy: 0.6, bestValLoss: 0.9 };
    expect(runProgress(runCurves([start(0), batch(1, 0), done]))).toMatchObject({ fraction: 1, etaSeconds: null });
    expect(runProgress(runCurves([]))).toBeNull();
  });
});
