import type { ParamValue } from '../../graph/types';
import { Refusal } from '../onnx/context';
import type { LayerContext, LayerHandler, Out } from './layerContext';
import { kerasAxis } from './layerContext';

/**
 * Keras activations that are one element-wise node kind each. Not `hardSigmoid` (Keras's 0.2x + 0.5, not
 * PyTorch's) nor `gelu_new` (TF.js saves it as `geluNew`, which its own loader refuses).
 */
const ELEMENTWISE_ACTIVATIONS: Record<string, { kind: string; params: Record<string, ParamValue> }> = {
  relu: { kind: 'ReLU', params: {} },
  relu6: { kind: 'ReLU6', params: {} },
  sigmoid: { kind: 'Sigmoid', params: {} },
  swish: { kind: 'SiLU', params: {} },
  gelu: { kind: 'GELU', params: { approximate: 'none' } },
};

const refusedActivation = (act: unknown): string => `activation ${String(act)} has no node kind`;

/** A fused activation: a node after `out` named `<base>_<activation>`. */
export function fusedActivation(ctx: LayerContext, out: Out, act: unknown, base: string): Out {
  if (act === undefined || act === null || act === 'linear') return out;
  const elementwise = ELEMENTWISE_ACTIVATIONS[String(act)];
  if (elementwise) return ctx.node(ctx.design.uniqueId(`${base}_${String(act)}`), elementwise.kind, elementwise.params, [out]);
  if (act === 'softmax') return ctx.node(ctx.design.uniqueId(`${base}_softmax`), 'Output', {}, [out]);
  throw new Refusal(refusedActivation(act));
}

export const activation: LayerHandler = (ctx) => {
  const act = ctx.config.activation;
  if (act === 'linear') return ctx.plain(ctx.x);
  const elementwise = ELEMENTWISE_ACTIVATIONS[String(act)];
  if (elementwise) return ctx.node(ctx.design.uniqueId(ctx.name), elementwise.kind, elementwise.params, ctx.from);
  if (act === 'softmax') return ctx.node(ctx.design.uniqueId(ctx.name), 'Output', {}, ctx.from);
  throw new Refusal(refusedActivation(act));
};

export const relu: LayerHandler = ({ config: c, x, from, design, name, node }) => {
  if (Number(c.negative_slope ?? 0) !== 0 || Number(c.threshold ?? 0) !== 0) throw new Refusal('a leaky or thresholded ReLU has no node kind');
  const capped = c.max_value !== null && c.max_value !== undefined;
  if (x.hardSigmoidScaled && Number(c.max_value) === 1) return node(design.uniqueId(name), 'HardSigmoid', {}, [{ id: x.id, shape: x.shape }]);
  if (capped && Number(c.max_value) !== 6) throw new Refusal(`max_value ${String(c.max_value)}: only 6 (ReLU6) has a node kind`);
  return node(design.uniqueId(name), capped ? 'ReLU6' : 'ReLU', {}, from);
};

export const softmax: LayerHandler = ({ config: c, x, from, design, name, node }) => {
  if (c.axis !== undefined && kerasAxis(c.axis, x.shape) !== x.shape.length) throw new Refusal(`axis ${String(c.axis)}; only the class axis maps`);
  return node(design.uniqueId(name), 'Output', {}, from);
};
