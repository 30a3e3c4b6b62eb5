import { describe, expect, it } from 'vitest';
import { NO_AUGMENT } from './augment';
import { migrateRunConfig, parseTorchTrainConfig, parseTrainConfig, RUN_CONFIG_VERSION } from './runConfig';

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

describe('the config version', () => {
  const data = { dir: '/images' };

  it('is written as the current version', () => {
    expect(parseTrainConfig({ data }).version).toBe(RUN_CONFIG_VERSION);
    expect(parseTorchTrainConfig({ data }).version).toBe(RUN_CONFIG_VERSION);
  });

  it('reads an unversioned config.json (every run before versions) as version 1 with the same options', () => {
    const old = { data, epochs: 7, engine: 'tfjs', optimizer: { type: 'sgd' } };
    expect(migrateRunConfig(old)).toEqual({ ...old, version: 1 });
    const parsed = parseTrainConfig(old);
    expect(parsed).toMatchObject({ version: 1, epochs: 7, optimizer: { type: 'sgd', momentum: 0.9 } });
    expect(parseTorchTrainConfig({ ...old, engine: 'torch' }).torch.device).toBe('auto');
  });

  it('refuses a config from a newer version, saying which', () => {
    const newer = { version: RUN_CONFIG_VERSION + 1, data };
    expect(() => parseTrainConfig(newer)).toThrow(`written by a newer Inception Studio (config version ${RUN_CONFIG_VERSION + 1}; this one reads up to ${RUN_CONFIG_VERSION})`);
    expect(() => parseTorchTrainConfig(newer)).toThrow('newer Inception Studio');
  });

  it('refuses a version that is not a whole number', () => {
    expect(() => parseTrainConfig({ version: '1', data })).toThrow('training option version: expected a whole number from 0 to 1, got "1"');
    expect(() => migrateRunConfig({ version: 1.5 })).toThrow('got 1.5');
  });
});
