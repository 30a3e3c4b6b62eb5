import { Refusal, type OpContext, type OpHandler } from './context';
import type { ConstTensor } from './tensors';
import { transpose } from './weights';
import { foldIntegerConstants } from './shapeOps';

/** Dense nodes made from a MatMul that an Add may still give a bias. */
const biasless = new WeakMap<OpContext['design'], Set<string>>();

function flatInput(ctx: OpContext): { id: string; features: number } {
  const x = ctx.nodeInput(0);
  if (x.shape.length !== 1) throw new Refusal(`input is ${x.shape.join('×')} per sample; Dense maps on flat features (Flatten first)`);
  return { id: x.id, features: x.shape[0] };
}

/**
 * A Transpose of a constant matrix: torch's Linear weight [out, in] turned to [in, out] before its MatMul, where the
 * exporter did not fold constants (`training=PRESERVE`). Folded here, so the MatMul reads a constant as usual.
 */
export function constantTranspose(ctx: OpContext, t: ConstTensor): void {
  const perm = ctx.attrs.ints('perm', []).join(',');
  if (t.dims.length !== 2 || !t.float || !['', '1,0'].includes(perm)) {
    throw new Refusal(`perm [${perm}] of a constant ${t.dims.join('×')}: only a float matrix transposed (a Linear's weight) maps`);
  }
  const [rows, cols] = t.dims;
  ctx.setOutput(0, { type: 'const', tensor: { dims: [cols, rows], float: transpose(t.float, rows, cols), ints: null } });
}

export const gemm: OpHandler = (ctx) => {
  ctx.attrs.only(['alpha', 'beta', 'transA', 'transB']);
  if (ctx.attrs.float('alpha', 1) !== 1 || ctx.attrs.float('beta', 1) !== 1) throw new Refusal('alpha or beta other than 1 does not map');
  if (ctx.attrs.int('transA', 0) !== 0) throw new Refusal('transA 1 does not map');
  const x = flatInput(ctx);
  const b = ctx.constInput(1);
  if (b.dims.length !== 2 || !b.float) throw new Refusal(`B is ${b.dims.join('×')}; a 2-D float matrix maps`);
  const transB = ctx.attrs.int('transB', 0) === 1;
  const [inputs, units] = transB ? [b.dims[1], b.dims[0]] : b.dims;
  if (inputs !== x.features) throw new Refusal(`B takes ${inputs} features; its input has ${x.features}`);
  const c = ctx.input(2) ? ctx.constInput(2) : null;
  if (c && (c.dims.reduce((a, d) => a * d, 1) !== units || !c.float || c.dims.some((d, i) => d !== units && !(d === 1 && i < c.dims.length - 1)))) {
    throw new Refusal(`C is ${c.dims.join('×')}; a bias of ${units} maps`);
  }
  const id = ctx.design.uniqueId(ctx.inputName(1).replace(/\.weight$/, '') || ctx.node.name || 'dense');
  const shape = ctx.design.add(id, 'Dense', { units, bias: Boolean(c) }, [x.id]);
  ctx.design.weights.set(`${id}/kernel`, { shape: [inputs, units], data: transB ? transpose(b.float, units, inputs) : b.float });
  if (c) ctx.design.weights.set(`${id}/bias`, { shape: [units], data: c.float! });
  ctx.setOutput(0, { type: 'node', id, shape });
};

/** A MatMul on a channels-last map ([C, C'] weights) is a Linear over channels: a 1×1 Conv2D, its bias an Add after. */
function pointwise(ctx: OpContext, x: { id: string; shape: number[] }): void {
  const b = ctx.constInput(1);
  if (b.dims.length !== 2 || !b.float || b.dims[0] !== x.shape[0]) throw new Refusal(`B is ${b.dims.join('×')}; a ${x.shape[0]}×N float matrix maps`);
  const id = ctx.design.uniqueId(ctx.inputName(1).replace(/\.weight$/, '') || ctx.node.name || 'pointwise');
  const shape = ctx.design.add(id, 'Conv2D', { filters: b.dims[1], kernel: 1, stride: 1, padding: 0, dilation: 1, bias: false }, [x.id]);
  ctx.design.weights.set(`${id}/kernel`, { shape: [1, 1, ...b.dims], data: b.float });
  if (ctx.readersOf(0) === 1) biasless.set(ctx.design, new Set([...(biasless.get(ctx.design) ?? []), id]));
  ctx.setOutput(0, { type: 'node', id, shape, channelsLast: true });
}

