import { describe, expect, it } from 'vitest';
import { canFineTune, startFromRun } from './fineTune';

describe('fine-tuning from a run', () => {
  it('starts only from finished runs, named as the Runs screen names them', () => {
    expect(['completed', 'early-stopped', 'running', 'stopped', 'failed', 'interrupted'].filter((status) => canFineTune({ status: status as never })))
      .toEqual(['completed', 'early-stopped']);
    expect(startFromRun({ id: 'r1', label: null, name: 'resnet18', classes: ['a', 'b'] })).toEqual({ run: 'r1', name: 'resnet18', classes: ['a', 'b'] });
    expect(startFromRun({ id: 'r1', label: 'my base', name: 'resnet18', classes: null }).name).toBe('my base');
  });
});
