import type { LayerCategory, LayerDef } from './define';
import { addLayer } from './add';
import { avgPoolLayer } from './avgPool';
import { batchNormLayer } from './batchNorm';
import { concatLayer } from './concat';
import { conv2dLayer } from './conv2d';
import { convBnReluLayer } from './convBnRelu';
import { denseLayer } from './dense';
import { depthwiseConv2dLayer } from './depthwiseConv2d';
import { dropoutLayer } from './dropout';
import { flattenLayer } from './flatten';
import { globalAvgPoolLayer } from './globalAvgPool';
import { inceptionLayer } from './inception';
import { inceptionALayer } from './inceptionA';
import { inceptionBLayer } from './inceptionB';
import { inceptionCLayer } from './inceptionC';
import { inceptionDLayer } from './inceptionD';
import { inceptionELayer } from './inceptionE';
import { inputLayer } from './input';
import { maxPoolLayer } from './maxPool';
import { outputLayer } from './output';
import { reluLayer } from './relu';
import { relu6Layer } from './relu6';
import { sigmoidLayer } from './sigmoid';
import { siluLayer } from './silu';
import { hardSigmoidLayer } from './hardSigmoid';
import { hardswishLayer } from './hardswish';
import { geluLayer } from './gelu';
import { layerNormLayer } from './layerNorm';
import { layerScaleLayer } from './layerScale';
import { multiplyLayer } from './multiply';
import { squeezeExcitationLayer } from './squeezeExcitation';
import { channelShuffleLayer } from './channelShuffle';
import { channelSliceLayer } from './channelSlice';

/** Every node kind, in palette order. */
export const LAYERS: readonly LayerDef[] = [
  inputLayer,
  outputLayer,
  conv2dLayer,
  depthwiseConv2dLayer,
  maxPoolLayer,
  avgPoolLayer,
  globalAvgPoolLayer,
  convBnReluLayer,
  inceptionLayer,
  inceptionALayer,
  inceptionBLayer,
  inceptionCLayer,
  inceptionDLayer,
  inceptionELayer,
  squeezeExcitationLayer,
  concatLayer,
  addLayer,
  multiplyLayer,
  denseLayer,
  flattenLayer,
  channelShuffleLayer,
  channelSliceLayer,
  dropoutLayer,
  batchNormLayer,
  layerNormLayer,
  layerScaleLayer,
  reluLayer,
  relu6Layer,
  sigmoidLayer,
  siluLayer,
  hardSigmoidLayer,
  hardswishLayer,
  geluLayer,
];

export const CATEGORIES: readonly LayerCategory[] = [
  'Input/Output',
  'Convolution',
  'Pooling',
  'Blocks',
  'Merge',
  'Core',
  'Normalization/Activation',
];

const byKind = new Map(LAYERS.map((layer) => [layer.kind, layer]));

export const LAYER_KINDS: readonly string[] = LAYERS.map((l) => l.kind);

export function getLayer(kind: string): LayerDef | undefined {
  return byKind.get(kind);
}
