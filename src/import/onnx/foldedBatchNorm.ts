import type { OnnxModel } from './readModel';

/**
 * True when the file's convolutions look like BatchNorm folded into them by the exporter (PyTorch's constant
 * folding in eval mode): no BatchNormalization node, and convolution weights under the exporter's own
 * `onnx::Conv_…` names instead of the module's (`layer1.0.conv1.weight`).
 */
export function hasFoldedBatchNorm(model: Pick<OnnxModel, 'nodes'>): boolean {
  if (model.nodes.some((n) => n.opType === 'BatchNormalization')) return false;
  return model.nodes.some((n) => n.opType === 'Conv' && (n.input?.[1] ?? '').startsWith('onnx::'));
}
