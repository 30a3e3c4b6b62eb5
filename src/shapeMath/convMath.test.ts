import { describe, expect, it } from 'vitest';
import { convOutputLength, poolOutputLength, samePadding } from './convMath';

describe('convOutputLength', () => {
  it('matches PyTorch for the presets', () => {
    expect(convOutputLength(96, 7, 2, 3)).toBe(48);
    expect(convOutputLength(224, 7, 2, 3)).toBe(112);
    expect(convOutputLength(23, 3, 1, 1)).toBe(23);
    expect(convOutputLength(10, 3, 1, 0, 2)).toBe(6);
  });
  it('goes to zero or below when the kernel is larger than the input', () => {
    expect(convOutputLength(2, 5, 1, 0)).toBeLessThan(1);
  });
});

describe('poolOutputLength', () => {
  it('floors by default, as the seed network does', () => {
    expect(poolOutputLength(48, 3, 2, 0, false)).toBe(23);
    expect(poolOutputLength(23, 3, 2, 0, false)).toBe(11);
    expect(poolOutputLength(11, 3, 2, 0, false)).toBe(5);
    expect(poolOutputLength(5, 3, 2, 0, false)).toBe(2);
  });
  it('rounds up in ceil mode, like torchvision GoogLeNet', () => {
    expect(poolOutputLength(112, 3, 2, 0, true)).toBe(56);
    expect(poolOutputLength(56, 3, 2, 0, true)).toBe(28);
    expect(poolOutputLength(14, 2, 2, 0, true)).toBe(7);
    expect(poolOutputLength(5, 2, 2, 0, true)).toBe(3);
  });
  it('drops a last window that would start in the right padding', () => {
    // input 4, kernel 2, stride 2, pad 1: ceil((4+2-2)/2)+1 = 3; window 2 starts at 4 = input+pad-1 -> kept
    expect(poolOutputLength(4, 2, 2, 1, true)).toBe(3);
    // input 3, kernel 2, stride 2, pad 1: ceil(3/2)+1 = 3; window 2 starts at 4 >= 3+1 -> dropped
    expect(poolOutputLength(3, 2, 2, 1, true)).toBe(2);
  });
});

describe('samePadding', () => {
  it('splits odd kernels evenly and puts the extra unit of even kernels at the end', () => {
    expect(samePadding(3)).toEqual({ before: 1, after: 1 });
    expect(samePadding(4)).toEqual({ before: 1, after: 2 });
    expect(samePadding(3, 2)).toEqual({ before: 2, after: 2 });
  });
});
