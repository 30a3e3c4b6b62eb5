import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPresets, loadPreset } from '../../src/graph/presets';
import { useHost } from './hostStore';
import { useEditor } from './designStore';
import { defaultsFollowDesign } from './defaultsFollowDesign';
import { defaultSettings } from './trainSettings';
import { useTrainSettings } from './trainStore';

/** A finished Small CNN run's design as Runs ▸ Fine-tune… opens it: the preset's network and name, opened as a design, not as the preset. */
const smallCnnRun = () => loadPreset('small-cnn');

describe('defaultsFollowDesign', () => {
  let stop: () => void;
  beforeEach(() => {
    useHost.getState().setPresets(listPresets());
    useEditor.getState().openDoc(loadPreset('googlenet-96'), { presetName: 'googlenet-96' });
    useTrainSettings.getState().applyDefaults('googlenet-96');
    stop = defaultsFollowDesign();
  });
  afterEach(() => stop());

  it("gives a Small CNN run opened to fine-tune it the Small CNN's options, not GoogLeNet-96's", () => {
    useEditor.getState().openDoc(smallCnnRun());
    expect(useTrainSettings.getState().settings).toEqual(defaultSettings('small-cnn'));
    expect(useTrainSettings.getState().defaultsOf).toBe('small-cnn');
  });

  it('gives a design of no preset (an imported model) the generic options', () => {
    useEditor.getState().openDoc({ ...smallCnnRun(), name: 'resnet18' });
    expect(useTrainSettings.getState().settings).toEqual(defaultSettings(null));
  });

  it('keeps options the user changed, and the engine chosen', () => {
    useTrainSettings.getState().setSetting('engine', 'torch');
    useEditor.getState().openDoc(smallCnnRun());
    expect(useTrainSettings.getState().settings.engine).toBe('torch');
    useTrainSettings.getState().setSetting('lr', 0.02);
    useEditor.getState().openDoc(loadPreset('googlenet-96'), { presetName: 'googlenet-96' });
    expect(useTrainSettings.getState().settings.lr).toBe(0.02);
  });

  it('waits for the preset list before judging a design by its name', () => {
    stop();
    useHost.getState().setPresets([]);
    stop = defaultsFollowDesign();
    useEditor.getState().openDoc(smallCnnRun());
    expect(useTrainSettings.getState().defaultsOf).toBe('googlenet-96');
    useHost.getState().setPresets(listPresets());
    expect(useTrainSettings.getState().defaultsOf).toBe('small-cnn');
  });
});
