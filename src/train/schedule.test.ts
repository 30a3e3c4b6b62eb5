import { describe, expect, it } from 'vitest';
import { learningRateAt, type ScheduleOptions } from './schedule';

const base: ScheduleOptions = { baseLr: 0.1, schedule: { type: 'constant' }, warmupEpochs: 0, epochs: 10, stepsPerEpoch: 10 };

describe('learningRateAt', () => {
  it('is constant without a schedule', () => {
    expect([0, 55, 99].map((s) => learningRateAt(s, base))).toEqual([0.1, 0.1, 0.1]);
  });
  it('warms up linearly per step', () => {
    const o = { ...base, warmupEpochs: 1 };
    expect(learningRateAt(0, o)).toBeCloseTo(0.01);
    expect(learningRateAt(4, o)).toBeCloseTo(0.05);
    expect(learningRateAt(9, o)).toBeCloseTo(0.1);
    expect(learningRateAt(10, o)).toBeCloseTo(0.1);
  });
  it('decays by gamma every stepEpochs', () => {
    const o: ScheduleOptions = { ...base, schedule: { type: 'step', stepEpochs: 3, gamma: 0.1 } };
    expect(learningRateAt(29, o)).toBeCloseTo(0.1);
    expect(learningRateAt(30, o)).toBeCloseTo(0.01);
    expect(learningRateAt(60, o)).toBeCloseTo(0.001);
  });
  it('anneals along a cosine to minFactor × baseLr', () => {
    const o: ScheduleOptions = { ...base, schedule: { type: 'cosine', minFactor: 0 } };
    expect(learningRateAt(0, o)).toBeCloseTo(0.1);
    expect(learningRateAt(50, o)).toBeCloseTo(0.05);
    expect(learningRateAt(100, o)).toBeCloseTo(0);
  });
});
