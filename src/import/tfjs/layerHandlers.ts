import { activation, relu, softmax } from './activationLayers';
import { conv2d, depthwiseConv2d, separableConv2d } from './convLayers';
import { cropping2d, dense, dropout, flatten, inputLayer, rescaling, zeroPadding2d } from './coreLayers';
import type { LayerHandler } from './layerContext';
import { add, concatenate, multiply } from './mergeLayers';
import { batchNormalization, layerNormalization } from './normLayers';
import { averagePooling2d, globalAveragePooling2d, maxPooling2d, torchPool2d } from './poolLayers';
import { permute, reshape } from './reorderLayers';

/** Every TF.js layer class the importer maps, by class name; anything else refuses the import. */
export const TFJS_LAYERS: Readonly<Partial<Record<string, LayerHandler>>> = {
  InputLayer: inputLayer,
  ZeroPadding2D: zeroPadding2d,
  Cropping2D: cropping2d,
  Rescaling: rescaling,
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  MaxPooling2D: maxPooling2d,
  AveragePooling2D: averagePooling2d,
  TorchPool2D: torchPool2d,
  GlobalAveragePooling2D: globalAveragePooling2d,
  Permute: permute,
  Flatten: flatten,
  Dense: dense,
  Dropout: dropout,
  Activation: activation,
  ReLU: relu,
  Softmax: softmax,
  Concatenate: concatenate,
  Add: add,
  Multiply: multiply,
  Reshape: reshape,
};
