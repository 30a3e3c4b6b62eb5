import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineMeasurements, effectiveSpeeds, FINAL_AFTER_MEASUREMENTS, readSpeedCache, withRun, writeSpeedCache, type SizeClassSpeeds } from './engineSpeedCache';

const entry = (torch: number, wasm: number, provisional: boolean, measurements = 1): SizeClassSpeeds => ({
  design: 'googlenet-96', sizeClass: '100 M–1 G multiply-adds per image', measuredAt: 1_000 * measurements, measurements, provisional,
  othersCores: provisional ? 1.9 : 0.1, cores: 2, runs: [],
  measured: [
    { engine: 'torch', device: 'cpu', available: true, imagesPerSecond: torch, rounds: [torch] },
    { engine: 'tfjs', device: 'wasm', available: true, imagesPerSecond: wasm, rounds: [wasm] },
  ],
});
const figures = (e: SizeClassSpeeds) => effectiveSpeeds(e).map((m) => [m.engine, m.imagesPerSecond, m.fromRun ?? null]);

describe('combineMeasurements', () => {
  it('keeps each engine\'s higher reading across a busy measurement and the next', () => {
    const combined = combineMeasurements(entry(4.4, 7.6, true), entry(61, 6.9, false));
    expect(figures(combined)).toEqual([['torch', 61, null], ['tfjs', 7.6, null]]);
    expect(combined.measured[1].rounds).toEqual([7.6, 6.9]);
    expect(combined).toMatchObject({ measurements: 2, provisional: false, measuredAt: 1000 });
  });

  it('stays provisional while every measurement was busy, until there were enough of them', () => {
    let combined = entry(4.4, 7.6, true);
    for (let i = 1; i < FINAL_AFTER_MEASUREMENTS; i++) {
      expect(combined.provisional).toBe(true);
      combined = combineMeasurements(combined, entry(10 + i, 7, true));
    }
    expect(combined).toMatchObject({ provisional: false, measurements: FINAL_AFTER_MEASUREMENTS });
    expect(figures(combined)).toEqual([['torch', 10 + FINAL_AFTER_MEASUREMENTS - 1, null], ['tfjs', 7.6, null]]);
  });
});

describe('finished runs', () => {
  const run = (engine: 'tfjs' | 'torch', device: string, imagesPerSecond: number, runId: string) => ({ engine, device, imagesPerSecond, runId, design: 'googlenet-96', at: 5 });

  it('a run faster than the probe read replaces its engine\'s figure; a slower one does not', () => {
    const stale = entry(4.4, 7.6, false);
    const learned = withRun(stale, run('torch', 'cpu', 52, 'run-a'));
    expect(figures(learned)).toEqual([['torch', 52, 'run-a'], ['tfjs', 7.6, null]]);
    expect(withRun(learned, run('torch', 'cpu', 40, 'run-b'))).toBe(learned);
    expect(figures(withRun(learned, run('torch', 'cpu', 58, 'run-c')))[0]).toEqual(['torch', 58, 'run-c']);
    expect(figures(withRun(stale, run('tfjs', 'wasm', 6, 'run-d')))).toEqual([['torch', 4.4, null], ['tfjs', 7.6, null]]);
    // Another device's run says nothing about this one.
    expect(figures(withRun(stale, run('torch', 'cuda', 900, 'run-e')))[0]).toEqual(['torch', 4.4, null]);
  });

  it('runs recorded before a measurement are kept through it', () => {
    const learned = withRun(entry(4.4, 7.6, true), run('torch', 'cpu', 52, 'run-a'));
    expect(combineMeasurements(learned, entry(30, 7, false)).runs).toEqual(learned.runs);
  });
});

describe('the cache file', () => {
  it('is read back for the same machine key only, and ignored when it is not ours', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'engine-speed-cache-'));
    try {
      const file = path.join(dir, 'cache', 'engine-speed.json');
      await writeSpeedCache(file, 'machine-a', { '100M-1G': entry(61, 7, false) });
      expect(await readSpeedCache(file, 'machine-a')).toEqual({ '100M-1G': entry(61, 7, false) });
      expect(await readSpeedCache(file, 'machine-b')).toEqual({});
      const stored = JSON.parse(await readFile(file, 'utf8'));
      expect(stored).toMatchObject({ format: 'inception-studio.engine-speed', version: 2, key: 'machine-a' });
      // The first version's file (one figure per engine, no size classes) is measured again.
      await writeFile(file, JSON.stringify({ format: 'inception-studio.engine-speed', key: 'machine-a', measuredAt: 1, measured: [] }));
      expect(await readSpeedCache(file, 'machine-a')).toEqual({});
      await writeFile(file, '{ cut sho');
      expect(await readSpeedCache(file, 'machine-a')).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