export const matMul: OpHandler = (ctx) => {
  const input = ctx.anyLayoutInput(0);
  if (input.channelsLast) return pointwise(ctx, input);
  const x = flatInput(ctx);
  const b = ctx.constInput(1);
  if (b.dims.length !== 2 || !b.float || b.dims[0] !== x.features) throw new Refusal(`B is ${b.dims.join('×')}; a ${x.features}×N float matrix maps`);
  const id = ctx.design.uniqueId(ctx.inputName(1).replace(/\.weight$/, '') || ctx.node.name || 'dense');
  const shape = ctx.design.add(id, 'Dense', { units: b.dims[1], bias: false }, [x.id]);
  ctx.design.weights.set(`${id}/kernel`, { shape: b.dims, data: b.float });
  if (ctx.readersOf(0) === 1) biasless.set(ctx.design, new Set([...(biasless.get(ctx.design) ?? []), id]));
  ctx.setOutput(0, { type: 'node', id, shape });
};

/** Add of two of our nodes (a residual), or the bias Add after a MatMul. */
export const add: OpHandler = (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  if (!a || !b) throw new Refusal('expected two inputs');
  if (a.type === 'const' && b.type === 'const') return foldIntegerConstants(ctx, a.tensor, b.tensor, 'add');
  if ((a.type === 'node' && a.shuffle) || (b.type === 'node' && b.shuffle)) throw new Refusal('adds a channel grouping [N, g, C/g, H, W]; only a channel shuffle\'s Transpose and Reshape read it');
  if (a.type === 'node' && b.type === 'node') {
    if (a.channelsLast || b.channelsLast) throw new Refusal('adds channels-last tensors; only the bias of a Linear maps there');
    if (a.shape.join('×') !== b.shape.join('×')) throw new Refusal(`inputs ${a.shape.join('×')} and ${b.shape.join('×')} differ; broadcasting does not map`);
    const id = ctx.design.uniqueId(ctx.node.name || 'add');
    const shape = ctx.design.add(id, 'Add', {}, [a.id, b.id]);
    ctx.setOutput(0, { type: 'node', id, shape });
    return;
  }
  const [x, c] = a.type === 'node' ? [a, b] : [b, a];
  if (x.type !== 'node' || c.type !== 'const') throw new Refusal('adds two constants');
  const dense = ctx.design.nodes.find((n) => n.id === x.id);
  const units = dense?.kind === 'Dense' ? (dense.params.units as number) : dense?.kind === 'Conv2D' ? (dense.params.filters as number) : -1;
  if (!dense || !biasless.get(ctx.design)?.has(x.id) || !c.tensor.float || c.tensor.float.length !== units) {
    throw new Refusal('adds a constant to something other than a MatMul it can be the bias of');
  }
  biasless.get(ctx.design)!.delete(x.id);
  dense.params.bias = true;
  ctx.design.weights.set(`${x.id}/bias`, { shape: [units], data: c.tensor.float });
  ctx.setOutput(0, x);
};

export const softmax: OpHandler = (ctx) => {
  const x = ctx.nodeInput(0);
  const axis = ctx.attrs.int('axis', -1);
  if (x.shape.length !== 1 || ![1, -1].includes(axis)) throw new Refusal(`softmax over axis ${axis} of ${x.shape.join('×')}; only over flat class scores maps`);
  const id = ctx.design.uniqueId(ctx.node.name || 'output');
  const shape = ctx.design.add(id, 'Output', {}, [x.id]);
  ctx.setOutput(0, { type: 'node', id, shape });
};
