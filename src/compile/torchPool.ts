import * as tf from '@tensorflow/tfjs';
import { poolOutputLength } from '../shapeMath/convMath';
import { avgDivisors, trailingPadding } from './poolDivisor';

export interface TorchPoolConfig {
  mode: 'max' | 'avg';
  kernel: number;
  stride: number;
  padding: number;
  ceilMode: boolean;
  countIncludePad: boolean;
}

/**
 * 2-D max or average pooling over NHWC tensors with PyTorch's semantics: symmetric explicit padding
 * (-∞ for max, so a padded value never wins), ceil mode, and PyTorch's divisor for averages.
 */
export class TorchPool2D extends tf.layers.Layer {
  static readonly className = 'TorchPool2D';
  private readonly pool: TorchPoolConfig;

  constructor(config: TorchPoolConfig & { name?: string }) {
    super({ name: config.name });
    this.pool = {
      mode: config.mode,
      kernel: config.kernel,
      stride: config.stride,
      padding: config.padding,
      ceilMode: config.ceilMode,
      countIncludePad: config.countIncludePad,
    };
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (len: number | null) =>
      len === null ? null : poolOutputLength(len, this.pool.kernel, this.pool.stride, this.pool.padding, this.pool.ceilMode);
    return [n, out(h), out(w), c];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { mode, kernel, stride, padding, countIncludePad } = this.pool;
      const [, h, w] = x.shape;
      const padH = trailingPadding(h, this.pool);
      const padW = trailingPadding(w, this.pool);
      const padded =
        padding === 0 && padH === 0 && padW === 0
          ? x
          : tf.pad(x, [[0, 0], [padding, padH], [padding, padW], [0, 0]], mode === 'max' ? -Infinity : 0);
      if (mode === 'max') return tf.maxPool(padded, kernel, stride, 'valid');
      const mean = tf.avgPool(padded, kernel, stride, 'valid');
      const rows = avgDivisors(h, this.pool, countIncludePad);
      const cols = avgDivisors(w, this.pool, countIncludePad);
      const full = kernel * kernel;
      if (rows.every((r) => r === kernel) && cols.every((c) => c === kernel)) return mean;
      const scale = tf.tensor4d(rows.flatMap((r) => cols.map((c) => full / (r * c))), [1, rows.length, cols.length, 1]);
      return tf.mul(mean, scale);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.pool };
  }
}

tf.serialization.registerClass(TorchPool2D);
