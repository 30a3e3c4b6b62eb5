import { describe, expect, it } from 'vitest';
import { align, pointCount } from './align';

describe('align', () => {
  it('joins series on the union of their x values, with null where a series has no point', () => {
    const data = align([
      { x: [0.5, 1, 1.5], ys: [[3, 2, 1]] },
      { x: [1], ys: [[2.5], [2.2]] },
    ]);
    expect(data).toEqual([[0.5, 1, 1.5], [3, 2, 1], [null, 2.5, null], [null, 2.2, null]]);
    expect(pointCount(data)).toBe(5);
  });

  it('treats x values closer than 1e-9 as one point', () => {
    expect(align([{ x: [1 / 3 * 3], ys: [[1]] }, { x: [1], ys: [[2]] }])[0]).toEqual([1]);
  });

  it('keeps null values of a series', () => {
    expect(align([{ x: [1, 2], ys: [[null, 0.5]] }])).toEqual([[1, 2], [null, 0.5]]);
  });
});
