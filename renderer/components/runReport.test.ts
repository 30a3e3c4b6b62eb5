import { describe, expect, it } from 'vitest';
import { dataFoldersOf, parseReport } from './runReport';

describe('parseReport', () => {
  const report = {
    status: 'completed', classes: ['a', 'b'], backend: 'wasm', seconds: 3,
    validation: { count: 4, accuracy: 0.75, top5: 1, loss: 0.5, confusion: [[2, 0], [1, 1]], perClass: [{ name: 'a', support: 2, precision: 0.67, recall: 1 }, { name: 'b', support: 2, precision: 1, recall: 0.5 }] },
    skipped: { total: 0, byCode: {}, files: [], unlisted: 0 },
    extra: 'ignored',
  };

  it('keeps what Results shows', () => {
    expect(parseReport(report)).toMatchObject({ status: 'completed', validation: { accuracy: 0.75 } });
    expect(parseReport(null)).toBeNull();
  });

  it('says which field does not fit', () => {
    const bad = parseReport({ ...report, validation: { ...report.validation, confusion: 'x' } });
    expect(bad).toBeInstanceOf(Error);
    expect((bad as Error).message).toContain('validation.confusion');
  });
});

describe('dataFoldersOf', () => {
  it('reads the folders of a run config, or nothing', () => {
    expect(dataFoldersOf({ data: { dir: '/d', valDir: null } })).toEqual({ dir: '/d', valDir: null });
    expect(dataFoldersOf(null)).toEqual({ dir: null, valDir: null });
  });
});
