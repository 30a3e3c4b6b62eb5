import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../data/sampleShapes';
import { loadPreset } from '../graph/presets';
import { findLearningRate } from './lrFinder';
import { hasDiverged, smoothLosses, suggestLearningRate } from './lrSuggest';

/** A made-up range test: flat, then a fall between 1e-4 and 1e-2 that is steepest at 1e-3, then a blow-up. */
function syntheticCurve() {
  const raw = [];
  for (let i = 0; i < 100; i++) {
    const lr = 1e-6 * 1e6 ** (i / 99);
    const decade = Math.log10(lr);
    const fall = 1 / (1 + Math.exp(-4 * (decade + 3)));
    const blowUp = decade > -1.3 ? (decade + 1.3) * 20 : 0;
    raw.push({ lr, loss: 2.3 - 2 * fall + blowUp });
  }
  return raw;
}

describe('suggestLearningRate', () => {
  it('suggests a tenth of the rate of the lowest smoothed loss, and finds the steepest fall below it', () => {
    const points = smoothLosses(syntheticCurve());
    const { steepest, lowest, suggested } = suggestLearningRate(points);
    expect(lowest).toBeGreaterThan(1e-2);
    expect(lowest).toBeLessThan(1e-1);
    expect(suggested).toBeCloseTo(lowest / 10, 12);
    expect(Math.log10(steepest!)).toBeGreaterThan(Math.log10(lowest) - 2);
    expect(Math.log10(steepest!)).toBeCloseTo(-3, 0);
  });

  it('leaves out falls more than two decades below the lowest point (the first steps settling)', () => {
    // A sharp early drop at 1e-6..1e-5, then a gentle fall to the lowest loss at 1e-2.
    const raw = Array.from({ length: 61 }, (_, i) => {
      const lr = 10 ** (-6 + i / 10);
      const loss = (i < 10 ? 4 - 0.25 * i : 1.5) - (lr <= 1e-2 ? 0.1 * (Math.log10(lr) + 5) : -(Math.log10(lr) + 2) * 3);
      return { lr, loss };
    });
    const { steepest, lowest } = suggestLearningRate(smoothLosses(raw, 0));
    expect(lowest).toBeCloseTo(1e-2, 6);
    expect(steepest!).toBeGreaterThanOrEqual(1e-4 * 0.999);
  });

  it('has no steepest fall when the loss only rises, and needs points', () => {
    const rising = smoothLosses(Array.from({ length: 30 }, (_, i) => ({ lr: 10 ** (-6 + i / 5), loss: 1 + i })));
    expect(suggestLearningRate(rising)).toEqual({ steepest: null, lowest: 1e-6, suggested: 1e-7 });
    expect(() => suggestLearningRate([])).toThrow(/no points/);
  });

  it('smooths with bias correction, so the first point is the first loss', () => {
    const [first, second] = smoothLosses([{ lr: 1, loss: 2 }, { lr: 2, loss: 4 }]);
    expect(first.smoothed).toBe(2);
    expect(second.smoothed).toBeCloseTo((0.9 * 0.1 * 2 + 0.1 * 4) / (1 - 0.81), 10);
  });
});

describe('hasDiverged', () => {
  const curve = (losses: number[]) => smoothLosses(losses.map((loss, i) => ({ lr: 10 ** (i / 10 - 5), loss })), 0);
  it('is true once the smoothed loss is over four times its lowest (after ten steps) or not finite', () => {
    expect(hasDiverged(curve([...Array(12).fill(1), 3.9]))).toBe(false);
    expect(hasDiverged(curve([...Array(12).fill(1), 4.1]))).toBe(true);
    expect(hasDiverged(curve([1, 1, 5]))).toBe(false);
    expect(hasDiverged(curve([1, Number.NaN]))).toBe(true);
    expect(hasDiverged([])).toBe(false);
  });
});

describe('findLearningRate on real training steps', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'inception-lr-'));
    await writeShapesFolder(path.join(dir, 'shapes'), { perClass: 40 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sweeps the rate upwards on real batches, stops only at a blow-up, and suggests from the curve; writes nothing', async () => {
    const result = await findLearningRate({
      graph: loadPreset('small-cnn'),
      config: { data: { dir: path.join(dir, 'shapes') }, batchSize: 16, seed: 1, backend: 'wasm' },
      steps: 60,
      minLr: 1e-5,
      maxLr: 10,
    });
    const rates = result.points.map((p) => p.lr);
    expect(rates[0]).toBeCloseTo(1e-5, 12);
    expect(rates.every((lr, i) => i === 0 || lr > rates[i - 1])).toBe(true);
    expect(result.points.length).toBeGreaterThanOrEqual(10);
    // It stops at a blow-up, and only then before its last step.
    expect(result.points.length === 60).toBe(!result.diverged);
    expect(result.suggested).toBeCloseTo(result.lowest / 10, 12);
    expect(result.lowest).toBeGreaterThan(1e-5);
    expect(result.suggested).toBeLessThan(1);
    expect(result.backend).toBe('wasm');
    expect(await readdir(dir)).toEqual(['shapes']);
  }, 120_000);
});
