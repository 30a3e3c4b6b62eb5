import * as tf from '@tensorflow/tfjs';
import { runLayers } from './runLayers';

/** One channel of a layer's output for one image. */
export interface FeatureChannel {
  /** The channel's index in the layer's output. */
  channel: number;
  mean: number;
  min: number;
  max: number;
  /** Row-major height×width. */
  values: Float32Array;
}

/** A layer's output for one image, channel by channel, sorted by mean activation (highest first). */
export interface FeatureMaps {
  height: number;
  width: number;
  /** The layer's channel count (all of them are in `channels`). */
  count: number;
  channels: FeatureChannel[];
}

/**
 * The feature maps (NHWC) at the output of layer `layerName` for one image, the model's layers run one by one
 * as Grad-CAM runs them, so any layer of a functional model can be read, an imported design's included.
 * @example const maps = featureMaps(compileGraph(graph, { layers: 'stock' }), x, 'conv1');
 */
export function featureMaps(model: tf.LayersModel, x: tf.Tensor4D, layerName: string): FeatureMaps {
  if (x.shape[0] !== 1) throw new Error(`feature maps: expected one image, found a batch of ${x.shape[0]}`);
  const target = model.layers.find((l) => l.name === layerName);
  if (!target) throw new Error(`feature maps: the model has no layer "${layerName}"`);
  const id = target.inboundNodes[0].outputTensors[0].id;
  const values = tf.tidy(() => {
    const all = runLayers(model, new Map([[model.inputs[0].id, x]]), new Set());
    const output = all.get(id)!;
    if (output.rank !== 4) throw new Error(`feature maps: layer ${layerName} outputs rank ${output.rank}, expected a feature map (rank 4)`);
    return tf.keep(output.squeeze([0]).transpose([2, 0, 1]) as tf.Tensor3D);
  });
  const [count, height, width] = values.shape;
  const data = values.dataSync() as Float32Array;
  values.dispose();
  const size = height * width;
  const channels: FeatureChannel[] = [];
  for (let c = 0; c < count; c++) {
    const plane = data.slice(c * size, (c + 1) * size);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of plane) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    channels.push({ channel: c, mean: sum / size, min, max, values: plane });
  }
  channels.sort((a, b) => b.mean - a.mean || a.channel - b.channel);
  return { height, width, count, channels };
}
