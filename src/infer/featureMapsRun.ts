import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select';
import { NO_AUGMENT } from '../contract/augment';
import type { FeatureMapsOptions, FeatureMapsResult } from '../contract/featureMaps';
import { decodeImage } from '../data';
import { gradCamNode, spatialNodes } from '../shapes/gradCamNodes';
import { featureGridPng, tileScale } from './featureGrid';
import { featureMaps } from './featureMaps';
import { scoresModel } from './gradCamRun';
import { gradCamSource } from './gradCamSource';
import { layerOfNode } from './layerOfNode';

const DEFAULT_LIMIT = 64;

/**
 * A finished run's feature maps at one design node (any node with a C×H×W output; the last one by default) for
 * one image file, with the TF.js engine from the run's weights (either engine's), as Grad-CAM reads them: the
 * channels sorted by mean activation, the first `limit` drawn as a grid.
 */
export async function runFeatureMaps(runDir: string, file: string, options: FeatureMapsOptions = {}): Promise<FeatureMapsResult> {
  const { graph, weights, spec } = await gradCamSource(runDir);
  const node = gradCamNode(graph, options.node);
  const pixels = await decodeImage(file, spec, NO_AUGMENT);
  await initBackend();
  const model = scoresModel(graph, weights);
  let maps;
  try {
    const x = tf.tensor4d(pixels, [1, spec.height, spec.width, spec.channels]);
    try {
      maps = featureMaps(model, x, layerOfNode(model, graph, node));
    } finally {
      x.dispose();
    }
  } finally {
    model.dispose();
  }
  let [min, max] = [Infinity, -Infinity];
  for (const c of maps.channels) [min, max] = [Math.min(min, c.min), Math.max(max, c.max)];
  const shown = maps.channels.slice(0, options.limit ?? DEFAULT_LIMIT);
  const columns = Math.ceil(Math.sqrt(shown.length));
  const png = await featureGridPng(shown, maps.height, maps.width, { min, max }, columns);
  return {
    path: file,
    node,
    nodes: spatialNodes(graph),
    height: maps.height,
    width: maps.width,
    count: maps.count,
    channels: shown.map(({ channel, mean, min: lo, max: hi }) => ({ channel, mean, min: lo, max: hi })),
    min,
    max,
    grid: `data:image/png;base64,${png.toString('base64')}`,
    columns,
    tile: Math.max(maps.height, maps.width) * tileScale(maps.height, maps.width),
  };
}
