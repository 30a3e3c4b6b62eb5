import { describe, expect, it } from 'vitest';
import { buildSkippedReport, type SkippedFile } from './report';

describe('buildSkippedReport', () => {
  it('counts by code, lists each path once, and caps the list', () => {
    const files: SkippedFile[] = [
      { path: '/d/a.jpg', code: 'truncated', reason: 'truncated JPEG' },
      { path: '/d/b.txt', code: 'not-image', reason: 'not an image file (.txt)' },
      { path: '/d/a.jpg', code: 'truncated', reason: 'truncated JPEG' },
      { path: '/d/c.png', code: 'truncated', reason: 'truncated PNG' },
    ];
    expect(buildSkippedReport(files)).toEqual({
      total: 3,
      byCode: { truncated: 2, 'not-image': 1 },
      files: [files[0], files[1], files[3]],
      unlisted: 0,
    });
    const capped = buildSkippedReport(files, 1);
    expect(capped.files).toEqual([files[0]]);
    expect(capped.unlisted).toBe(2);
    expect(buildSkippedReport([])).toEqual({ total: 0, byCode: {}, files: [], unlisted: 0 });
  });
});
