import { Refusal } from '../onnx/context';
import { hwcRowsToChw, kerasAxis, type LayerContext, type LayerHandler } from './layerContext';

/** The single axis a normalisation's `axis` names, which must be the channels (last) axis. */
function channelsAxis(ctx: LayerContext, refusal: string): void {
  const c = ctx.config;
  const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : c.axis;
  if (kerasAxis(axis, ctx.x.shape) !== ctx.x.shape.length) throw new Refusal(`axis ${JSON.stringify(c.axis)}; ${refusal}`);
  if (c.center === false || c.scale === false) throw new Refusal('center or scale off has no node kind');
}

export const batchNormalization: LayerHandler = (ctx) => {
  channelsAxis(ctx, 'only channels maps');
  const { config: c, design, name } = ctx;
  const id = design.uniqueId(name);
  const input = ctx.plain(ctx.x);
  const out = ctx.node(id, 'BatchNorm', { eps: Number(c.epsilon ?? 1e-3), momentum: Math.round((1 - Number(c.momentum ?? 0.99)) * 1e6) / 1e6 }, [{ id: input.id, shape: input.shape }]);
  for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance']) design.weights.set(`${id}/${w}`, input.hwcFlat ? hwcRowsToChw(ctx.weight(w), input.hwcFlat) : ctx.weight(w));
  return { ...out, hwcFlat: input.hwcFlat };
};

export const layerNormalization: LayerHandler = (ctx) => {
  channelsAxis(ctx, 'only the channels (last) axis maps');
  const { config: c, design, name } = ctx;
  const id = design.uniqueId(name);
  const out = ctx.node(id, 'LayerNorm', { eps: Number(c.epsilon ?? 1e-3) }, [ctx.plain(ctx.x)]);
  for (const w of ['gamma', 'beta']) design.weights.set(`${id}/${w}`, ctx.weight(w));
  return out;
};
