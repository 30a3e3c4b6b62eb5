import { loadPreset } from '../../src/graph/presets';
import { describe, expect, it } from 'vitest';
import { parseTorchTrainConfig, parseTrainConfig } from '../../src/contract/runConfig';
import { defaultSettings, settingsProblems, toTrainConfig, withEngine, type DataSettings } from './trainSettings';

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

describe('toTrainConfig init', () => {
  it('sends the run to start from, and none by default', () => {
    expect(parseTrainConfig(toTrainConfig(defaultSettings(null), data, { run: '20261202-060000-imported-resnet18' })).init).toEqual({ run: '20261202-060000-imported-resnet18' });
    expect(parseTrainConfig(toTrainConfig(defaultSettings(null), data)).init).toBeNull();
    const torch = withEngine(toTrainConfig(defaultSettings(null), data, { run: 'r1' }), { ...defaultSettings(null), engine: 'torch' });
    expect(parseTorchTrainConfig(torch).init).toEqual({ run: 'r1' });
  });
});

describe('settingsProblems', () => {
  it('names the form field of each problem', () => {
    const problems = settingsProblems({ ...defaultSettings(null), batchSize: 0, optimizer: 'sgd', momentum: 2 }, data);
    expect(Object.keys(problems).sort()).toEqual(['batchSize', 'momentum']);
    expect(settingsProblems(defaultSettings(null), data)).toEqual({});
  });

  it('asks for the first machine\'s address in plain words when a PyTorch run spans several machines', () => {
    const cluster = { ...defaultSettings(null), engine: 'torch' as const, torchNodes: 2, torchRendezvous: '' };
    const problems = settingsProblems(cluster, data);
    expect(Object.keys(problems)).toEqual(['torchRendezvous']);
    expect(problems.torchRendezvous).toMatch(/first machine's address and a free port/);
    expect(Object.values(settingsProblems({ ...cluster, torchNodeRank: 2, torchRendezvous: 'head:29400' }, data))).toEqual([
      'Number the machines from 0 to 1; this machine\'s number must be one of them.',
    ]);
    expect(settingsProblems({ ...cluster, torchRendezvous: 'head:29400' }, data)).toEqual({});
    expect(settingsProblems({ ...cluster, engine: 'tfjs' }, data)).toEqual({});
    expect(JSON.stringify(settingsProblems({ ...cluster, engine: 'auto' }, data))).not.toMatch(/rdzv|nodeRank|nnodes/);
  });
});

describe('progressive resizing on the Train screen (issue 25)', () => {
  it('goes into the run as phases, and is refused on its field when unreadable or when the design cannot take the size', () => {
    const settings = { ...defaultSettings('googlenet-96'), progressiveResize: '93:2' };
    expect(parseTrainConfig(toTrainConfig(settings, data)).progressiveResize).toEqual([{ size: 93, epochs: 2 }]);
    const design = loadPreset('googlenet-96');
    expect(settingsProblems(settings, data, design)).toEqual({});
    expect(settingsProblems({ ...settings, progressiveResize: '64x2' }, data, design)).toEqual({ progressiveResize: 'expected SIZE:EPOCHS pairs, e.g. 48:1,64:1' });
    expect(settingsProblems({ ...settings, progressiveResize: '64:2' }, data, design)).toEqual({
      progressiveResize: 'at 64×64 px the design fails: node avgpool, kernel: kernel 2×2 with padding 0 is larger than its 1×1 input',
    });
  });
});

describe('withEngine', () => {
  it('leaves a TF.js config alone and gives the PyTorch engine its device, precision and processes', () => {
    const base = toTrainConfig(defaultSettings('small-cnn'), data);
    expect(withEngine(base, { ...defaultSettings('small-cnn'), engine: 'tfjs' })).toBe(base);
    const one = parseTorchTrainConfig(withEngine(base, { ...defaultSettings('small-cnn'), engine: 'torch' }));
    expect(one.torch).toMatchObject({ device: 'auto', precision: 'auto', distributed: null });
    const settings = { ...defaultSettings('small-cnn'), engine: 'torch' as const, torchDevice: 'cpu' as const, torchPrecision: 'bf16' as const, torchProcesses: 2 };
    const two = parseTorchTrainConfig(withEngine(base, settings));
    expect(two).toMatchObject({ engine: 'torch', backend: null, torch: { device: 'cpu', precision: 'bf16', distributed: { nprocPerNode: 2, nnodes: 1 } } });
  });

  it('sends "Automatic" by default, with the PyTorch options for when PyTorch is chosen', () => {
    const base = toTrainConfig(defaultSettings('small-cnn'), data);
    expect(defaultSettings('small-cnn').engine).toBe('auto');
    expect(withEngine(base, defaultSettings('small-cnn'))).toEqual({ ...base, engine: 'auto', torch: { device: 'auto', precision: 'auto' } });
  });

  it('gives a multi-node run its node rank, rendezvous, restarts and checkpoint interval', () => {
    const base = toTrainConfig(defaultSettings('small-cnn'), data);
    const settings = {
      ...defaultSettings('small-cnn'), engine: 'torch' as const, torchNodes: 2, torchNodeRank: 1, torchRendezvous: ' head:29400 ', torchMaxRestarts: 3, torchCheckpointEvery: 50,
    };
    const config = parseTorchTrainConfig(withEngine(base, settings));
    expect(config.torch).toMatchObject({ checkpointEverySteps: 50, distributed: { nprocPerNode: 1, nnodes: 2, nodeRank: 1, rdzvEndpoint: 'head:29400', maxRestarts: 3 } });
    expect(() => parseTorchTrainConfig(withEngine(base, { ...settings, torchRendezvous: '' }))).toThrow(/rdzvEndpoint: several nodes need rdzvEndpoint HOST:PORT/);
  });
});

