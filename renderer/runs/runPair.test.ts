import { describe, expect, it } from 'vitest';
import type { FolderFix } from '../../src/contract/errorAnalysis';
import type { TrainEvent } from '../../src/service/api';
import { compareRunPair, type RunSide } from './runPair';

const start = (trainSize: number, valSize: number): TrainEvent =>
  ({ type: 'start', time: 0, engine: 'tfjs', backend: 'wasm', classes: ['cat', 'dog'], trainSize, valSize, epochs: 2, stepsPerEpoch: 3, fromEpoch: 0 });
const perClass = (cat: number, dog: number) => [
  { name: 'cat', support: 10, precision: 0.5, recall: cat },
  { name: 'dog', support: 10, precision: 0.5, recall: dog },
];
const side = (id: string, created: number, accuracy: number, loss: number, recall: [number, number], sizes: [number, number], dataDir = '/data/pets'): RunSide => ({
  info: { id, created, dataDir, classes: ['cat', 'dog'] },
  report: { status: 'completed', classes: ['cat', 'dog'], validation: { count: 20, accuracy, top5: 1, loss, confusion: [[0, 0], [0, 0]], perClass: perClass(...recall) } },
  events: [start(...sizes)],
});
const fix = (id: number, time: number, action: FolderFix['action'], undone = false): FolderFix =>
  ({ id, time: new Date(time).toISOString(), action, from: `/data/pets/cat/${id}.png`, to: `/data/pets/dog/${id}.png`, sha256: 'x', runId: 'r1', ...(undone ? { undone } : {}) });

describe('compareRunPair', () => {
  const before = side('r1', 1_000, 0.7, 0.9, [0.6, 0.8], [16, 4]);
  const after = side('r2', 5_000, 0.8, 0.6, [0.9, 0.7], [15, 4]);
  const fixes = [fix(1, 500, 'move'), fix(2, 2_000, 'move'), fix(3, 3_000, 'exclude'), fix(4, 3_500, 'move', true), fix(5, 3_600, 'undo'), fix(6, 6_000, 'move')];

  it('puts the older run first and gives each measure of both with its change', () => {
    for (const result of [compareRunPair(before, after, fixes), compareRunPair(after, before, fixes)]) {
      expect(result.older).toBe('r1');
      expect(result.newer).toBe('r2');
      expect(result.accuracy.older).toBe(0.7);
      expect(result.accuracy.change).toBeCloseTo(0.1, 10);
      expect(result.loss.change).toBeCloseTo(-0.3, 10);
      expect(result.trainImages).toEqual({ older: 16, newer: 15, change: -1 });
      expect(result.validationImages).toEqual({ older: 4, newer: 4, change: 0 });
      expect(result.recall.map((r) => [r.name, r.older, r.newer])).toEqual([['cat', 0.6, 0.9], ['dog', 0.8, 0.7]]);
    }
  });

  it('lists the folder\'s changes made between the two runs that are still in effect', () => {
    expect(compareRunPair(before, after, fixes).changes.map((f) => f.id)).toEqual([2, 3]);
  });

  it('lists no changes for runs of different folders, and leaves a missing measure empty', () => {
    const elsewhere = { ...side('r3', 4_000, 0.5, 1, [0.5, 0.5], [8, 2], '/data/other'), report: null };
    const result = compareRunPair(before, elsewhere, fixes);
    expect(result.sameFolder).toBe(false);
    expect(result.changes).toEqual([]);
    expect(result.accuracy).toEqual({ older: 0.7, newer: null, change: null });
    expect(result.recall[0]).toEqual({ name: 'cat', older: 0.6, newer: null, change: null });
  });
});
