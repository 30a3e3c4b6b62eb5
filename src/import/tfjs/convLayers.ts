import type { ParamValue } from '../../graph/types';
import { Refusal } from '../onnx/context';
import { fusedActivation } from './activationLayers';
import { axisPair, compact, pair, type LayerContext, type LayerHandler, type Out } from './layerContext';

/** The input and padding of a PyTorch-style convolution (per axis): a ZeroPadding2D before it, or 'same'. */
function convPadding(ctx: LayerContext, from: Out, kernel: [number, number], stride: [number, number], dilation: [number, number]): { input: Out; padding: ParamValue } {
  const c = ctx.config;
  const zero = from.helper?.kind === 'zeroPad' ? from.helper : null;
  if (c.padding === 'same') {
    if (stride.some((s) => s !== 1)) throw new Refusal(`'same' padding with stride ${stride.join('×')} pads by the input size; only stride 1 maps`);
    const totals = [0, 1].map((i) => dilation[i] * (kernel[i] - 1));
    return { input: ctx.plain(from), padding: totals.some((t) => t % 2) ? 'same' : compact([totals[0] / 2, totals[1] / 2]) };
  }
  if (c.padding !== 'valid') throw new Refusal(`padding ${JSON.stringify(c.padding)}`);
  if (!zero) return { input: ctx.plain(from), padding: 0 };
  const [[top, bottom], [left, right]] = zero.sides;
  if (top !== bottom || left !== right) throw new Refusal(`its ZeroPadding2D pads ${JSON.stringify(zero.sides)}; a convolution maps only with equal padding on both sides of an axis`);
  return { input: zero.base, padding: compact([top, left]) };
}

function depthwise(ctx: LayerContext, id: string, bias: boolean): Out {
  const c = ctx.config;
  const kernel = axisPair(c.kernel_size, 'kernel_size');
  const stride = axisPair(c.strides, 'strides');
  if (pair(c.dilation_rate ?? 1, 'dilation_rate') !== 1) throw new Refusal('dilation: stock TF.js depthwise convolutions ignore it');
  const { input, padding } = convPadding(ctx, ctx.x, kernel, stride, [1, 1]);
  return ctx.node(id, 'DepthwiseConv2D', { kernel: compact(kernel), stride: compact(stride), padding, depthMultiplier: Number(c.depth_multiplier ?? 1), bias }, [input]);
}

/** A 1×1 depthwise convolution without bias, multiplier 1 or stride 1: a per-channel factor, our LayerScale. */
function isLayerScale(c: LayerContext['config']): boolean {
  const one = (v: unknown) => v === undefined || v === 1 || JSON.stringify(v) === '[1,1]';
  return one(c.kernel_size) && one(c.strides) && one(c.dilation_rate) && one(c.depth_multiplier) && c.use_bias === false &&
    (c.activation === undefined || c.activation === null || c.activation === 'linear');
}

export const conv2d: LayerHandler = (ctx) => {
  const { config: c, design, name } = ctx;
  if (Number(c.groups ?? 1) !== 1) throw new Refusal(`groups ${String(c.groups)} has no node kind yet`);
  const kernel = axisPair(c.kernel_size, 'kernel_size');
  const stride = axisPair(c.strides, 'strides');
  const dilation = axisPair(c.dilation_rate ?? 1, 'dilation_rate');
  const { input, padding } = convPadding(ctx, ctx.x, kernel, stride, dilation);
  const id = design.uniqueId(name);
  const window = { kernel: compact(kernel), stride: compact(stride), padding, dilation: compact(dilation) };
  const out = ctx.node(id, 'Conv2D', { filters: Number(c.filters), ...window, bias: Boolean(c.use_bias) }, [input]);
  design.weights.set(`${id}/kernel`, ctx.weight('kernel'));
  if (c.use_bias) design.weights.set(`${id}/bias`, ctx.weight('bias'));
  return fusedActivation(ctx, out, c.activation, id);
};

export const depthwiseConv2d: LayerHandler = (ctx) => {
  const { config: c, design, name } = ctx;
  const id = design.uniqueId(name);
  if (isLayerScale(c)) {
    const out = ctx.node(id, 'LayerScale', {}, [ctx.plain(ctx.x)]);
    design.weights.set(`${id}/depthwise_kernel`, ctx.weight('depthwise_kernel'));
    return out;
  }
  const out = depthwise(ctx, id, Boolean(c.use_bias));
  design.weights.set(`${id}/depthwise_kernel`, ctx.weight('depthwise_kernel'));
  if (c.use_bias) design.weights.set(`${id}/bias`, ctx.weight('bias'));
  return fusedActivation(ctx, out, c.activation, id);
};

/** A depthwise convolution, then a 1×1 convolution across channels (which holds the bias). */
export const separableConv2d: LayerHandler = (ctx) => {
  const { config: c, design, name } = ctx;
  const dw = depthwise(ctx, design.uniqueId(`${name}_depthwise`), false);
  design.weights.set(`${dw.id}/depthwise_kernel`, ctx.weight('depthwise_kernel'));
  const id = design.uniqueId(name);
  const out = ctx.node(id, 'Conv2D', { filters: Number(c.filters), kernel: 1, stride: 1, padding: 0, dilation: 1, bias: Boolean(c.use_bias) }, [dw]);
  design.weights.set(`${id}/kernel`, ctx.weight('pointwise_kernel'));
  if (c.use_bias) design.weights.set(`${id}/bias`, ctx.weight('bias'));
  return fusedActivation(ctx, out, c.activation, id);
};
