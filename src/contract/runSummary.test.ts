import { describe, expect, it } from 'vitest';
import type { TrainEvent } from './events';
import { isImprovement, summarizeRun, trainingSeconds } from './runSummary';

const start = (time: number, fromEpoch = 0): TrainEvent => ({
  type: 'start', time, engine: 'tfjs', backend: 'cpu', classes: ['a', 'b'], trainSize: 8, valSize: 2, epochs: 4, stepsPerEpoch: 2, fromEpoch,
});
const epoch = (time: number, n: number, valLoss: number, valAccuracy: number, best: boolean): TrainEvent => ({
  type: 'epoch', time, epoch: n, loss: 1, accuracy: 0.5, valLoss, valAccuracy, lr: 0.01, imagesPerSecond: 10, seconds: 1, etaSeconds: 0, best,
});
const end = (time: number, status: 'completed' | 'stopped'): TrainEvent => ({
  type: 'end', time, status, epochsDone: 0, bestValAccuracy: null, bestValLoss: null,
});

describe('summarizeRun', () => {
  // Epoch 2 has the highest accuracy, but epoch 1 the lowest loss: its weights are the model.
  const stoppedAndResumed: TrainEvent[] = [
    start(100),
    epoch(110, 0, 0.9, 0.80, true),
    epoch(120, 1, 0.5, 0.90, true),
    end(125, 'stopped'),
    { type: 'skipped', time: 400, path: '/d/a/bad.png', reason: 'cannot decode' },
    start(1000, 2),
    epoch(1010, 2, 0.6, 0.95, false),
    epoch(1020, 3, 0.7, 0.93, false),
    end(1030, 'completed'),
  ];

  it('shows the accuracy of the epoch whose weights are kept, not the highest one seen', () => {
    const summary = summarizeRun(stoppedAndResumed);
    expect(summary.bestEpoch).toBe(1);
    expect(summary.bestValAccuracy).toBe(0.9);
    expect(summary.bestValLoss).toBe(0.5);
    expect(summary.epochsDone).toBe(4);
  });

  it('counts training time without the stopped period', () => {
    expect(trainingSeconds(stoppedAndResumed)).toBe(25 + 30);
  });

  it('lets epochs repeated after a resume from an earlier checkpoint replace the ones they repeat', () => {
    const crashed: TrainEvent[] = [
      start(0), epoch(10, 0, 0.9, 0.7, true), epoch(20, 1, 0.4, 0.9, true),
      start(100, 1), epoch(110, 1, 0.8, 0.75, false),
    ];
    const summary = summarizeRun(crashed);
    expect(summary.bestEpoch).toBe(0);
    expect(summary.bestValAccuracy).toBe(0.7);
    expect(summary.epochsDone).toBe(2);
    expect(summary.trainingSeconds).toBe(20 + 10);
  });

  it('has no best epoch before the first epoch ends', () => {
    expect(summarizeRun([start(5)])).toEqual({ epochsDone: 0, bestEpoch: null, bestValAccuracy: null, bestValLoss: null, trainingSeconds: 0 });
  });
});

describe('isImprovement', () => {
  it('keeps the earlier epoch on a tie and asks for more than minDelta', () => {
    expect(isImprovement(0.5, 0.5)).toBe(false);
    expect(isImprovement(0.49, 0.5, 0.05)).toBe(false);
    expect(isImprovement(0.4, 0.5, 0.05)).toBe(true);
    expect(isImprovement(0.4, null)).toBe(true);
    expect(isImprovement(null, 0.3)).toBe(true);
  });
});
