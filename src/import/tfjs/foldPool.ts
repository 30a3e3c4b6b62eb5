import { avgDivisors, trailingPadding } from '../../compile/poolDivisor';
import { poolOutputLength } from '../../shapeMath/convMath';
import { Refusal } from '../onnx/context';
import type { Sides, Window } from './poolHelpers';

export interface MaxPoolParams { kernel: number; stride: number; padding: number; ceilMode: boolean }
export interface AvgPoolParams extends MaxPoolParams { countIncludePad: boolean }

/** Output length and leading padding of TF's 'same' windows along one axis. */
function sameWindows(size: number, kernel: number, stride: number): { out: number; before: number } {
  const out = Math.ceil(size / stride);
  return { out, before: Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2) };
}

/**
 * PyTorch's pool with padding `padding` whose window count is `counts` along H and W: ceil mode only
 * where floor mode gives other counts. Throws when neither gives them.
 */
function withCounts(size: [number, number], kernel: number, stride: number, padding: number, counts: [number, number], what: string): MaxPoolParams {
  const fits = (ceilMode: boolean) => size.every((n, axis) => poolOutputLength(n, kernel, stride, padding, ceilMode) === counts[axis]);
  const ceilMode = fits(false) ? false : fits(true) ? true : null;
  if (ceilMode === null) {
    throw new Refusal(`${what}: its ${counts.join('×')} windows of ${kernel}×${kernel}, stride ${stride} over ${size.join('×')} after padding ${padding} are no PyTorch pool's`);
  }
  return { kernel, stride, padding, ceilMode };
}

/** A 'valid' pool straight on its input: no padding, floor mode. */
export function validPool(size: [number, number], kernel: number, stride: number): MaxPoolParams {
  if (size.some((n) => n < kernel)) throw new Refusal(`pool ${kernel}×${kernel} is larger than its ${size.join('×')} input`);
  return { kernel, stride, padding: 0, ceilMode: false };
}

/**
 * A 'same' pool (max; or average, which TF counts without padded cells) as PyTorch's: the windows must
 * start where PyTorch's would, with padding before equal along H and W.
 */
export function samePool(size: [number, number], kernel: number, stride: number): MaxPoolParams {
  const [h, w] = size.map((n) => sameWindows(n, kernel, stride));
  const what = `'same' pooling with kernel ${kernel}, stride ${stride} on ${size.join('×')}`;
  if (h.before !== w.before) throw new Refusal(`${what} pads ${h.before} rows but ${w.before} columns before; PyTorch pads both alike`);
  return withCounts(size, kernel, stride, h.before, [h.out, w.out], `${what} pads more after than before`);
}

/** A 'valid' max pool after edge copies: PyTorch's padding is the leading copies, and the trailing ones must be what our export adds. */
export function edgeCopiedMaxPool(size: [number, number], kernel: number, stride: number, copies: Sides): MaxPoolParams {
  const what = `a max pool after edge copies ${JSON.stringify(copies)}`;
  const padding = copies[0][0];
  if (copies[1][0] !== padding) throw new Refusal(`${what}: rows and columns are copied unlike (${copies[0][0]} and ${copies[1][0]} before)`);
  const counts = size.map((n, axis) => Math.floor((n + copies[axis][0] + copies[axis][1] - kernel) / stride) + 1) as [number, number];
  const params = withCounts(size, kernel, stride, padding, counts, what);
  checkTrailing(size, params, copies, what);
  return params;
}

function checkTrailing(size: [number, number], g: MaxPoolParams, sides: Sides, what: string): void {
  const expected = size.map((n) => trailingPadding(n, g));
  if (sides[0][1] !== expected[0] || sides[1][1] !== expected[1]) {
    throw new Refusal(`${what}: ${sides[0][1]} and ${sides[1][1]} after along H and W; PyTorch's kernel ${g.kernel}, stride ${g.stride}, padding ${g.padding}${g.ceilMode ? ', ceil mode' : ''} needs ${expected.join(' and ')}`);
  }
  if (2 * g.padding > g.kernel) throw new Refusal(`${what}: padding ${g.padding} is more than half the kernel ${g.kernel}, which PyTorch refuses`);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));

/**
 * An average pool as our export builds it (zero padding, 'valid' average, rescaled bands) as PyTorch's:
 * padding from the zero padding before, ceil mode from the window count, and `count_include_pad` from
 * the divisors the rescaling gives every window (with it where both agree).
 */
export function foldedAvgPool(size: [number, number], w: Window): AvgPoolParams {
  const what = `the average pool "${w.name}" with its helpers`;
  const padding = w.sides[0][0];
  if (w.sides[1][0] !== padding) throw new Refusal(`${what}: pads ${w.sides[0][0]} rows but ${w.sides[1][0]} columns before; PyTorch pads both alike`);
  const counts: [number, number] = [w.factors[0].length, w.factors[1].length];
  const g = withCounts(size, w.kernel, w.stride, padding, counts, what);
  checkTrailing(size, g, w.sides, what);
  const matches = (countIncludePad: boolean) => {
    const [rows, cols] = size.map((n) => avgDivisors(n, g, countIncludePad));
    return rows.every((dr, i) => cols.every((dc, j) => close(w.scale * w.factors[0][i] * w.factors[1][j], (w.kernel * w.kernel) / (dr * dc))));
  };
  if (matches(true)) return { ...g, countIncludePad: true };
  if (matches(false)) return { ...g, countIncludePad: false };
  throw new Refusal(`${what}: the rescaling does not give PyTorch's divisors, with or without count_include_pad`);
}

/**
 * A pool's parameters with what makes no difference on an H×W input set to our defaults: ceil mode off
 * where it adds no window, count_include_pad on where no window counts a padded cell differently. An
 * import gives these back, as nothing in a TF.js file can tell them apart.
 */
export function canonicalPool<P extends MaxPoolParams & { countIncludePad?: boolean }>(params: P, size: [number, number]): P {
  const counts = (ceilMode: boolean) => size.map((n) => poolOutputLength(n, params.kernel, params.stride, params.padding, ceilMode)).join();
  const out = { ...params };
  if (out.ceilMode && counts(true) === counts(false)) out.ceilMode = false;
  if (out.countIncludePad === false && size.every((n) => avgDivisors(n, out, true).join() === avgDivisors(n, out, false).join())) out.countIncludePad = true;
  return out;
}
