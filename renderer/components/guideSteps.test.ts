import { describe, expect, it } from 'vitest';
import { guideProgress } from './guideSteps';

const done = { classes: 4, guideRun: 'r1', ended: true, screen: 'train', runInView: true };

describe('guideProgress', () => {
  it('walks the steps in order', () => {
    expect(guideProgress({ ...done, classes: 0, guideRun: null, ended: false }).current).toBe(0);
    expect(guideProgress({ ...done, guideRun: null, ended: false }).current).toBe(1);
    expect(guideProgress({ ...done, ended: false }).current).toBe(2);
  });

  it('says Done on the Train screen with its run, and is over everywhere else', () => {
    expect(guideProgress(done)).toMatchObject({ current: -1, over: false });
    expect(guideProgress({ ...done, screen: 'dataset' }).over).toBe(true);
    expect(guideProgress({ ...done, runInView: false }).over).toBe(true);
  });
});
