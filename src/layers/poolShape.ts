import { poolOutputLength } from '../shapeMath/convMath';
import { requireSpatial, ShapeError } from './define';
import type { Shape } from '../shapeMath/shape';
import { strideArg } from './pythonText';

export interface PoolParams { kernel: number; stride: number; padding: number; ceilMode: boolean }

/** Output shape of a max or average pool, with PyTorch's rules and its errors named by field. */
export function poolShape(input: Shape, p: PoolParams): Shape {
  const [c, h, w] = requireSpatial(input);
  if (p.padding > p.kernel / 2) {
    throw new ShapeError('padding', `padding ${p.padding} must be at most half the kernel (${p.kernel}), as in PyTorch`);
  }
  const oh = poolOutputLength(h, p.kernel, p.stride, p.padding, p.ceilMode);
  const ow = poolOutputLength(w, p.kernel, p.stride, p.padding, p.ceilMode);
  if (oh < 1 || ow < 1) {
    throw new ShapeError('kernel', `kernel ${p.kernel}×${p.kernel} with padding ${p.padding} is larger than its ${h}×${w} input`);
  }
  return [c, oh, ow];
}

/** PyTorch's pool arguments: `3, stride=2, padding=1, ceil_mode=True`, defaults left out. */
export const torchPoolArgs = (p: PoolParams): string =>
  `${p.kernel}${strideArg(p.stride, p.kernel)}${p.padding > 0 ? `, padding=${p.padding}` : ''}${p.ceilMode ? ', ceil_mode=True' : ''}`;

export const poolSummary = (p: PoolParams): string =>
  `${p.kernel}×${p.kernel} /${p.stride}` + (p.padding ? ` p${p.padding}` : '') + (p.ceilMode ? ' ceil' : '');
