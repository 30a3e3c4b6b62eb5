import { poolOutputLength } from '../../shapeMath/convMath';
import { Refusal, type OpContext, type OpHandler, type PendingPad } from './context';

/** Pad's amounts and fill: attributes `pads`/`value` before opset 11, constant inputs from 11 on. */
function padSpec(ctx: OpContext): { pads: number[]; fill: number } {
  ctx.attrs.only(['mode', 'pads', 'value']);
  if (ctx.attrs.string('mode', 'constant') !== 'constant') throw new Refusal(`mode ${ctx.attrs.string('mode', '')}: only constant padding maps`);
  if (ctx.attrs.has('pads')) return { pads: ctx.attrs.ints('pads', []), fill: ctx.attrs.float('value', 0) };
  if (ctx.input(3)) throw new Refusal('its axes input does not map');
  const pads = ctx.constInput(1).ints;
  if (!pads) throw new Refusal('its pads are not integers');
  const fill = ctx.input(2) ? ctx.constInput(2).float : Float32Array.of(0);
  if (!fill || fill.length !== 1) throw new Refusal('its constant value is not one float');
  return { pads, fill: fill[0] };
}

/**
 * Pad of H and W only, kept for the MaxPool or AveragePool that reads it (our own writer pads before a pool whose
 * last ceil-mode window runs past the right padding). Anything else that reads it refuses.
 */
export const pad: OpHandler = (ctx) => {
  const x = ctx.nodeInput(0);
  const { pads, fill } = padSpec(ctx);
  if (x.shape.length !== 3 || pads.length !== 8) throw new Refusal(`pads [${pads.join(', ')}]: only padding of an N×C×H×W tensor maps`);
  const [n0, c0, top, left, n1, c1, bottom, right] = pads;
  if (n0 || c0 || n1 || c1) throw new Refusal(`pads [${pads.join(', ')}] pad the batch or channels`);
  if ([top, left, bottom, right].some((p) => p < 0)) throw new Refusal(`pads [${pads.join(', ')}] crop`);
  ctx.setOutput(0, { type: 'padded', id: x.id, shape: x.shape, pad: { top, left, bottom, right, fill } });
};

/**
 * The pool params that equal a floor-mode pool without padding of its own on `pending`'s output: the same
 * leading padding on both axes, and a trailing padding that gives the same windows (PyTorch's, ceil mode or not).
 * Max pools need a −∞ fill (a padded cell never wins); average pools a zero fill and symmetric padding.
 */
export function poolOverPad(kind: 'MaxPool' | 'AvgPool', pending: PendingPad, [, h, w]: number[], kernel: number, stride: number): Record<string, number | boolean> {
  const { top, left, bottom, right, fill } = pending;
  const where = `Pad [${top}, ${left}, ${bottom}, ${right}] with ${fill} before a ${kind}`;
  if (top !== left) throw new Refusal(`${where}: the leading padding differs between H and W`);
  if (kind === 'MaxPool') {
    if (fill !== -Infinity) throw new Refusal(`${where}: only a −∞ fill maps (a padded cell must never win)`);
    const floorLength = (len: number, trailing: number) => Math.floor((len + top + trailing - kernel) / stride) + 1;
    for (const ceilMode of [false, true]) {
      const same = poolOutputLength(h, kernel, stride, top, ceilMode) === floorLength(h, bottom) && poolOutputLength(w, kernel, stride, top, ceilMode) === floorLength(w, right);
      if (same && bottom >= top && right >= top) return { kernel, stride, padding: top, ceilMode };
    }
    throw new Refusal(`${where}: no pool with symmetric padding has the same windows`);
  }
  if (fill !== 0 || bottom !== top || right !== top) throw new Refusal(`${where}: only a zero fill on every side alike maps`);
  return { kernel, stride, padding: top, ceilMode: false, countIncludePad: true };
}
