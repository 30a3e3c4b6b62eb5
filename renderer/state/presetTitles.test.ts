import { describe, expect, it } from 'vitest';
import { listPresets } from '../../src/graph/presets';
import { presetOfDesign, presetTitle } from './presetTitles';

const presets = listPresets();

describe('preset titles', () => {
  it('names a preset by its title, never its id', () => {
    expect(presetTitle('small-cnn', presets)).toBe('Small CNN 28×28 (fast demo)');
    expect(presetTitle('googlenet-96', presets)).toBe('GoogLeNet 96×96');
  });

  it("offers a preset's defaults only for a design that is that preset or bears its name (a run of it)", () => {
    expect(presetOfDesign('googlenet-96', 'Small CNN 28×28 (fast demo)', presets)).toBe('googlenet-96');
    expect(presetOfDesign(null, 'Small CNN 28×28 (fast demo)', presets)).toBe('small-cnn');
    expect(presetOfDesign(null, 'resnet18', presets)).toBeNull();
    expect(presetOfDesign(null, 'Small CNN', presets)).toBeNull();
  });
});
