import { describe, expect, it } from 'vitest';
import { DETAIL_NODE_HEIGHT, idWords, MIN_NODE_WIDTH, nodeBoxSize } from './nodeSize';

describe('nodeBoxSize', () => {
  it('gives short nodes the standard box', () => {
    expect(nodeBoxSize({ id: 'conv1', title: 'Conv2D', shape: '64×56×56', params: '1,792' })).toEqual({ width: MIN_NODE_WIDTH, height: DETAIL_NODE_HEIGHT });
  });

  it('widens a box for a long id or shape, so nothing is cut', () => {
    const long = nodeBoxSize({ id: 'features_denseblock3_denselayer12_conv1', title: 'Conv2D', shape: '128×14×14', params: '36,864' });
    expect(long.width).toBeGreaterThanOrEqual(27 + 6 * 8.4 + 39 * 6.82);
    const wideShape = nodeBoxSize({ id: 'x', title: 'Dense', shape: '2048×112×112', params: '102,761,472' });
    expect(wideShape.width).toBeGreaterThan(MIN_NODE_WIDTH);
  });

  it('makes room for an id that wraps between its words when zoomed out', () => {
    const size = nodeBoxSize({ id: 'inception4a_b2_reduce_relu_extra_long', title: 'ReLU', shape: '96×12×12', params: '—' });
    expect(size.height).toBeGreaterThan(DETAIL_NODE_HEIGHT);
  });
});

describe('idWords', () => {
  it('splits an id after each underscore or dot', () => {
    expect(idWords('layer3_0_conv1')).toEqual(['layer3_', '0_', 'conv1']);
    expect(idWords('fc')).toEqual(['fc']);
  });
});

describe('nodeBoxSize with badges', () => {
  it('widens the head by the badges it shows', () => {
    const text = { id: 'inception3a_b2_reduce', title: 'Conv2D', shape: '96×28×28', params: '18,528' };
    expect(nodeBoxSize({ ...text, badges: 2 }).width).toBeGreaterThan(nodeBoxSize(text).width + 40);
  });
});
