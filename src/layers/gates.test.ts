import { describe, expect, it } from 'vitest';
import { inferGraph } from '../shapes/infer';
import { graphOf, type NodeSpec } from '../torch/testing/graphs';

const input: NodeSpec = ['in', 'Input', { height: 6, width: 5, channels: 4 }, []];

describe('squeeze-excitation, Multiply and the new activations: shapes and errors on the node and field', () => {
  it('a squeeze-excitation keeps C×H×W and counts both 1×1 convolutions with bias', () => {
    const result = inferGraph(graphOf('se', [input, ['se', 'SqueezeExcitation', { channels: 4, squeeze: 2 }, ['in']]]));
    expect(result.errors).toEqual([]);
    expect(result.nodes.get('se')!.shape).toEqual([4, 6, 5]);
    expect(result.totals.trainable).toBe(4 * 2 + 2 + 2 * 4 + 4);
  });

  it('a squeeze-excitation whose channels are not its input\'s is an error on `channels`', () => {
    const result = inferGraph(graphOf('se', [input, ['se', 'SqueezeExcitation', { channels: 8, squeeze: 2 }, ['in']]]));
    expect(result.errors).toEqual([{ nodeId: 'se', field: 'channels', message: 'expected the input\'s 4 channels, got 8' }]);
  });

  it('Multiply takes the same shape or a C×1×1 gate in either slot; anything else is an error on input[1]', () => {
    const ok = inferGraph(graphOf('gate', [
      input,
      ['g', 'GlobalAvgPool', { keepDims: true }, ['in']],
      ['a', 'Multiply', {}, ['in', 'g']],
      ['b', 'Multiply', {}, ['g', 'a']],
      ['c', 'Multiply', {}, ['a', 'b']],
    ]));
    expect(ok.errors).toEqual([]);
    expect(['g', 'a', 'b', 'c'].map((id) => ok.nodes.get(id)!.shape)).toEqual([[4, 1, 1], [4, 6, 5], [4, 6, 5], [4, 6, 5]]);
    const bad = inferGraph(graphOf('bad gate', [
      input,
      ['g', 'GlobalAvgPool', {}, ['in']],
      ['m', 'Multiply', {}, ['in', 'g']],
    ]));
    expect(bad.errors).toEqual([{ nodeId: 'm', field: 'input[1]', message: 'expected 4×6×5 or 4×1×1 like input[0], got 4' }]);
  });

  it('LayerScale needs a C×H×W map; GELU takes only its two forms', () => {
    const result = inferGraph(graphOf('bad', [
      input,
      ['g', 'GlobalAvgPool', {}, ['in']],
      ['s', 'LayerScale', {}, ['g']],
      ['act', 'GELU', { approximate: 'sigmoid' }, ['in']],
    ]));
    expect(result.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ nodeId: 's', field: 'input' }),
      { nodeId: 'act', field: 'approximate', message: 'expected one of none, tanh, got "sigmoid"' },
    ]));
  });
});
