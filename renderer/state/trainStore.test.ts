import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from './trainSettings';
import { SAMPLE_LR, useTrainSettings } from './trainStore';

describe('useTrainSettings.suitSample', () => {
  beforeEach(() => useTrainSettings.getState().applyDefaults('small-cnn'));

  it("gives the Small CNN's untouched defaults the sample folder's learning rate", () => {
    useTrainSettings.getState().suitSample();
    expect(useTrainSettings.getState().settings.lr).toBe(SAMPLE_LR);
    expect(useTrainSettings.getState().touched).toBe(false);
  });

  it('leaves a rate the user chose, and other designs, alone', () => {
    useTrainSettings.getState().setSetting('lr', 0.0007);
    useTrainSettings.getState().suitSample();
    expect(useTrainSettings.getState().settings.lr).toBe(0.0007);
    useTrainSettings.getState().applyDefaults('googlenet-96');
    useTrainSettings.getState().suitSample();
    expect(useTrainSettings.getState().settings.lr).toBe(defaultSettings('googlenet-96').lr);
  });
});

describe('useTrainSettings.setInit', () => {
  it('remembers the run to fine-tune from until cleared, whatever preset defaults are applied', () => {
    const from = { run: '20261202-060000-imported-resnet18', name: 'resnet18', classes: null, design: 1 };
    useTrainSettings.getState().setInit(from);
    useTrainSettings.getState().applyDefaults('small-cnn');
    expect(useTrainSettings.getState().init).toEqual(from);
    useTrainSettings.getState().setInit(null);
    expect(useTrainSettings.getState().init).toBeNull();
  });
});
