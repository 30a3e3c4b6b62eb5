import { describe, expect, it } from 'vitest';
import { defaultRun, runDataCaption, runLegend, shortFolder, shortName, runProgressCells } from './runLabels';

const run = (id: string, classes: string[] | null, over: Partial<{ label: string | null; dataDir: string | null }> = {}) => ({
  id, classes, name: 'Small CNN', label: null, dataDir: '/home/me/data/digits', ...over,
});

describe('run labels', () => {
  it('names the data folder and class count', () => {
    expect(shortFolder('/home/me/data/digits/')).toBe('digits');
    expect(shortFolder('C:\\data\\pets')).toBe('pets');
    expect(runDataCaption(run('x', ['a', 'b']))).toBe('digits · 2 classes');
    expect(runLegend(run('20261201-142233-small-cnn', ['a', 'b'], { label: 'digits, no flip' }))).toBe('digits, no flip · digits · 2 classes · 14:22');
  });

  it('cuts a long name where space is short, keeping the data and the start time', () => {
    const long = run('20261201-142233-small-cnn', ['a', 'b'], { label: 'Small CNN on the digits folder, first try with the default options' });
    expect(runLegend(long, 24)).toBe('Small CNN on the digits… · digits · 2 classes · 14:22');
    expect(runLegend(long)).toBe('Small CNN on the digits folder, first try with the default options · digits · 2 classes · 14:22');
    expect(shortName('Small CNN', 24)).toBe('Small CNN');
  });

  it('tells two runs of one preset on different folders apart', () => {
    const a = runLegend(run('20261201-142233-small-cnn', ['a', 'b']));
    const b = runLegend(run('20261201-142233-small-cnn-2', ['x', 'y', 'z'], { dataDir: '/data/shapes' }));
    expect(a).not.toBe(b);
  });
});

describe('defaultRun', () => {
  const runs = [run('new', ['cat', 'dog']), run('digits', ['2', '10', '1']), run('old', ['1', '2', '10'])];

  it('prefers the newest run with the folder’s classes, in any order', () => {
    expect(defaultRun(runs, ['1', '2', '10'])).toEqual({ runId: 'digits', why: 'matches' });
  });

  it('falls back to the newest run when none matches or no folder was chosen', () => {
    expect(defaultRun(runs, ['a', 'b', 'c'])).toEqual({ runId: 'new', why: 'latest' });
    expect(defaultRun(runs, null)).toEqual({ runId: 'new', why: 'latest' });
    expect(defaultRun([], ['a'])).toEqual({ runId: null, why: 'none' });
  });
});

describe('runProgressCells', () => {
  const duration = (s: number) => `${s}s`;
  it('gives an imported model no epochs or time (it was not trained here) and calls it imported', () => {
    expect(runProgressCells({ imported: { format: 'onnx', source: '/m/resnet18.onnx' }, epochsDone: 0, epochs: 0, status: 'completed' }, duration, 0))
      .toEqual({ epochs: '—', time: '—', status: 'imported' });
    expect(runProgressCells({ epochsDone: 3, epochs: 10, status: 'stopped' }, duration, 42)).toEqual({ epochs: '3 / 10', time: '42s', status: 'stopped' });
  });
});
