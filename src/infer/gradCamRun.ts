import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select';
import { compileGraph, derivedWeightOf } from '../compile/compile';
import { NO_AUGMENT } from '../contract/augment';
import type { GradCamOptions, GradCamResult } from '../contract/gradCam';
import { decodeImage, type PreprocessSpec } from '../data';
import type { GraphDoc } from '../graph/types';
import { gradCamNode } from '../shapes/gradCamNodes';
import { torchGradCam } from '../torch/gradCam';
import type { TfjsWeights } from '../torch/weights';
import { gradCamAnswer, gradCamSource, requestedClass } from './gradCamSource';
import { gradCam, type GradCamMap } from './gradCam';
import { layerOfNode } from './layerOfNode';
import { withRandomHead } from './randomHead';

/** The design compiled for class scores (stock layers) with the design's weights, by TF.js name. */
export function scoresModel(graph: GraphDoc, weights: TfjsWeights): tf.LayersModel {
  const model = compileGraph(graph, { logits: true, layers: 'stock' });
  const values = model.weights.map((w) => {
    // A stock layer may hold part of a design weight (a grouped convolution's group, a dilated depthwise kernel spread out).
    const part = derivedWeightOf(model, w.originalName);
    const source = weights.get(part?.from ?? w.originalName);
    if (!source) throw new Error(`Grad-CAM: expected weights for ${part?.from ?? w.originalName}, found none`);
    const v = part ? part.derive(source) : source;
    return tf.tensor(v.data, v.shape);
  });
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

/** Grad-CAM of pixels (H×W×C) with a built scores model (`scoresModel`) at design node `node`'s output (a block's last layer). */
export function gradCamOnModel(model: tf.LayersModel, graph: GraphDoc, pixels: Float32Array, spec: PreprocessSpec, node: string, classIndex?: number): GradCamMap {
  const x = tf.tensor4d(pixels, [1, spec.height, spec.width, spec.channels]);
  try {
    return gradCam(model, x, layerOfNode(model, graph, node), classIndex);
  } finally {
    x.dispose();
  }
}

/** The TF.js engine's Grad-CAM of pixels (H×W×C) with the given weights, at design node `node`'s output (a block's last layer). */
export function tfjsGradCam(graph: GraphDoc, weights: TfjsWeights, pixels: Float32Array, spec: PreprocessSpec, node: string, classIndex?: number): GradCamMap {
  const model = scoresModel(graph, weights);
  try {
    return gradCamOnModel(model, graph, pixels, spec, node, classIndex);
  } finally {
    model.dispose();
  }
}

/**
 * Grad-CAM of a run's model for one image file, in the engine asked for (TF.js by default), with the image
 * and the map drawn over it. Both engines compute it from the same weights.
 */
export async function runGradCam(runDir: string, file: string, options: GradCamOptions = {}): Promise<GradCamResult> {
  const source = await gradCamSource(runDir);
  const { graph, classes, spec } = source;
  const node = gradCamNode(graph, options.node);
  const classIndex = requestedClass(classes, options.label);
  const weights = options.randomHead ? withRandomHead(graph, source.weights) : source.weights;
  const pixels = await decodeImage(file, spec, NO_AUGMENT);
  const engine = options.engine ?? 'tfjs';
  let cam: GradCamMap;
  if (engine === 'torch') {
    cam = await torchGradCam(graph, weights, pixels, node, { classIndex });
  } else {
    await initBackend();
    cam = tfjsGradCam(graph, weights, pixels, spec, node, classIndex);
  }
  return gradCamAnswer(file, spec, classes, cam, { engine, node, randomHead: Boolean(options.randomHead) });
}
