import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/train/config';
import { defaultSettings, settingsProblems, toTrainConfig, type DataSettings } from './settings';

const data: DataSettings = { dir: '/images', valDir: null, validationFraction: 0.2, resize: 'crop', augment: { cropPadding: 0, flip: true, rotation: 0, scale: 0, colorJitter: 0 } };

describe('toTrainConfig', () => {
  it('gives the engine a config it accepts, for every preset', () => {
    for (const preset of ['small-cnn', 'googlenet-96', 'googlenet', null]) {
      const config = parseTrainConfig(toTrainConfig(defaultSettings(preset), data));
      expect(config.data.dir).toBe('/images');
      expect(config.epochs).toBe(defaultSettings(preset).epochs);
    }
  });

  it('carries the optimizer, schedule and early stopping the form chose', () => {
    const settings = { ...defaultSettings('googlenet'), earlyStopping: true, patience: 3 };
    const config = parseTrainConfig(toTrainConfig(settings, data));
    expect(config.optimizer).toMatchObject({ type: 'sgd', momentum: 0.9, weightDecay: 2e-4 });
    expect(config.schedule).toEqual({ type: 'step', stepEpochs: 8, gamma: 0.96 });
    expect(config.earlyStopping).toEqual({ patience: 3, minDelta: 0 });
  });
});

describe('settingsProblems', () => {
  it('names the form field of each problem', () => {
    const problems = settingsProblems({ ...defaultSettings(null), batchSize: 0, optimizer: 'sgd', momentum: 2 }, data);
    expect(Object.keys(problems).sort()).toEqual(['batchSize', 'momentum']);
    expect(settingsProblems(defaultSettings(null), data)).toEqual({});
  });
});
