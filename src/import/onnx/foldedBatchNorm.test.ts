import { describe, expect, it } from 'vitest';
import { hasFoldedBatchNorm } from './foldedBatchNorm';

const conv = (weight: string) => ({ opType: 'Conv', input: ['x', weight, `${weight}_bias`], output: ['y'] });

describe('hasFoldedBatchNorm', () => {
  it("recognises convolutions whose BatchNorm the exporter folded in (PyTorch's onnx::Conv_ weights, no BatchNormalization)", () => {
    expect(hasFoldedBatchNorm({ nodes: [conv('onnx::Conv_193'), { opType: 'Relu', input: ['y'], output: ['z'] }] })).toBe(true);
  });

  it('says nothing of a file that keeps its BatchNorm or names its weights after the modules', () => {
    expect(hasFoldedBatchNorm({ nodes: [conv('onnx::Conv_193'), { opType: 'BatchNormalization', input: ['y'], output: ['z'] }] })).toBe(false);
    expect(hasFoldedBatchNorm({ nodes: [conv('features.0.weight')] })).toBe(false);
  });
});
