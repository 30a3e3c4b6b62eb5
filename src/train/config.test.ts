import { describe, expect, it } from 'vitest';
import { NO_AUGMENT } from '../data/augment';
import { parseTorchTrainConfig } from '../torch/options';
import { parseTrainConfig } from './config';

describe('the default augmentation', () => {
  it('flips nothing and changes nothing, in both engines', () => {
    const data = { dir: '/images' };
    expect(parseTrainConfig({ data }).augment).toEqual(NO_AUGMENT);
    expect(parseTorchTrainConfig({ data, engine: 'torch' }).augment).toEqual(NO_AUGMENT);
  });

  it('keeps a mirror the user asked for', () => {
    const augment = { ...NO_AUGMENT, flip: true };
    expect(parseTrainConfig({ data: { dir: '/images' }, augment }).augment.flip).toBe(true);
  });
});
