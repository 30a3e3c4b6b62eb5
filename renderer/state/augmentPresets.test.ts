import { describe, expect, it } from 'vitest';
import { AUGMENT_PRESETS, DEFAULT_AUGMENT, describeAugment, matchingPreset } from './augmentPresets';
import { useDataset } from './datasetStore';

describe('augmentation presets', () => {
  it('start the Dataset screen with no augmentation, the None preset', () => {
    expect(useDataset.getState().augment).toEqual(DEFAULT_AUGMENT);
    expect(matchingPreset(useDataset.getState().augment)?.id).toBe('none');
    expect(describeAugment(DEFAULT_AUGMENT)).toBe('none');
  });

  it('never mirror digits and text; mirror natural photos', () => {
    const byId = Object.fromEntries(AUGMENT_PRESETS.map((p) => [p.id, p.spec]));
    expect(byId.digits.flip).toBe(false);
    expect(byId.photos.flip).toBe(true);
    expect(describeAugment(byId.digits)).toBe('shift 2 px, rotate ±8°, zoom ±0.08');
  });

  it('call a changed preset custom', () => {
    expect(matchingPreset({ ...DEFAULT_AUGMENT, rotation: 5 })).toBeNull();
  });
});
