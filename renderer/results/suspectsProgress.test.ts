import { describe, expect, it } from 'vitest';
import { describeSuspectsProgress, suspectsFraction } from './suspectsProgress';

const at = { fold: 2, folds: 4, epochs: 5, imagesDone: 30, images: 120 };

describe('suspects progress', () => {
  it('says the fold, its epoch or its scoring, and the images scored', () => {
    expect(describeSuspectsProgress(null)).toBe('Preparing the folds…');
    expect(describeSuspectsProgress({ ...at, phase: 'training', epoch: 0 })).toBe('Fold 2 of 4: training starts · 30 of 120 images scored');
    expect(describeSuspectsProgress({ ...at, phase: 'training', epoch: 3 })).toBe('Fold 2 of 4: training, epoch 3 of 5 · 30 of 120 images scored');
    expect(describeSuspectsProgress({ ...at, phase: 'scoring', epoch: 5 })).toBe('Fold 2 of 4: scoring its held-out images · 30 of 120 images scored');
  });
  it('counts finished folds and the current one\'s epochs', () => {
    expect(suspectsFraction(null)).toBe(0);
    expect(suspectsFraction({ ...at, phase: 'training', epoch: 0 })).toBe(0.25);
    expect(suspectsFraction({ ...at, phase: 'training', epoch: 5 })).toBe(0.5);
    expect(suspectsFraction({ ...at, fold: 4, phase: 'scoring', epoch: 5 })).toBe(1);
  });
});
