import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext } from './define';
import { convAxes, type ConvWindow } from './convGeometry';

/**
 * The input a TF.js convolution takes and its padding mode, for PyTorch-style padding: symmetric padding
 * that keeps H×W at stride 1 is TF's 'same' (no pad layer, and no gradient for a border); other explicit
 * padding is a `zeroPadding2d` layer (`<id>_pad`) before a 'valid' convolution.
 */
export function convInput(ctx: BuildContext, x: tfjs.SymbolicTensor, p: ConvWindow): { input: tfjs.SymbolicTensor; padding: 'same' | 'valid' } {
  if (p.padding === 'same') return { input: x, padding: 'same' };
  const { kernel, stride, dilation, before } = convAxes(p);
  const keepsSize = [0, 1].every((i) => stride[i] === 1 && 2 * before[i] === dilation[i] * (kernel[i] - 1));
  if (keepsSize) return { input: x, padding: 'same' };
  if (before[0] === 0 && before[1] === 0) return { input: x, padding: 'valid' };
  const [ph, pw] = before;
  return { input: ctx.tf.layers.zeroPadding2d({ padding: [[ph, ph], [pw, pw]], name: ctx.name('pad') }).apply(x) as tfjs.SymbolicTensor, padding: 'valid' };
}
