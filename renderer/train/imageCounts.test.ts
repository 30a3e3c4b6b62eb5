import { describe, expect, it } from 'vitest';
import { runImagesCaption } from './imageCounts';

describe('runImagesCaption', () => {
  it('says how many files were left out once training found them unreadable', () => {
    expect(runImagesCaption(1200, 38, 0)).toBe('1,200 training / 38 validation images');
    expect(runImagesCaption(1200, 38, 2)).toBe('1,200 training / 38 validation images · 2 left out while training');
  });
});
