import { Refusal } from '../onnx/context';

/** Rows then columns, each [before, after]: padding, copies or cropping, as Keras writes them. */
export type Sides = [[number, number], [number, number]];

/** A tensor of the design: a node's output, C×H×W (or flat features). */
export interface Plain { id: string; shape: number[] }

/**
 * The average pool our export builds: a 'valid' average (sum ÷ k²) over `base` zero-padded by `sides`,
 * then multiplied by `scale` × `factors[0][row]` × `factors[1][column]`.
 */
export interface Window {
  kind: 'window';
  /** The AveragePooling2D layer's name. */
  name: string;
  base: Plain;
  sides: Sides;
  kernel: number;
  stride: number;
  scale: number;
  factors: [number[], number[]];
}

/**
 * What the helper layers of our stock TF.js export (see `src/compile/stockPool.ts`) make before they
 * come together as one pool: not nodes of the design, but tensors described in terms of one.
 */
export type Helper =
  /** ZeroPadding2D on a design tensor: for a Conv2D, or an average pool. */
  | { kind: 'zeroPad'; base: Plain; sides: Sides }
  /** `base` with its first/last rows and columns repeated `copies` times: for a max pool. */
  | { kind: 'edges'; base: Plain; copies: Sides }
  /** One edge row (axis 1) or column (axis 2) of `base` with `copies` already made: a Cropping2D's part of an edge copy. */
  | { kind: 'edgeSlice'; base: Plain; copies: Sides; axis: 1 | 2; at: 'first' | 'last' }
  | Window
  /** Rows or columns [start, end) of a window, times `scale`: a Cropping2D (and Rescaling) band. */
  | { kind: 'band'; window: Window; axis: 1 | 2; start: number; end: number; scale: number };

const NO_SIDES: Sides = [[0, 0], [0, 0]];

