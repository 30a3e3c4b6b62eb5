import * as tf from '@tensorflow/tfjs';
import type { TrainOptimizer } from './optimizer';

/** One batch as the data pipeline delivers it: NHWC floats and integer labels. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  size: number;
}

export interface StepResult { loss: number; correct: number; size: number }

const toTensors = (batch: Batch, inputShape: readonly number[], numClasses: number) => ({
  x: tf.tensor4d(batch.x, [batch.size, inputShape[0], inputShape[1], inputShape[2]]),
  labels: tf.tensor1d(batch.y, 'int32'),
  oneHot: tf.oneHot(tf.tensor1d(batch.y, 'int32'), numClasses),
});

/**
 * One optimisation step: forward in training mode (BatchNorm uses and updates batch statistics,
 * Dropout drops), softmax cross-entropy with optional label smoothing, backward, update. With `resizeTo`
 * the batch is first resized bilinearly (half-pixel centres: a 2× reduction averages 2×2 pixels), for
 * progressive resizing.
 */
export function trainStep(
  model: tf.LayersModel,
  opt: TrainOptimizer,
  batch: Batch,
  options: { lr: number; labelSmoothing: number; numClasses: number; inputShape: readonly number[]; resizeTo?: { height: number; width: number } },
): StepResult {
  return tf.tidy(() => {
    const tensors = toTensors(batch, options.inputShape, options.numClasses);
    const { labels, oneHot } = tensors;
    const to = options.resizeTo;
    const x = to && (to.height !== options.inputShape[0] || to.width !== options.inputShape[1]) ? tf.image.resizeBilinear(tensors.x, [to.height, to.width], false, true) : tensors.x;
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    let correct: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(x, { training: true }) as tf.Tensor;
      // Kept past variableGrads' own scope; disposed below.
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
      return tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, options.labelSmoothing) as tf.Scalar;
    }, variables);
    opt.apply(grads, variables, options.lr);
    const kept = correct as unknown as tf.Tensor;
    const result = { loss: value.dataSync()[0], correct: kept.dataSync()[0], size: batch.size };
    kept.dispose();
    return result;
  });
}

/** Loss and predictions in inference mode (BatchNorm uses its moving statistics). */
export function evalStep(
  model: tf.LayersModel,
  batch: Batch,
  options: { numClasses: number; inputShape: readonly number[] },
): { loss: number; correct: number; size: number; probabilities: Float32Array } {
  return tf.tidy(() => {
    const { x, labels, oneHot } = toTensors(batch, options.inputShape, options.numClasses);
    const logits = model.apply(x, { training: false }) as tf.Tensor;
    const loss = tf.losses.softmaxCrossEntropy(oneHot, logits);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32'));
    return {
      loss: loss.dataSync()[0],
      correct: correct.dataSync()[0],
      size: batch.size,
      probabilities: tf.softmax(logits).dataSync() as Float32Array,
    };
  });
}
