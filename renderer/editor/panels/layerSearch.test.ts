import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../../src/layers/catalog';
import { searchLayers } from './layerSearch';

describe('searchLayers', () => {
  it('puts name prefixes first, then substrings, then descriptions', () => {
    expect(searchLayers('conv').map((l) => l.kind).slice(0, 2)).toEqual(['Conv2D', 'ConvBNReLU']);
    expect(searchLayers('pool').map((l) => l.kind)).toEqual(expect.arrayContaining(['MaxPool', 'AvgPool', 'GlobalAvgPool']));
    expect(searchLayers('dense')[0].kind).toBe('Dense');
    expect(searchLayers('zzz')).toEqual([]);
    expect(searchLayers('  ')).toHaveLength(LAYERS.length);
  });
});
