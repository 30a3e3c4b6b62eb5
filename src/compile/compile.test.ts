import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreset, PRESET_NAMES } from '../graph/presets';
import { inferGraph } from '../shapes/infer';
import { compileGraph } from './compile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const countWeights = (weights: tf.LayerVariable[]) =>
  weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

describe('compiling the presets to TF.js', () => {
  for (const name of PRESET_NAMES) {
    it(`${name}: parameter counts and output shape equal inference`, () => {
      const graph = loadPreset(name);
      const inference = inferGraph(graph);
      const model = compileGraph(graph);
      try {
        expect(countWeights(model.trainableWeights)).toBe(inference.totals.trainable);
        expect(countWeights(model.nonTrainableWeights)).toBe(inference.totals.nonTrainable);
        expect(model.outputs[0].shape.slice(1)).toEqual([...inference.output!]);
      } finally {
        model.dispose();
      }
    });
  }

  it('names layers after node ids', () => {
    const model = compileGraph(loadPreset('googlenet-96'));
    const names = model.layers.map((l) => l.name);
    expect(names).toContain('conv1_conv');
    expect(names).toContain('inception3a_b2_conv');
    expect(names).toContain('fc');
    model.dispose();
  });
});
