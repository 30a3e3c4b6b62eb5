import { describe, expect, it } from 'vitest';
import { getLayer } from '../../../src/layers/catalog';
import { nodeSummary } from './nodeSummary';

describe('nodeSummary', () => {
  const conv = getLayer('Conv2D')!;

  it('shows what the design holds, a wrong value too, never the default in its place', () => {
    expect(nodeSummary(conv, { filters: 64, kernel: 3 })).toEqual({ text: '64, 3×3', valid: true });
    expect(nodeSummary(conv, { filters: 64, kernel: 'abc' })).toEqual({ text: '64, abc×abc', valid: false });
    expect(nodeSummary(conv, { filters: 64, kernel: 0 }).text).toBe('64, 0×0');
  });
});
