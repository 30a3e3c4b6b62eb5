import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/graph/presets';
import { startFromRun } from '../runs/fineTune';
import { useEditor } from './designStore';
import { fineTuneFollowsDesign } from './fineTuneFollowsDesign';
import { useTrainSettings } from './trainStore';

const RESNET = { id: '20261202-060000-imported-resnet18', label: null, name: 'resnet18', classes: null };

describe('fineTuneFollowsDesign', () => {
  let stop: () => void;
  beforeEach(() => {
    useEditor.getState().openDoc(loadPreset('small-cnn'));
    useTrainSettings.getState().setInit(null);
    stop = fineTuneFollowsDesign();
  });
  afterEach(() => stop());

  it('keeps fine-tuning while the design it was set up for is edited', () => {
    useTrainSettings.getState().setInit(startFromRun(RESNET, useEditor.getState().openCount));
    const dense = useEditor.getState().doc!.nodes.find((n) => n.kind === 'Dense')!;
    useEditor.getState().freezeUpTo(dense.id);
    expect(useTrainSettings.getState().init?.run).toBe(RESNET.id);
  });

  it('ends fine-tuning, and says so, when another design is opened', () => {
    useTrainSettings.getState().setInit(startFromRun(RESNET, useEditor.getState().openCount));
    useEditor.getState().openDoc(loadPreset('googlenet-96'), { presetName: 'googlenet-96' });
    expect(useTrainSettings.getState().init).toBeNull();
    expect(useEditor.getState().notice?.text).toMatch(/^Fine-tuning from resnet18 ended: another design was opened/);
  });

  it('keeps a fine-tune set up for the design just opened (Runs ▸ Fine-tune… opens the run\'s design first)', () => {
    useTrainSettings.getState().setInit(startFromRun(RESNET, useEditor.getState().openCount));
    useEditor.getState().openDoc(loadPreset('small-cnn'));
    useTrainSettings.getState().setInit(startFromRun({ ...RESNET, name: 'other' }, useEditor.getState().openCount));
    expect(useTrainSettings.getState().init?.name).toBe('other');
  });
});
