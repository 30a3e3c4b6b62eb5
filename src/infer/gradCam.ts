import * as tf from '@tensorflow/tfjs';
import { runLayers } from './runLayers';

/** A Grad-CAM map at one layer of a model, for one image and class. */
export interface GradCamMap {
  /** Row-major H×W, ReLU(Σ_k α_k A_k) with α_k the spatial mean of ∂score/∂A_k; not normalised. */
  map: Float32Array;
  height: number;
  width: number;
  classIndex: number;
  /** Softmax of the model's class scores for the image. */
  probabilities: Float32Array;
}

/**
 * Grad-CAM (Selvaraju et al. 2017, plain, not guided) of one image at the output of layer `layerName`,
 * for `classIndex` (default: the predicted class). `model` must output class scores (logits), NHWC.
 * @example const cam = gradCam(compileGraph(graph, { logits: true, layers: 'stock' }), x, 'inception5b');
 */
export function gradCam(model: tf.LayersModel, x: tf.Tensor4D, layerName: string, classIndex?: number): GradCamMap {
  if (x.shape[0] !== 1) throw new Error(`Grad-CAM: expected one image, found a batch of ${x.shape[0]}`);
  const target = model.layers.find((l) => l.name === layerName);
  if (!target) throw new Error(`Grad-CAM: the model has no layer "${layerName}"`);
  const featureId = target.inboundNodes[0].outputTensors[0].id;
  const outputId = model.outputs[0].id;
  return tf.tidy(() => {
    const values = runLayers(model, new Map([[model.inputs[0].id, x]]), new Set());
    const features = values.get(featureId)! as tf.Tensor4D;
    if (features.rank !== 4) throw new Error(`Grad-CAM: layer ${layerName} outputs rank ${features.rank}, expected a feature map (rank 4)`);
    const scores = values.get(outputId)! as tf.Tensor2D;
    const probabilities = tf.softmax(scores).dataSync() as Float32Array;
    const c = classIndex ?? tf.argMax(scores, 1).dataSync()[0];
    if (!Number.isInteger(c) || c < 0 || c >= scores.shape[1]) throw new Error(`Grad-CAM: class index ${c} is outside 0…${scores.shape[1] - 1}`);
    const scoreOf = (a: tf.Tensor) => {
      const replaced = runLayers(model, new Map(values).set(featureId, a), new Set([featureId]));
      return (replaced.get(outputId) as tf.Tensor2D).slice([0, c], [1, 1]).sum();
    };
    const gradient = tf.grad(scoreOf)(features);
    const alpha = gradient.mean([1, 2], true);
    const cam = tf.relu(features.mul(alpha).sum(3)).squeeze([0]);
    const [height, width] = cam.shape;
    return { map: cam.dataSync() as Float32Array, height, width, classIndex: c, probabilities };
  });
}
