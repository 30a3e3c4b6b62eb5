import { Refusal } from '../onnx/context';
import { canonicalPool, edgeCopiedMaxPool, samePool, validPool } from './foldPool';
import { helperOut, NO_SIDES, pair, spatial, type LayerContext, type LayerHandler, type Out } from './layerContext';

function pooling(ctx: LayerContext, max: boolean): Out {
  const { config: c, design, name, x, node } = ctx;
  const kernel = pair(c.pool_size, 'pool_size');
  const stride = pair(c.strides ?? c.pool_size, 'strides');
  if (c.padding === 'same') {
    const input = ctx.plain(x);
    const size = spatial(input);
    const g = samePool(size, kernel, stride);
    return max ? node(design.uniqueId(name), 'MaxPool', { ...g }, [input]) : node(design.uniqueId(name), 'AvgPool', canonicalPool({ ...g, countIncludePad: false }, size), [input]);
  }
  if (c.padding !== 'valid') throw new Refusal(`padding ${JSON.stringify(c.padding)}`);
  if (max && x.helper?.kind === 'edges') {
    const { base, copies } = x.helper;
    return node(design.uniqueId(name), 'MaxPool', { ...edgeCopiedMaxPool(spatial(base), kernel, stride, copies) }, [base]);
  }
  if (max) {
    const input = ctx.plain(x);
    return node(design.uniqueId(name), 'MaxPool', { ...validPool(spatial(input), kernel, stride) }, [input]);
  }
  // An average waits for the Rescaling bands that may follow (our export's divisors) before it becomes a node.
  const zero = x.helper?.kind === 'zeroPad' ? x.helper : null;
  const base = zero ? zero.base : ctx.plain(x);
  const sides = zero ? zero.sides : NO_SIDES;
  const counts = spatial(base).map((n, axis) => Math.floor((n + sides[axis][0] + sides[axis][1] - kernel) / stride) + 1);
  if (counts.some((n) => n < 1)) throw new Refusal(`pool ${kernel}×${kernel} is larger than its input`);
  return helperOut({ kind: 'window', name, base: { id: base.id, shape: base.shape }, sides, kernel, stride, scale: 1, factors: [Array<number>(counts[0]).fill(1), Array<number>(counts[1]).fill(1)] });
}

export const maxPooling2d: LayerHandler = (ctx) => pooling(ctx, true);
export const averagePooling2d: LayerHandler = (ctx) => pooling(ctx, false);

/** Our exact PyTorch pooling (a run's model/ folder); model.json stores its config in snake_case. */
export const torchPool2d: LayerHandler = ({ config: c, design, name, from, node }) => {
  const max = c.mode === 'max';
  const params = { kernel: Number(c.kernel), stride: Number(c.stride), padding: Number(c.padding), ceilMode: Boolean(c.ceil_mode ?? c.ceilMode) };
  return node(design.uniqueId(name), max ? 'MaxPool' : 'AvgPool', max ? params : { ...params, countIncludePad: Boolean(c.count_include_pad ?? c.countIncludePad) }, from);
};

export const globalAveragePooling2d: LayerHandler = ({ config: c, design, name, from, node }) => {
  if (c.keepdims === true) throw new Refusal('keepdims: our GlobalAvgPool gives flat features');
  return node(design.uniqueId(name), 'GlobalAvgPool', {}, from);
};
