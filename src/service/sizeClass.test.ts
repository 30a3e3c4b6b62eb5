import { describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { probeBatchFor, sizeClassOf } from './sizeClass';

describe('sizeClassOf', () => {
  it('puts each preset in its decade of multiply-adds per image', () => {
    expect(sizeClassOf(loadPreset('small-cnn'))).toMatchObject({ id: 'under-10M', label: 'under 10 M multiply-adds per image' });
    expect(sizeClassOf(loadPreset('googlenet-96'))).toMatchObject({ id: '100M-1G', label: '100 M–1 G multiply-adds per image' });
    expect(sizeClassOf(loadPreset('googlenet'))).toMatchObject({ id: '1G-10G', label: '1–10 G multiply-adds per image' });
    expect(sizeClassOf(loadPreset('googlenet-96')).macs).toBe(229_157_120);
  });
});

describe('probeBatchFor', () => {
  it('keeps a probe step about as long whatever the size, within 2 to 64 images', () => {
    expect(probeBatchFor(229_157_120)).toBe(16);
    expect(probeBatchFor(1_582_671_872)).toBe(2);
    expect(probeBatchFor(1_031_744)).toBe(64);
    expect(probeBatchFor(0)).toBe(64);
  });
});
