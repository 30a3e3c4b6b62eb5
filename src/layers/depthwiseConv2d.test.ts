import { describe, expect, it } from 'vitest';
import { evaluateNode } from '../shapes/infer';

describe('DepthwiseConv2D shapes and counts', () => {
  it('multiplies the channels and follows convolution size rules', () => {
    const { shape, counts } = evaluateNode('DepthwiseConv2D', { kernel: 3, stride: 2, padding: 1, depthMultiplier: 2 }, [[8, 15, 10]]);
    expect(shape).toEqual([16, 8, 5]);
    // 3·3 weights per output channel, plus a bias each; one weight per multiply-accumulate at each output position.
    expect(counts).toEqual({ trainable: 16 * 9 + 16, nonTrainable: 0, macs: 16 * 9 * 8 * 5 });
  });

  it('keeps H×W with "same" and counts no bias when it has none', () => {
    const { shape, counts } = evaluateNode('DepthwiseConv2D', { kernel: 4, padding: 'same', bias: false }, [[3, 7, 6]]);
    expect(shape).toEqual([3, 7, 6]);
    expect(counts.trainable).toBe(3 * 16);
  });

  it('names the field at fault', () => {
    expect(() => evaluateNode('DepthwiseConv2D', { padding: 'same', stride: 2 }, [[3, 8, 8]])).toThrow(/"same" padding needs stride 1/);
    expect(() => evaluateNode('DepthwiseConv2D', { kernel: 9, padding: 0 }, [[3, 4, 4]])).toThrow(/larger than its 4×4 input/);
    expect(() => evaluateNode('DepthwiseConv2D', {}, [[10]])).toThrow(/expects a C×H×W feature map/);
  });
});
