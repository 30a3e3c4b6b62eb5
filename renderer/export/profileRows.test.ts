import { describe, expect, it } from 'vitest';
import type { DeploymentProfile } from '../../src/contract/apiTypes';
import { profileCaption, profileTableRows } from './profileRows';

const profile: DeploymentProfile = {
  measuredAt: '2026-12-06T10:50:12.345Z',
  machine: 'AMD EPYC, 2 cores, 24 GiB (linux x64)',
  rows: [
    { runtime: 'onnxruntime-node (CPU), float32', sizeBytes: 6_543_210, peakMemoryBytes: 98_765_432, loadMs: 40, medianMs: 3.456, p95Ms: 12.34, runs: 50 },
    { runtime: 'onnxruntime-node (CPU), int8', sizeBytes: 1_700_000, peakMemoryBytes: 90_000_000, loadMs: 35, medianMs: 2.001, p95Ms: 4.5, runs: 50 },
  ],
};

describe('profileTableRows', () => {
  it('gives one row per runtime with size, peak memory, median and p95 latency in words', () => {
    expect(profileTableRows(profile)).toEqual([
      { runtime: 'onnxruntime-node (CPU), float32', size: '6.54 MB', peakMemory: '98.77 MB', median: '3.46 ms', p95: '12.3 ms' },
      { runtime: 'onnxruntime-node (CPU), int8', size: '1.70 MB', peakMemory: '90.00 MB', median: '2.00 ms', p95: '4.50 ms' },
    ]);
  });

  it('captions the table with when, where and how many runs', () => {
    expect(profileCaption(profile)).toBe('Measured 2026-12-06 10:50 UTC on AMD EPYC, 2 cores, 24 GiB (linux x64), batch 1, 50 runs each.');
    expect(profileCaption({ ...profile, rows: [profile.rows[0], { ...profile.rows[1], runs: 20 }] })).toBe('Measured 2026-12-06 10:50 UTC on AMD EPYC, 2 cores, 24 GiB (linux x64), batch 1.');
  });
});
