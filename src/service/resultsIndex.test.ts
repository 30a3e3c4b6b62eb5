import { describe, expect, it } from 'vitest';
import { ResultsIndex } from './resultsIndex';

describe('ResultsIndex', () => {
  const index = new ResultsIndex();
  const rows = Array.from({ length: 3000 }, (_, i) => ({ label: ['dog', 'cat', 'bird'][i % 3], probability: ((i * 7919) % 1000) / 1000 }));
  let offset = 0;
  for (const row of rows) {
    index.add(offset, 10 + (offset % 7), row.label, row.probability);
    offset += 10 + (offset % 7);
  }

  it('keeps every byte range as it grows', () => {
    expect(index.count).toBe(3000);
    expect(index.range(0)).toEqual({ offset: 0, length: 10 });
    expect(index.range(2999).offset).toBeGreaterThan(index.range(2998).offset);
  });

  it('pages in path order, either way', () => {
    expect(index.page(0, 3, 'path', false)).toEqual([0, 1, 2]);
    expect(index.page(0, 3, 'path', true)).toEqual([2999, 2998, 2997]);
    expect(index.page(2998, 10, 'path', false)).toEqual([2998, 2999]);
  });

  it('sorts by probability and by class name, each page continuing the last', () => {
    const all = index.page(0, 3000, 'probability', true);
    const p = all.map((i) => rows[i].probability);
    expect(p).toEqual([...p].sort((a, b) => b - a));
    expect(index.page(100, 50, 'probability', true)).toEqual(all.slice(100, 150));
    const byLabel = index.page(0, 3000, 'label', false).map((i) => rows[i].label);
    expect(byLabel.slice(0, 1000).every((l) => l === 'bird')).toBe(true);
    expect(byLabel.at(-1)).toBe('dog');
    expect(index.page(0, 1, 'label', true).map((i) => rows[i].label)).toEqual(['dog']);
  });
});
