import { describe, expect, it } from 'vitest';
import { abbreviate, topConfusions } from './ConfusionMatrix';

describe('topConfusions', () => {
  it('lists off-diagonal cells, largest first', () => {
    expect(topConfusions([[5, 1, 0], [3, 4, 2], [0, 0, 9]], 2)).toEqual([
      { actual: 1, predicted: 0, count: 3 },
      { actual: 1, predicted: 2, count: 2 },
    ]);
  });
});

describe('abbreviate', () => {
  it('keeps short class names and cuts long ones with an ellipsis', () => {
    expect(abbreviate('Trouser', 12)).toBe('Trouser');
    expect(abbreviate('Ankle boot of the year', 12)).toBe('Ankle boot…');
    expect(abbreviate('ネコネコネコネコネコネコネコ', 5)).toBe('ネコネコ…');
  });
});
