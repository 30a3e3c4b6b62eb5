import * as tf from '@tensorflow/tfjs';

type BatchNormArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;

/** The fields of tfjs-layers' BatchNormalization that the training path reads (protected there). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/** tfjs-layers' BatchNormalization class (only its factory is exported). */
const StockBatchNorm = tf.layers.batchNormalization({}).constructor as new (args: BatchNormArgs) => ReturnType<typeof tf.layers.batchNormalization>;

/**
 * Batch normalisation over every axis but the last in training mode, as one differentiable op whose
 * gradient is the closed form
 *
 *   dβ = Σ dy,  dγ = σ⁻¹·Σ dy·(x − μ),  dx = γσ⁻¹·(dy − dβ/M − (x − μ)·σ⁻²·Σ dy·(x − μ)/M)
 *
 * (sums over the M positions of each channel, σ = √(var + ε)), instead of the chain TF.js differentiates
 * for tf.layers.batchNormalization: moments, then the FusedBatchNorm gradient, then the gradients of the
 * mean and of the squared difference back into x, ~35 ops with a dozen full-size reductions and tiles.
 * Here: 6 element-wise passes or reductions forward, 7 backward. Returns the batch mean and (biased)
 * variance too, for the moving averages; the caller disposes them.
 */
export function batchNormInTraining(
  x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const count = x.size / x.shape[x.rank - 1];
  let mean: tf.Tensor | undefined;
  let variance: tf.Tensor | undefined;
  const op = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const m = tf.mean(xIn, axes);
    const xc = tf.sub(xIn, m);
    const v = tf.mean(tf.square(xc), axes);
    const invStd = tf.rsqrt(tf.add(v, epsilon));
    const scale = tf.mul(g, invStd);
    const value = tf.add(tf.mul(xc, scale), b);
    mean = tf.keep(m);
    variance = tf.keep(v);
    save([xc, invStd, scale]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedXc, savedInvStd, savedScale] = saved;
      const dBeta = tf.sum(dy, axes);
      const dyXc = tf.sum(tf.mul(dy, savedXc), axes);
      const dGamma = tf.mul(dyXc, savedInvStd);
      // dx = dy·scale + xc·a + c, with a = −scale·σ⁻²·Σ dy·xc / M and c = −scale·dβ / M per channel.
      const a = tf.mul(savedScale, tf.mul(tf.square(savedInvStd), tf.mul(dyXc, -1 / count)));
      const c = tf.mul(savedScale, tf.mul(dBeta, -1 / count));
      const dx = tf.add(tf.add(tf.mul(dy, savedScale), tf.mul(savedXc, a)), c);
      return [dx, dGamma, dBeta];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta);
  if (!mean || !variance) throw new Error('batchNormInTraining: the forward pass did not run');
  return { y, mean, variance };
}

/**
 * tf.layers.batchNormalization with a faster training step (see batchNormInTraining) when it normalises over
 * every axis but the last, with scale and centre (as all of ours do). Same weights (gamma, beta,
 * moving_mean, moving_variance, in that order), same moving-average update, same class name and config, so
 * checkpoints, exports and weight mapping do not change; inference and other configurations run the stock
 * layer's code. Not trainable (a frozen node's), it runs in inference mode in training too.
 */
export class TrainingBatchNorm extends StockBatchNorm {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    // A frozen layer (trainable false) normalises with its moving statistics and leaves them as they are, as
    // Keras does; the stock tfjs layer looks only at `training` and would update them.
    if (!this.trainable && kwargs.training) return super.call(inputs, { ...kwargs, training: false });
    const f = this as unknown as BatchNormFields;
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const axis = f.axis >= 0 ? f.axis : f.axis + x.rank;
    if (!kwargs.training || x.rank < 2 || axis !== x.rank - 1 || !f.center || !f.scale || x.dtype !== 'float32') {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormInTraining(x, f.gamma.read(), f.beta.read(), f.epsilon);
      // As the stock layer: moving ← moving − (moving − batch)·(1 − momentum), with the biased variance.
      for (const [moving, batch] of [[f.movingMean, mean], [f.movingVariance, variance]] as const) {
        tf.tidy(() => {
          const current = moving.read();
          moving.write(tf.sub(current, tf.mul(tf.sub(current, batch), 1 - f.momentum)));
        });
      }
      tf.dispose([mean, variance]);
      return y;
    });
  }
}
