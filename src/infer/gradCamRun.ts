import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { initBackend } from '../backend/select';
import { compileGraph, derivedWeightOf } from '../compile/compile';
import { NO_AUGMENT } from '../contract/augment';
import type { GradCamOptions, GradCamResult } from '../contract/gradCam';
import { decodeImage, type PreprocessSpec } from '../data';
import type { GraphDoc } from '../graph/types';
import { readJson, runPaths } from '../io/runFolder';
import { gradCamNode } from '../shapes/gradCamNodes';
import { generateTorchModule } from '../torch/codegen';
import { torchGradCam } from '../torch/gradCam';
import { runGraph, runWeightsAsTfjs } from '../torch/runWeights';
import type { TfjsWeights } from '../torch/weights';
import { camOverlayPng } from './camOverlay';
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

/** The TF.js engine's Grad-CAM of pixels (H×W×C) with the given weights, at design node `node`'s output (a block's last layer). */
export function tfjsGradCam(graph: GraphDoc, weights: TfjsWeights, pixels: Float32Array, spec: PreprocessSpec, node: string, classIndex?: number): GradCamMap {
  const model = scoresModel(graph, weights);
  try {
    const x = tf.tensor4d(pixels, [1, spec.height, spec.width, spec.channels]);
    try {
      return gradCam(model, x, layerOfNode(model, graph, node), classIndex);
    } finally {
      x.dispose();
    }
  } finally {
    model.dispose();
  }
}

/** What Grad-CAM reads of a finished run: its design, weights (either engine's, as TF.js names), labels and preprocessing. */
export async function gradCamSource(runDir: string): Promise<{ graph: GraphDoc; weights: TfjsWeights; classes: string[]; spec: PreprocessSpec }> {
  const graph = await runGraph(runDir);
  const found = await runWeightsAsTfjs(runDir, generateTorchModule(graph));
  if (!found) throw new Error(`${runDir} has no trained weights yet: let it finish, or resume it`);
  const model = runPaths(runDir).model;
  const [classes, spec] = await Promise.all([
    readJson<string[]>(path.join(model, 'labels.json')),
    readJson<PreprocessSpec>(path.join(model, 'preprocessing.json')),
  ]).catch((error: Error) => {
    throw new Error(`${runDir} has no labels or preprocessing in model/ (${error.message}); the run must finish first`);
  });
  return { graph, weights: found.weights, classes, spec };
}

/**
 * Grad-CAM of a run's model for one image file, in the engine asked for (TF.js by default), with the image
 * and the map drawn over it. Both engines compute it from the same weights.
 */
export async function runGradCam(runDir: string, file: string, options: GradCamOptions = {}): Promise<GradCamResult> {
  const source = await gradCamSource(runDir);
  const { graph, classes, spec } = source;
  const node = gradCamNode(graph, options.node);
  let classIndex: number | undefined;
  if (options.label !== undefined) {
    classIndex = classes.indexOf(options.label);
    if (classIndex < 0) throw new Error(`Grad-CAM class: expected one of ${classes.slice(0, 12).join(', ')}${classes.length > 12 ? ', …' : ''}, found "${options.label}"`);
  }
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
  let predicted = 0;
  for (let i = 1; i < cam.probabilities.length; i++) if (cam.probabilities[i] > cam.probabilities[predicted]) predicted = i;
  let max = 0;
  for (const v of cam.map) max = Math.max(max, v);
  const png = await camOverlayPng(file, spec, cam);
  return {
    path: file,
    engine,
    node,
    label: classes[cam.classIndex] ?? String(cam.classIndex),
    classIndex: cam.classIndex,
    probability: cam.probabilities[cam.classIndex],
    predicted: { label: classes[predicted] ?? String(predicted), probability: cam.probabilities[predicted] },
    randomHead: Boolean(options.randomHead),
    map: Array.from(cam.map),
    height: cam.height,
    width: cam.width,
    max,
    overlay: `data:image/png;base64,${png.toString('base64')}`,
  };
}
