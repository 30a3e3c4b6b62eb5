import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext } from './define';
import type { ParamValue } from '../graph/types';

/**
 * The input a TF.js convolution takes and its padding mode, for PyTorch-style padding: symmetric padding
 * that keeps H×W at stride 1 is TF's 'same' (no pad layer, and no gradient for a border); other explicit
 * padding is a `zeroPadding2d` layer (`<id>_pad`) before a 'valid' convolution.
 */
export function convInput(
  ctx: BuildContext,
  x: tfjs.SymbolicTensor,
  p: { kernel: number; stride: number; padding: ParamValue; dilation: number },
): { input: tfjs.SymbolicTensor; padding: 'same' | 'valid' } {
  const keepsSize = p.stride === 1 && typeof p.padding === 'number' && 2 * p.padding === p.dilation * (p.kernel - 1);
  if (p.padding === 'same' || keepsSize) return { input: x, padding: 'same' };
  if (typeof p.padding !== 'number' || p.padding === 0) return { input: x, padding: 'valid' };
  const pad = p.padding;
  return { input: ctx.tf.layers.zeroPadding2d({ padding: [[pad, pad], [pad, pad]], name: ctx.name('pad') }).apply(x) as tfjs.SymbolicTensor, padding: 'valid' };
}
