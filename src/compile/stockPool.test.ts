import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { poolOutputLength } from '../shapeMath/convMath';
import { stockPool } from './stockPool';
import { TorchPool2D, type TorchPoolConfig } from './torchPool';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every geometry PyTorch accepts for sizes 1–9, kernels 1–4, strides 1–3, both modes and divisors. */
function geometries(): (TorchPoolConfig & { size: number })[] {
  const out: (TorchPoolConfig & { size: number })[] = [];
  for (const size of [1, 2, 3, 4, 5, 6, 7, 8, 9])
    for (const kernel of [1, 2, 3, 4])
      for (const stride of [1, 2, 3])
        for (let padding = 0; padding <= Math.floor(kernel / 2); padding++)
          for (const ceilMode of [false, true])
            for (const [mode, countIncludePad] of [['max', false], ['avg', true], ['avg', false]] as const) {
              if (size + 2 * padding < kernel || poolOutputLength(size, kernel, stride, padding, ceilMode) < 1) continue;
              out.push({ size, kernel, stride, padding, ceilMode, mode, countIncludePad });
            }
  return out;
}

describe('stockPool (stock TF.js layers with PyTorch pooling semantics)', () => {
  it('equals TorchPool2D on negative and positive inputs for every geometry, with only stock layer classes', () => {
    const all = geometries();
    expect(all.length).toBeGreaterThan(500);
    const custom = new Set<string>();
    for (const g of all) {
      const input = tf.input({ shape: [g.size, g.size + 1, 2] });
      const reference = tf.model({ inputs: input, outputs: new TorchPool2D({ ...g, name: 'ref' }).apply(input) as tf.SymbolicTensor });
      const stock = tf.model({ inputs: input, outputs: stockPool(tf, input, g, 'pool') });
      for (const layer of stock.layers) if (!tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()] || layer.getClassName() === 'TorchPool2D') custom.add(layer.getClassName());
      const x = tf.randomNormal([2, g.size, g.size + 1, 2], 0, 1, 'float32', 7);
      const want = reference.predict(x) as tf.Tensor;
      const got = stock.predict(x) as tf.Tensor;
      expect(got.shape, JSON.stringify(g)).toEqual(want.shape);
      const diff = tf.max(tf.abs(tf.sub(got, want))).dataSync()[0];
      expect(diff, JSON.stringify(g)).toBeLessThan(1e-6);
      tf.dispose([x, want, got]);
    }
    expect([...custom]).toEqual([]);
  });

  it('uses a plain pool where TF.js windows are already PyTorch’s', () => {
    const input = tf.input({ shape: [24, 24, 4] });
    const maxSame = tf.model({ inputs: input, outputs: stockPool(tf, input, { mode: 'max', kernel: 3, stride: 1, padding: 1, ceilMode: false, countIncludePad: false }, 'p') });
    expect(maxSame.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'MaxPooling2D']);
    const avgValid = tf.model({ inputs: input, outputs: stockPool(tf, input, { mode: 'avg', kernel: 2, stride: 2, padding: 0, ceilMode: false, countIncludePad: true }, 'q') });
    expect(avgValid.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'AveragePooling2D']);
  });
});
