import { describe, expect, it } from 'vitest';
import { loadPreset } from './presets';
import { freezeUpTo, frozenIds, setFrozen, upstreamOf } from './freeze';

describe('freezing nodes', () => {
  const graph = loadPreset('googlenet-96');

  it('freezes a node and everything it depends on, and nothing downstream or beside it', () => {
    const frozen = freezeUpTo(graph, 'inception3b');
    expect(frozenIds(frozen)).toEqual(['input', 'conv1', 'pool1', 'conv2', 'conv3', 'pool2', 'inception3a', 'inception3b']);
    expect(frozenIds(graph)).toEqual([]);
  });

  it('makes frozen nodes trainable again without leaving the flag behind', () => {
    const frozen = setFrozen(graph, ['conv1', 'conv2'], true);
    const thawed = setFrozen(frozen, ['conv1'], false);
    expect(frozenIds(thawed)).toEqual(['conv2']);
    expect('frozen' in thawed.nodes.find((n) => n.id === 'conv1')!).toBe(false);
  });

  it('follows every input of a join', () => {
    const last = graph.nodes.at(-1)!.id;
    expect(upstreamOf(graph, last).size).toBe(graph.nodes.length);
  });

  it('refuses a node that is not in the design', () => {
    expect(() => freezeUpTo(graph, 'nope')).toThrow(/no node "nope"/);
  });
});
