import { describe, expect, it } from 'vitest';
import type { DeploymentProfile } from '../../src/contract/apiTypes';
import { profileCaption, profileTableRows } from './profileRows';

const profile: DeploymentProfile = {
  measuredAt: '2026-12-06T10:50:12.345Z',
  machine: 'AMD EPYC, 2 cores, 24 GiB (linux x64)',
  rows: [
    { runtime: 'onnxruntime-node (CPU), float32', where: 'Node v20.20.2, a process of its own', sizeBytes: 6_543_210, peakMemoryBytes: 98_765_432, memory: 'peak RSS', loadMs: 40, medianMs: 3.456, p95Ms: 12.34, runs: 50 },
    { runtime: 'onnxruntime-node (CPU), int8', where: 'Node v20.20.2, a process of its own', sizeBytes: 1_700_000, peakMemoryBytes: 90_000_000, memory: 'peak RSS', loadMs: 35, medianMs: 2.001, p95Ms: 4.5, runs: 50 },
  ],
};

describe('profileTableRows', () => {
  it('gives one row per runtime with size, peak memory, median and p95 latency in words', () => {
    expect(profileTableRows(profile)).toEqual([
      { runtime: 'onnxruntime-node (CPU), float32', where: 'Node v20.20.2, a process of its own', size: '6.54 MB', peakMemory: '98.77 MB', memoryMeaning: 'peak RSS', median: '3.46 ms', p95: '12.3 ms' },
      { runtime: 'onnxruntime-node (CPU), int8', where: 'Node v20.20.2, a process of its own', size: '1.70 MB', peakMemory: '90.00 MB', memoryMeaning: 'peak RSS', median: '2.00 ms', p95: '4.50 ms' },
    ]);
  });

  it('shows a row measured nowhere with dashes and the reason in words', () => {
    const missing = { runtime: 'LiteRT.js (wasm, XNNPack), int8', where: 'Chromium', sizeBytes: 1_000_000, peakMemoryBytes: null, memory: 'not measured', loadMs: null, medianMs: null, p95Ms: null, runs: 0, unavailable: 'Not measured: no Chromium or Chrome was found on this machine (set CHROMIUM_PATH to one).' };
    expect(profileTableRows({ ...profile, rows: [missing] })).toEqual([
      { runtime: missing.runtime, where: 'Chromium', size: '1.00 MB', peakMemory: '—', memoryMeaning: 'not measured', median: '—', p95: '—', unavailable: missing.unavailable },
    ]);
    expect(profileCaption({ ...profile, rows: [...profile.rows, missing] })).toMatch(/, 50 runs each\.$/);
  });

  it('captions the table with when, where and how many runs', () => {
    expect(profileCaption(profile)).toBe('Measured 2026-12-06 10:50 UTC on AMD EPYC, 2 cores, 24 GiB (linux x64), batch 1, 50 runs each.');
    expect(profileCaption({ ...profile, rows: [profile.rows[0], { ...profile.rows[1], runs: 20 }] })).toBe('Measured 2026-12-06 10:50 UTC on AMD EPYC, 2 cores, 24 GiB (linux x64), batch 1.');
  });
});
