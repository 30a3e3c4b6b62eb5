import { Refusal, type OpHandler } from './context';

/**
 * A Transpose of a C×H×W tensor to channels-last ([0, 2, 3, 1]) or back ([0, 3, 1, 2]): no node of its own, the
 * value is marked, and only the operators ConvNeXt applies there take it (LayerNorm, Linear, GELU).
 */
export const transpose: OpHandler = (ctx) => {
  const x = ctx.anyLayoutInput(0);
  const perm = ctx.attrs.ints('perm', []).join(',');
  if (x.shape.length === 3 && !x.channelsLast && perm === '0,2,3,1') return ctx.setOutput(0, { type: 'node', id: x.id, shape: x.shape, channelsLast: true });
  if (x.channelsLast && perm === '0,3,1,2') return ctx.setOutput(0, { type: 'node', id: x.id, shape: x.shape });
  throw new Refusal(`perm [${perm}] of a ${x.channelsLast ? 'channels-last ' : ''}${x.shape.join('×')} tensor: only the permute to channels-last and back maps`);
};

/** LayerNormalization over the last axis: over channels of a channels-last map (LayerNorm2d), or of flat features. */
export const layerNormalization: OpHandler = (ctx) => {
  ctx.attrs.only(['axis', 'epsilon', 'stash_type']);
  for (let i = 1; i < (ctx.node.output ?? []).length; i++) if (ctx.readersOf(i) > 0) throw new Refusal('its mean or inverse deviation output is used');
  const x = ctx.anyLayoutInput(0);
  const axis = ctx.attrs.int('axis', -1);
  const rank = x.shape.length + 1;
  const last = axis === -1 || axis === rank - 1;
  if (!last || (x.shape.length === 3 && !x.channelsLast)) {
    throw new Refusal(`axis ${axis} of a ${x.channelsLast ? 'channels-last ' : ''}${x.shape.join('×')} tensor: only the channels (last axis of a channels-last map) or flat features map`);
  }
  const channels = x.shape[0];
  const [gamma, beta] = [ctx.constInput(1), ctx.input(2) ? ctx.constInput(2) : null];
  for (const [t, what] of [[gamma, 'scale'], [beta, 'bias']] as const) {
    if (t && (!t.float || t.float.length !== channels)) throw new Refusal(`${what} is ${t.dims.join('×')}; expected ${channels}`);
  }
  const id = ctx.design.uniqueId(ctx.inputName(1).replace(/\.weight$/, '') || ctx.node.name || 'norm');
  const shape = ctx.design.add(id, 'LayerNorm', { eps: Math.fround(ctx.attrs.float('epsilon', 1e-5)) }, [x.id]);
  ctx.design.weights.set(`${id}/gamma`, { shape: [channels], data: gamma.float! });
  ctx.design.weights.set(`${id}/beta`, { shape: [channels], data: beta?.float ?? new Float32Array(channels) });
  ctx.setOutput(0, { type: 'node', id, shape, channelsLast: x.channelsLast });
};

/** Gelu (opset 20, or the erf chain `fuseOnnx` found): GELU in either layout. */
export const gelu: OpHandler = (ctx) => {
  ctx.attrs.only(['approximate']);
  const approximate = ctx.attrs.string('approximate', 'none');
  if (approximate !== 'none' && approximate !== 'tanh') throw new Refusal(`approximate "${approximate}"`);
  const x = ctx.anyLayoutInput(0);
  const id = ctx.design.uniqueId(ctx.node.name || 'gelu');
  const shape = ctx.design.add(id, 'GELU', { approximate }, [x.id]);
  ctx.setOutput(0, { type: 'node', id, shape, channelsLast: x.channelsLast });
};
