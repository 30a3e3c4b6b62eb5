import { poolOutputLength } from '../shapeMath/convMath';

export interface PoolGeometry { kernel: number; stride: number; padding: number; ceilMode: boolean }

/** Padding to add after the input so that a 'valid' pool yields PyTorch's (ceil mode) output length. */
export function trailingPadding(input: number, g: PoolGeometry): number {
  const out = poolOutputLength(input, g.kernel, g.stride, g.padding, g.ceilMode);
  return Math.max(0, (out - 1) * g.stride + g.kernel - (input + 2 * g.padding)) + g.padding;
}

/**
 * The number PyTorch's AvgPool2d divides each window's sum by, per output position along one axis:
 * with count_include_pad, window cells inside input+padding; without, cells inside the input only.
 */
export function avgDivisors(input: number, g: PoolGeometry, countIncludePad: boolean): number[] {
  const out = poolOutputLength(input, g.kernel, g.stride, g.padding, g.ceilMode);
  return Array.from({ length: out }, (_, o) => {
    const start = o * g.stride - g.padding;
    const end = Math.min(start + g.kernel, input + g.padding);
    return countIncludePad ? end - start : Math.min(end, input) - Math.max(start, 0);
  });
}
