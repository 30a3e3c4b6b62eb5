import { describe, expect, it } from 'vitest';
import { initLine } from './followRun';
import { parseTrainArgs } from './trainArgs';

describe('inception train arguments', () => {
  it('takes --init RUN alone (the design then comes from the run) and implies the class-count fix', () => {
    const args = parseTrainArgs(['--init', '20261202-053925-small-cnn', '--data', 'few']);
    expect(args).toMatchObject({ init: '20261202-053925-small-cnn', data: 'few', fixClasses: true, graphFile: undefined, preset: undefined, freezeUpTo: undefined });
  });

  it('takes --freeze-up-to NODE with a FILE or a preset, and a seed', () => {
    expect(parseTrainArgs(['net.json', '--data', 'd', '--freeze-up-to', 'pool2', '--seed', '3'])).toMatchObject({ graphFile: 'net.json', freezeUpTo: 'pool2', seed: 3, fixClasses: false });
    expect(parseTrainArgs(['--preset', 'small-cnn', '--data', 'd', '--init', 'r', '--freeze-up-to', 'conv2'])).toMatchObject({ preset: 'small-cnn', init: 'r', freezeUpTo: 'conv2', fixClasses: true });
  });

  it('refuses empty values, a missing --data, two files and a bad seed, saying which flag', () => {
    expect(() => parseTrainArgs(['--init', '', '--data', 'd'])).toThrow('--init expects a RUN');
    expect(() => parseTrainArgs(['--init', 'r', '--data', 'd', '--freeze-up-to', ''])).toThrow('--freeze-up-to expects a NODE');
    expect(() => parseTrainArgs(['--init', 'r'])).toThrow('train needs --data DIR');
    expect(() => parseTrainArgs(['a.json', 'b.json', '--data', 'd'])).toThrow('train takes one graph FILE, got 2');
    expect(() => parseTrainArgs(['--init', 'r', '--data', 'd', '--seed', '1.5'])).toThrow('--seed expects a whole number of at least 0, got 1.5');
    expect(() => parseTrainArgs(['--init'])).toThrow(/--init/);
  });

  it('reads --resize SIZE:EPOCHS phases in order, and refuses what it cannot read', () => {
    expect(parseTrainArgs(['--preset', 'googlenet-96', '--data', 'd', '--resize', '64:2,80:1']).resize).toEqual([{ size: 64, epochs: 2 }, { size: 80, epochs: 1 }]);
    expect(parseTrainArgs(['--preset', 'googlenet-96', '--data', 'd']).resize).toBeUndefined();
  });

  it("takes a preset's recipe for a design FILE, and refuses a name without one", () => {
    expect(parseTrainArgs(['mine.json', '--recipe', 'googlenet-96', '--data', 'd'])).toMatchObject({ graphFile: 'mine.json', recipe: 'googlenet-96', preset: undefined });
    expect(() => parseTrainArgs(['mine.json', '--recipe', 'nope', '--data', 'd'])).toThrow(/--recipe expects a preset with a training recipe \(.*googlenet-96.*\), got nope/);
    expect(() => parseTrainArgs(['--data', 'd', '--resize', '64'])).toThrow('--resize: expected SIZE:EPOCHS[,SIZE:EPOCHS…] (e.g. 64:2), got "64"');
  });

  it('says what fine-tuning took in one line', () => {
    expect(initLine({ run: 'r', copied: 12, fresh: ['fc'] })).toBe('starting from r: 12 weight tensors copied; fresh: fc');
    expect(initLine({ run: 'r', copied: 14, fresh: [] })).toBe('starting from r: 14 weight tensors copied; nothing fresh');
  });
});
