import { describe, expect, it } from 'vitest';
import { DesignBuilder } from './design';
import { isGeneratedName, moduleName } from './moduleName';

describe('moduleName', () => {
  it('reads the module path of a node name written by PyTorch\'s exporter', () => {
    expect(moduleName('/layer3/layer3.0/conv1/Conv')).toBe('layer3.0.conv1');
    expect(moduleName('/features/denseblock1/denselayer1/relu1/Relu')).toBe('features.denseblock1.denselayer1.relu1');
    expect(moduleName('/fc/Gemm')).toBe('fc');
  });

  it('gives none for names that are not module paths or name no module', () => {
    expect(moduleName('/Flatten')).toBeNull();
    expect(moduleName('Conv_12')).toBeNull();
    expect(moduleName('')).toBeNull();
  });

  it('tells the exporter\'s generated initializer names from parameter names', () => {
    expect(isGeneratedName('onnx::Conv_223')).toBe(true);
    expect(isGeneratedName('layer1.0.conv1.weight')).toBe(false);
  });
});

describe('DesignBuilder.uniqueId', () => {
  it('makes unique identifier-safe ids from module paths', () => {
    const design = new DesignBuilder();
    expect(design.uniqueId('/layer3/layer3.0/conv1/Conv')).toBe('layer3_0_conv1');
    expect(design.uniqueId('/layer3/layer3.0/conv1/Conv')).toBe('layer3_0_conv1_2');
    expect(design.uniqueId('/Flatten')).toBe('Flatten');
    expect(design.uniqueId('layer1.0.conv1')).toBe('layer1_0_conv1');
  });
});
