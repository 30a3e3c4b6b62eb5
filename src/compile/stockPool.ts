import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext } from '../layers/define';
import { poolOutputLength } from '../shapeMath/convMath';
import { avgDivisors, trailingPadding } from './poolDivisor';

type PoolOptions = Parameters<BuildContext['pool']>[1];
type Tensor = tfjs.SymbolicTensor;

/** TF's 'same' windows along one axis: the output length and the padding before the first window. */
function sameWindows(size: number, kernel: number, stride: number): { out: number; before: number } {
  const out = Math.ceil(size / stride);
  return { out, before: Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2) };
}

/** Whether TF's 'same' max pooling takes PyTorch's windows along an axis of `size`. */
function sameMaxIsExact(size: number, o: PoolOptions): boolean {
  const same = sameWindows(size, o.kernel, o.stride);
  return same.out === poolOutputLength(size, o.kernel, o.stride, o.padding, o.ceilMode) && same.before === o.padding;
}

/**
 * Repeats the first row/column `lead` times and the last one `trail` times along `axis` (1 rows, 2
 * columns). A PyTorch max-pool window that covers a padded cell also covers the edge cell it copies
 * (padding is at most half the kernel; the last window starts inside the input), so edge copies never
 * change a maximum: the same result as padding with −∞.
 */
function edgePad(tf: typeof tfjs, x: Tensor, axis: 1 | 2, lead: number, trail: number, name: string): Tensor {
  if (lead === 0 && trail === 0) return x;
  const size = x.shape[axis] as number;
  const crop = (first: number, last: number, part: string) =>
    tf.layers.cropping2D({ cropping: axis === 1 ? [[first, last], [0, 0]] : [[0, 0], [first, last]], name: `${name}_${part}` }).apply(x) as Tensor;
  const parts: Tensor[] = [];
  if (lead > 0) parts.push(...Array<Tensor>(lead).fill(crop(0, size - 1, 'first')));
  parts.push(x);
  if (trail > 0) parts.push(...Array<Tensor>(trail).fill(crop(size - 1, 0, 'last')));
  return tf.layers.concatenate({ axis, name: `${name}_edges` }).apply(parts) as Tensor;
}

/** Multiplies each row (axis 1) or column (axis 2) by its factor: bands of equal factors, rescaled, rejoined. */
function scaleBands(tf: typeof tfjs, x: Tensor, axis: 1 | 2, factors: number[], name: string): Tensor {
  if (factors.every((f) => f === 1)) return x;
  const bands: { start: number; end: number; factor: number }[] = [];
  factors.forEach((factor, i) => {
    const last = bands[bands.length - 1];
    if (last && last.factor === factor) last.end = i + 1;
    else bands.push({ start: i, end: i + 1, factor });
  });
  const n = factors.length;
  const parts = bands.map((band, b) => {
    const cropping: [[number, number], [number, number]] = axis === 1 ? [[band.start, n - band.end], [0, 0]] : [[0, 0], [band.start, n - band.end]];
    const part = bands.length === 1 ? x : (tf.layers.cropping2D({ cropping, name: `${name}_band${b}` }).apply(x) as Tensor);
    return band.factor === 1 ? part : (tf.layers.rescaling({ scale: band.factor, offset: 0, name: `${name}_scale${b}` }).apply(part) as Tensor);
  });
  return parts.length === 1 ? parts[0] : (tf.layers.concatenate({ axis, name: `${name}_join` }).apply(parts) as Tensor);
}

/**
 * PyTorch pooling (explicit padding, ceil mode, AvgPool's divisor with or without count_include_pad)
 * built from stock TF.js layers only, for a known input size, so that stock `tf.loadLayersModel` reads
 * the model with no custom class. Same results as `TorchPool2D`:
 * - no padding and no ceil-mode overhang: a 'valid' pool;
 * - max with TF's 'same' windows equal to PyTorch's: a 'same' max pool;
 * - max otherwise: edge copies around the input, then 'valid';
 * - average otherwise: zero padding, a 'valid' average (sum ÷ k²), then each row and column band rescaled
 *   to PyTorch's divisor (divisors are a product of a row and a column count). Average pools never use
 *   'same': how it counts padded cells is not the same on every TF.js backend.
 */
export function stockPool(tf: typeof tfjs, x: Tensor, o: PoolOptions, name: string): Tensor {
  const [, h, w] = x.shape as number[];
  const trailH = trailingPadding(h, o);
  const trailW = trailingPadding(w, o);
  const pool = (padding: 'valid' | 'same', input: Tensor, layerName: string) => {
    const args = { poolSize: o.kernel, strides: o.stride, padding, name: layerName };
    return (o.mode === 'max' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args)).apply(input) as Tensor;
  };
  if (o.padding === 0 && trailH === 0 && trailW === 0) return pool('valid', x, name);
  if (o.mode === 'max') {
    if (sameMaxIsExact(h, o) && sameMaxIsExact(w, o)) return pool('same', x, name);
    const rows = edgePad(tf, x, 1, o.padding, trailH, `${name}_rows`);
    return pool('valid', edgePad(tf, rows, 2, o.padding, trailW, `${name}_cols`), name);
  }
  const padded = tf.layers.zeroPadding2d({ padding: [[o.padding, trailH], [o.padding, trailW]], name: `${name}_pad` }).apply(x) as Tensor;
  const rowFactors = avgDivisors(h, o, o.countIncludePad).map((d) => o.kernel / d);
  const colFactors = avgDivisors(w, o, o.countIncludePad).map((d) => o.kernel / d);
  if (rowFactors.every((f) => f === 1) && colFactors.every((f) => f === 1)) return pool('valid', padded, name);
  const mean = pool('valid', padded, `${name}_window`);
  return scaleBands(tf, scaleBands(tf, mean, 1, rowFactors, `${name}_rows`), 2, colFactors, `${name}_cols`);
}
