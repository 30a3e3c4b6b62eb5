import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../src/contract/events';
import { skippedSoFar } from './skipped';

const skip = (time: number, path: string): TrainEvent => ({ type: 'skipped', time, path, reason: 'cannot decode: truncated' });
const start = (time: number): TrainEvent => ({
  type: 'start', time, engine: 'torch', backend: 'cpu', classes: ['a', 'b'], trainSize: 8, valSize: 2, epochs: 1, stepsPerEpoch: 2, fromEpoch: 0,
});

describe('skippedSoFar', () => {
  it('lists each skipped file once, newest first, and counts those found while training', () => {
    const events = [skip(1, '/d/a/empty.png'), start(2), skip(3, '/d/b/broken.png'), skip(4, '/d/b/broken.png'), start(5), skip(6, '/d/a/empty.png')];
    expect(skippedSoFar(events)).toEqual({
      files: [{ path: '/d/b/broken.png', reason: 'cannot decode: truncated' }, { path: '/d/a/empty.png', reason: 'cannot decode: truncated' }],
      whileTraining: 1,
    });
  });
});
