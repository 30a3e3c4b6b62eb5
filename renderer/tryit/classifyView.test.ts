import { describe, expect, it } from 'vitest';
import { defaultCsvPath, parseClassifyEvent, progressFraction, toggleSort } from './classifyView';

const info = (over: object = {}) => ({
  id: 'a1', runId: 'r', folder: '/f', status: 'running', seconds: 1, progress: { done: 30, skipped: 2, total: 64, imagesPerSecond: 10 }, ...over,
});

describe('classify view helpers', () => {
  it('accepts classify events and refuses other or malformed ones', () => {
    expect(parseClassifyEvent({ event: 'classify', data: info() })?.id).toBe('a1');
    expect(parseClassifyEvent({ event: 'run', data: info() })).toBeNull();
    expect(parseClassifyEvent({ event: 'classify', data: info({ status: 'dancing' }) })).toBeNull();
    expect(parseClassifyEvent({ event: 'classify', data: info({ progress: { done: 'x' } }) })).toBeNull();
  });

  it('says how far it is, unknown while counting, whole once ended', () => {
    expect(progressFraction(info() as never)).toBe(0.5);
    expect(progressFraction(info({ progress: { done: 3, skipped: 0, total: null, imagesPerSecond: 1 } }) as never)).toBeNull();
    expect(progressFraction(info({ status: 'stopped' }) as never)).toBe(1);
  });

  it('suggests a CSV in the exports folder', () => {
    expect(defaultCsvPath('/home/u/InceptionStudio/', 'run-1', '/data/my photos')).toBe('/home/u/InceptionStudio/exports/run-1-my_photos.csv');
  });

  it('sorts a new column (probability: highest first) and flips the current one, back to the first page', () => {
    const q = { offset: 100, limit: 50, sort: 'path' as const, descending: false };
    expect(toggleSort(q, 'path')).toEqual({ ...q, offset: 0, descending: true });
    expect(toggleSort(q, 'probability')).toEqual({ ...q, offset: 0, sort: 'probability', descending: true });
    expect(toggleSort(q, 'label')).toEqual({ ...q, offset: 0, sort: 'label', descending: false });
  });
});
