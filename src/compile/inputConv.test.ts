import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { compileGraph } from './compile';
import { InputConv2D } from './inputConv';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const args = { filters: 5, kernelSize: 3, strides: 2, padding: 'valid' as const, name: 'c' };

/** Output, weight gradients and the kernels run, for sum(conv(x)·r) with fixed random weights. */
async function run(layer: tf.layers.Layer) {
  const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 1);
  layer.build(x.shape);
  const init = [tf.randomNormal([3, 3, 3, 5], 0, 1, 'float32', 2), tf.randomNormal([5], 0, 1, 'float32', 3)];
  layer.setWeights(init);
  const r = tf.randomNormal([2, 4, 4, 5], 0, 1, 'float32', 4);
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  let out: { y: Float32Array; dw: Float32Array; db: Float32Array } | undefined;
  const profile = await tf.profile(() => {
    tf.tidy(() => {
      let y: tf.Tensor | undefined;
      const { grads } = tf.variableGrads(() => {
        y = tf.keep(layer.apply(x, { training: true }) as tf.Tensor);
        return tf.sum(tf.mul(y, r)) as tf.Scalar;
      }, vars);
      out = { y: y!.dataSync() as Float32Array, dw: grads[vars[0].name].dataSync() as Float32Array, db: grads[vars[1].name].dataSync() as Float32Array };
      y!.dispose();
    });
  });
  tf.dispose([x, r, ...init]);
  layer.weights.forEach((w) => w.dispose());
  return { ...out!, kernels: profile.kernelNames };
}

describe('InputConv2D (a convolution whose input needs no gradient)', () => {
  it('equals tf.layers.conv2d and skips the input gradient', async () => {
    const stock = await run(tf.layers.conv2d(args));
    const ours = await run(new InputConv2D(args));
    for (const key of ['y', 'dw', 'db'] as const) {
      const diff = Math.max(...ours[key].map((v, i) => Math.abs(v - stock[key][i])));
      expect(diff, key).toBeLessThan(1e-5);
    }
    expect(stock.kernels).toContain('FusedConv2D');
    expect(ours.kernels).not.toContain('Conv2DBackpropInput');
    expect(ours.kernels).toContain('Conv2DBackpropFilter');
  });

  it('has the stock layer\'s class name and config', () => {
    expect(new InputConv2D(args).getClassName()).toBe('Conv2D');
    expect(new InputConv2D(args).getConfig()).toEqual(tf.layers.conv2d(args).getConfig());
  });

  it('is used for GoogLeNet-96\'s first convolution only', () => {
    const model = compileGraph(loadPreset('googlenet-96'));
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.length).toBeGreaterThan(50);
    expect(convs.filter((l) => l instanceof InputConv2D).map((l) => l.name)).toEqual(['conv1_conv']);
    model.dispose();
  });
});
