import { describe, expect, it } from 'vitest';
import { inferGraph } from '../shapes/infer';
import { formatShape } from '../shapeMath/shape';
import { listPresets, loadPreset } from './presets';

const shapeOf = (name: string, id: string) => {
  const inference = inferGraph(loadPreset(name));
  return formatShape(inference.nodes.get(id)!.shape!);
};

describe('googlenet-96 (the seed tutorial network)', () => {
  const inference = inferGraph(loadPreset('googlenet-96'));

  it('has no errors', () => expect(inference.errors).toEqual([]));

  it('prints the tutorial block outputs', () => {
    expect(shapeOf('googlenet-96', 'pool1')).toBe('64×23×23');
    expect(shapeOf('googlenet-96', 'pool2')).toBe('192×11×11');
    expect(shapeOf('googlenet-96', 'pool3')).toBe('480×5×5');
    expect(shapeOf('googlenet-96', 'pool4')).toBe('832×2×2');
    expect(shapeOf('googlenet-96', 'avgpool')).toBe('1024×1×1');
    expect(inference.output).toEqual([10]);
  });

  it('counts 5,998,362 trainable and 14,560 non-trainable parameters', () => {
    expect(inference.totals.trainable).toBe(5_998_362);
    expect(inference.totals.nonTrainable).toBe(14_560);
  });

  it('needs about 229 M multiply-accumulates per image', () => {
    expect(inference.totals.macs / 1e6).toBeCloseTo(229, 0);
  });
});

describe('googlenet (224×224 ImageNet)', () => {
  const inference = inferGraph(loadPreset('googlenet'));
  it('pools 112 → 56 → 28 → 14 → 7 and ends in 1000 classes', () => {
    expect(inference.errors).toEqual([]);
    expect(shapeOf('googlenet', 'conv1')).toBe('64×112×112');
    expect(shapeOf('googlenet', 'pool1')).toBe('64×56×56');
    expect(shapeOf('googlenet', 'pool2')).toBe('192×28×28');
    expect(shapeOf('googlenet', 'pool3')).toBe('480×14×14');
    expect(shapeOf('googlenet', 'pool4')).toBe('832×7×7');
    expect(shapeOf('googlenet', 'inception5b')).toBe('1024×7×7');
    expect(inference.output).toEqual([1000]);
  });
});

describe('inception-v3 (torchvision\'s Inception-v3 at 299×299, no auxiliary classifier)', () => {
  const inference = inferGraph(loadPreset('inception-v3'));
  it('reduces the grid 35 → 17 → 8 as torchvision does, ending in 2048 features and 1000 classes', () => {
    expect(inference.errors).toEqual([]);
    expect(shapeOf('inception-v3', 'maxpool2')).toBe('192×35×35');
    expect(shapeOf('inception-v3', 'Mixed_5d')).toBe('288×35×35');
    expect(shapeOf('inception-v3', 'Mixed_6a')).toBe('768×17×17');
    expect(shapeOf('inception-v3', 'Mixed_6e')).toBe('768×17×17');
    expect(shapeOf('inception-v3', 'Mixed_7a')).toBe('1280×8×8');
    expect(shapeOf('inception-v3', 'Mixed_7c')).toBe('2048×8×8');
    expect(inference.output).toEqual([1000]);
  });
  it('counts torchvision\'s 23,834,568 trainable parameters and its BatchNorm statistics', () => {
    // torchvision.models.inception_v3(aux_logits=False, init_weights=False): parameters and running_mean/running_var.
    expect(inference.totals.trainable).toBe(23_834_568);
    expect(inference.totals.nonTrainable).toBe(34_432);
  });
  it('needs torchvision\'s 5.71 G multiply-accumulates per image (its convolutions and fc, counted by forward hooks)', () => {
    expect(inference.totals.macs).toBe(5_713_216_096);
  });
});

describe('presets', () => {
  it('lists every preset with a title, each valid', () => {
    const presets = listPresets();
    expect(presets.map((p) => p.name)).toEqual(['googlenet-96', 'googlenet', 'inception-v3', 'small-cnn']);
    for (const preset of presets) expect(inferGraph(loadPreset(preset.name)).errors).toEqual([]);
  });
  it('refuses an unknown name', () => {
    expect(() => loadPreset('vgg')).toThrow(/unknown preset "vgg"/);
  });
});
