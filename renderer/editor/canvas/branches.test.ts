import { describe, expect, it } from 'vitest';
import { getLayer } from '../../../src/layers/catalog';
import type { CompositeLayer } from '../../../src/layers/define';
import { defaultParams } from '../../../src/layers/params';
import { branchesOf } from './branches';

describe('branchesOf', () => {
  it('shows the four Inception branches and the Concat', () => {
    const layer = getLayer('Inception') as CompositeLayer;
    const { branches, merge } = branchesOf(layer.expand('inc', defaultParams(layer.params)));
    expect(branches.map((b) => b.steps.join(' → '))).toEqual([
      '1×1·64',
      '1×1·96 → 3×3·128',
      '1×1·16 → 5×5·32',
      'pool 3×3 → 1×1·32',
    ]);
    expect(merge).toBe('Concat');
  });

  it('shows InceptionC\'s factorized 1×7 / 7×1 branches', () => {
    const layer = getLayer('InceptionC') as CompositeLayer;
    const { branches, merge } = branchesOf(layer.expand('c', defaultParams(layer.params)));
    expect(branches.map((b) => b.steps.join(' → '))).toEqual([
      '1×1·192',
      '1×1·128 → 1×7·128 → 7×1·192',
      '1×1·128 → 7×1·128 → 1×7·128 → 7×1·128 → 1×7·192',
      'pool 3×3 → 1×1·192',
    ]);
    expect(merge).toBe('Concat');
  });
});
