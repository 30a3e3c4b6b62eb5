import { describe, expect, it } from 'vitest';
import { listPresets } from '../../src/graph/presets';
import { defaultsFor, presetTitle } from './presetTitles';

const presets = listPresets();

describe('preset titles', () => {
  it('names a preset by its title, never its id', () => {
    expect(presetTitle('small-cnn', presets)).toBe('Small CNN 28×28 (fast demo)');
    expect(presetTitle('googlenet-96', presets)).toBe('GoogLeNet 96×96');
  });

  it("offers a preset's defaults only for a design that is still that preset", () => {
    expect(defaultsFor('googlenet-96', 'small-cnn', 'GoogLeNet 96×96', presets)).toBe('googlenet-96');
    expect(defaultsFor(null, 'small-cnn', 'Small CNN 28×28 (fast demo)', presets)).toBe('small-cnn');
    expect(defaultsFor(null, 'small-cnn', 'resnet18', presets)).toBeNull();
    expect(defaultsFor(null, null, 'Small CNN', presets)).toBeNull();
  });
});