/** Keras's padding or cropping argument (an int, [sym_h, sym_w] or [[top, bottom], [left, right]]) as Sides. */
export function sidesOf(value: unknown, what: string): Sides {
  if (typeof value === 'number') return [[value, value], [value, value]];
  if (Array.isArray(value) && value.length === 2) {
    if (value.every((v) => typeof v === 'number')) return [[value[0], value[0]], [value[1], value[1]]];
    if (value.every((v) => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number'))) return value as Sides;
  }
  throw new Refusal(`${what} ${JSON.stringify(value)} is not [[top, bottom], [left, right]]`);
}

const sameSides = (a: Sides, b: Sides) => JSON.stringify(a) === JSON.stringify(b);

/** The design tensor and copies an edge copy starts from: a plain tensor or one with copies along the other axis. */
function edgeBase(x: Plain | Helper): { base: Plain; copies: Sides } | null {
  if (!('kind' in x)) return { base: x, copies: NO_SIDES };
  return x.kind === 'edges' ? { base: x.base, copies: x.copies } : null;
}

/** What a Cropping2D of `x` (H×W `size`) makes: one edge row or column of a tensor, or a band of a window. */
export function cropHelper(x: Plain | Helper, size: [number, number], cropping: Sides): Helper {
  const axis = cropping[1][0] === 0 && cropping[1][1] === 0 ? 1 : cropping[0][0] === 0 && cropping[0][1] === 0 ? 2 : null;
  if (axis === null) throw new Refusal(`cropping ${JSON.stringify(cropping)} crops rows and columns; only our export's pool helpers (one axis at a time) map`);
  const [before, after] = cropping[axis - 1];
  const n = size[axis - 1];
  if ('kind' in x && x.kind === 'window') return { kind: 'band', window: x, axis, start: before, end: n - after, scale: 1 };
  const from = edgeBase(x);
  if (from && n > 1 && before + after === n - 1 && (before === 0 || after === 0)) {
    return { kind: 'edgeSlice', ...from, axis, at: before === 0 ? 'first' : 'last' };
  }
  throw new Refusal(`cropping ${JSON.stringify(cropping)} of a ${size.join('×')} input is not one of our export's pool helpers (one edge row or column copied, or a band of an average pool)`);
}

/** What a Rescaling of a helper makes: a window or band times `scale`. */
export function rescaleHelper(x: Plain | Helper, scale: unknown, offset: unknown): Helper {
  if (typeof scale !== 'number' || (offset !== undefined && offset !== 0)) throw new Refusal(`scale ${JSON.stringify(scale)}, offset ${JSON.stringify(offset)}: only a plain scale maps`);
  if ('kind' in x && x.kind === 'window') return { ...x, scale: x.scale * scale };
  if ('kind' in x && x.kind === 'band') return { ...x, scale: x.scale * scale };
  throw new Refusal('Rescaling has no node kind; it maps only as part of an average pool from our export (after its AveragePooling2D)');
}

/**
 * What a Concatenate along rows (axis 1) or columns (axis 2) makes of helpers: edge copies around a
 * tensor (copies of its first row/column, the tensor, copies of its last), or the rescaled bands of a
 * window rejoined in order. Null when no part is a helper of these kinds.
 */
export function concatHelpers(parts: (Plain | Helper)[], axis: number): Helper | null {
  const slices = parts.filter((p) => 'kind' in p && p.kind === 'edgeSlice');
  const bands = parts.filter((p) => 'kind' in p && p.kind === 'band');
  if (!slices.length && !bands.length) return null;
  if (axis !== 1 && axis !== 2) throw new Refusal(`axis ${axis} joins pool helpers; they map only when joined along rows or columns`);
  if (slices.length) return joinEdges(parts, axis);
  return joinBands(parts, axis);
}

function joinEdges(parts: (Plain | Helper)[], axis: 1 | 2): Helper {
  const middle = parts.findIndex((p) => !('kind' in p && p.kind === 'edgeSlice'));
  const centre = middle < 0 ? null : edgeBase(parts[middle]);
  const fail = () => new Refusal(`not an edge copy our export makes (first-row/column copies, the tensor, last-row/column copies, all of one tensor along axis ${axis})`);
  if (!centre) throw fail();
  parts.forEach((p, i) => {
    if (i === middle) return;
    if (!('kind' in p) || p.kind !== 'edgeSlice' || p.axis !== axis || p.base.id !== centre.base.id || !sameSides(p.copies, centre.copies)) throw fail();
    if (p.at !== (i < middle ? 'first' : 'last')) throw fail();
  });
  if (centre.copies[axis - 1].some((c) => c !== 0)) throw fail();
  const copies = structuredClone(centre.copies);
  copies[axis - 1] = [middle, parts.length - 1 - middle];
  return { kind: 'edges', base: centre.base, copies };
}

function joinBands(parts: (Plain | Helper)[], axis: 1 | 2): Helper {
  const first = parts[0];
  const fail = () => new Refusal(`not an average pool's bands rejoined (bands of one AveragePooling2D output along axis ${axis}, in order, covering it)`);
  if (!('kind' in first) || first.kind !== 'band') throw fail();
  const window = first.window;
  const factors = window.factors.map((f) => [...f]) as [number[], number[]];
  let next = 0;
  for (const p of parts) {
    if (!('kind' in p) || p.kind !== 'band' || p.window !== window || p.axis !== axis || p.start !== next || p.end <= p.start) throw fail();
    for (let i = p.start; i < p.end; i++) factors[axis - 1][i] *= p.scale;
    next = p.end;
  }
  if (next !== factors[axis - 1].length) throw fail();
  return { ...window, factors };
}

/** H×W of a helper's tensor (for shapes and Cropping2D); the base is C×H×W. */
export function helperShape(x: Helper): number[] {
  switch (x.kind) {
    case 'zeroPad':
    case 'edges': {
      const s = x.kind === 'zeroPad' ? x.sides : x.copies;
      const [c, h, w] = x.base.shape;
      return [c, h + s[0][0] + s[0][1], w + s[1][0] + s[1][1]];
    }
    case 'edgeSlice': {
      const [c, h, w] = x.base.shape;
      const rows = h + x.copies[0][0] + x.copies[0][1];
      const cols = w + x.copies[1][0] + x.copies[1][1];
      return x.axis === 1 ? [c, 1, cols] : [c, rows, 1];
    }
    case 'window':
      return [x.base.shape[0], x.factors[0].length, x.factors[1].length];
    case 'band': {
      const shape = helperShape(x.window);
      shape[x.axis] = x.end - x.start;
      return shape;
    }
  }
}

/** Why a helper cannot feed a layer other than the one it is made for. */
export function helperMisuse(x: Helper): string {
  switch (x.kind) {
    case 'zeroPad':
      return 'its input is a ZeroPadding2D output, which maps only into a Conv2D, DepthwiseConv2D, SeparableConv2D or a \'valid\' AveragePooling2D';
    case 'edges':
    case 'edgeSlice':
      return 'its input is an edge copy (Cropping2D + Concatenate), which maps only into a \'valid\' MaxPooling2D';
    case 'band':
      return 'its input is a band of an average pool (Cropping2D) not rejoined by a Concatenate';
    case 'window':
      return 'its input is an average pool';
  }
}
