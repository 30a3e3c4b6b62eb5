import { describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { estimateTrainingMemory, memoryWarning } from './memory';

describe('training memory estimate', () => {
  it('grows with the batch, and counts weights, gradients and Adam moments', () => {
    const g = loadPreset('googlenet-96');
    const a = estimateTrainingMemory(g, 16);
    const b = estimateTrainingMemory(g, 32);
    expect(b.activationsBytes).toBe(2 * a.activationsBytes);
    expect(a.weightsBytes).toBe(2 * (5_998_362 + 14_560) * 4);
    expect(a.optimizerBytes).toBe(2 * 5_998_362 * 4);
    expect(estimateTrainingMemory(g, 16, 'sgd').optimizerBytes).toBe(5_998_362 * 4);
  });

  it('warns with a batch size that fits', () => {
    const g = loadPreset('googlenet');
    const estimate = estimateTrainingMemory(g, 256);
    const warning = memoryWarning(estimate, 256, 4 * 2 ** 30);
    expect(warning).toMatch(/training needs about [\d.]+ GiB but about 4.0 GiB is free; a batch size of \d+ or less should fit/);
    const fits = Number(warning!.match(/batch size of (\d+)/)![1]);
    expect(estimateTrainingMemory(g, fits).totalBytes).toBeLessThanOrEqual(4 * 2 ** 30);
    expect(memoryWarning(estimateTrainingMemory(g, 1), 1, 64 * 2 ** 30)).toBeNull();
  });
});
