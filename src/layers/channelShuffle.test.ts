import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { inferGraph } from '../shapes/infer';
import { graphOf } from '../torch/testing/graphs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The channel order ChannelShuffle gives a 2×1 map of 6 channels whose channel k holds k everywhere. */
function shuffledChannels(groups: number): number[] {
  const model = compileGraph(graphOf('shuffle', [
    ['in', 'Input', { height: 2, width: 1, channels: 1 }, []],
    ['c', 'Conv2D', { filters: 6, kernel: 1, bias: false }, ['in']],
    ['s', 'ChannelShuffle', { groups }, ['c']],
  ]));
  const conv = model.getLayer('c');
  conv.setWeights([tf.tensor4d([0, 1, 2, 3, 4, 5], [1, 1, 1, 6])]);
  const x = tf.ones([1, 2, 1, 1]);
  const y = model.predict(x) as tf.Tensor;
  const values = Array.from(y.dataSync());
  tf.dispose([x, y]);
  model.dispose();
  expect(values.slice(6)).toEqual(values.slice(0, 6));
  return values.slice(0, 6);
}

describe('ChannelShuffle', () => {
  it('reads the groups column by column, as PyTorch\'s view(g, C/g).transpose does', () => {
    expect(shuffledChannels(2)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(shuffledChannels(3)).toEqual([0, 2, 4, 1, 3, 5]);
    expect(shuffledChannels(1)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('groups that do not divide the channels, or flat features, are errors on the node and field', () => {
    const result = inferGraph(graphOf('bad', [
      ['in', 'Input', { height: 2, width: 2, channels: 3 }, []],
      ['c', 'Conv2D', { filters: 6, kernel: 1 }, ['in']],
      ['s', 'ChannelShuffle', { groups: 4 }, ['c']],
      ['f', 'Flatten', {}, ['in']],
      ['flat', 'ChannelShuffle', { groups: 2 }, ['f']],
      ['join', 'Concat', {}, ['s', 'flat']],
    ]));
    expect(result.errors).toEqual(expect.arrayContaining([
      { nodeId: 's', field: 'groups', message: 'expected a divisor of the 6 input channels, got 4' },
      expect.objectContaining({ nodeId: 'flat', field: 'input' }),
    ]));
  });
});
