import { describe, expect, it } from 'vitest';
import { setFrozen } from '../../src/graph/freeze';
import { setParams } from '../../src/graph/ops';
import { loadPreset } from '../../src/graph/presets';
import { canFineTune, sameNetwork, startFromRun } from './fineTune';

describe('fine-tuning from a run', () => {
  it('starts only from finished runs, named as the Runs screen names them', () => {
    expect(['completed', 'early-stopped', 'running', 'stopped', 'failed', 'interrupted'].filter((status) => canFineTune({ status: status as never })))
      .toEqual(['completed', 'early-stopped']);
    expect(startFromRun({ id: 'r1', label: null, name: 'resnet18', classes: ['a', 'b'] }, 3)).toEqual({ run: 'r1', name: 'resnet18', classes: ['a', 'b'], design: 3 });
    expect(startFromRun({ id: 'r1', label: 'my base', name: 'resnet18', classes: null }, 3).name).toBe('my base');
  });
});

describe('sameNetwork', () => {
  it('sees the run\'s network in a design with frozen or moved layers, not in an edited one', () => {
    const run = loadPreset('small-cnn');
    const frozen = setFrozen(run, [run.nodes[0].id], true);
    const moved = { ...frozen, nodes: frozen.nodes.map((n) => ({ ...n, position: { x: n.position.x + 5, y: n.position.y } })) };
    expect(sameNetwork(moved, run)).toBe(true);
    const fc = run.nodes.find((n) => n.kind === 'Dense')!;
    expect(sameNetwork(setParams(run, fc.id, { units: 3 }), run)).toBe(false);
    expect(sameNetwork({ ...run, edges: run.edges.slice(1) }, run)).toBe(false);
  });
});
