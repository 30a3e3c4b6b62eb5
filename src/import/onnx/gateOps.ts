import { Refusal, type OpContext, type OpHandler } from './context';
import { foldIntegerConstants } from './shapeOps';

/** Operators that read a C×1×1 mean as flat features; any other reader needs the mean to keep its dimensions. */
const FLATTENING = new Set(['Flatten', 'Reshape']);

/** A mean over H×W: GlobalAvgPool, keeping its C×1×1 dimensions when a spatial operator (a 1×1 Conv) reads it. */
function channelMean(ctx: OpContext, keepDims: boolean): void {
  const x = ctx.nodeInput(0);
  if (x.shape.length !== 3) throw new Refusal(`input is ${x.shape.join('×')}; a mean over H×W needs a C×H×W map`);
  const readers = ctx.readerOps(0);
  const keep = keepDims && readers.some((op) => !FLATTENING.has(op));
  const id = ctx.design.uniqueId(ctx.node.name || 'gap');
  const shape = ctx.design.add(id, 'GlobalAvgPool', { keepDims: keep }, [x.id]);
  ctx.setOutput(0, { type: 'node', id, shape });
}

export const globalAveragePool: OpHandler = (ctx) => channelMean(ctx, true);

/** ReduceMean over the H and W axes (attribute `axes` before opset 18, an input from 18). */
export const reduceMean: OpHandler = (ctx) => {
  ctx.attrs.only(['axes', 'keepdims', 'noop_with_empty_axes']);
  const given = ctx.input(1) ? ctx.constInput(1).ints : ctx.attrs.ints('axes', []);
  const axes = [...(given ?? [])].map((a) => (a < 0 ? a + 4 : a)).sort();
  if (axes.join(',') !== '2,3') throw new Refusal(`axes [${(given ?? []).join(', ')}]: only the mean over H and W (axes 2, 3) maps`);
  channelMean(ctx, ctx.attrs.int('keepdims', 1) === 1);
};

function elementwise(kind: string, fallbackId: string): OpHandler {
  return (ctx) => {
    const x = ctx.nodeInput(0);
    const id = ctx.design.uniqueId(ctx.node.name || fallbackId);
    const shape = ctx.design.add(id, kind, {}, [x.id]);
    ctx.setOutput(0, { type: 'node', id, shape });
  };
}

/** HardSigmoid max(0, min(1, αx + β)) with PyTorch's α = 1/6, β = 1/2 (relu6(x + 3)/6); Keras's 0.2 does not map. */
export const hardSigmoid: OpHandler = (ctx) => {
  ctx.attrs.only(['alpha', 'beta']);
  const [alpha, beta] = [ctx.attrs.float('alpha', 0.2), ctx.attrs.float('beta', 0.5)];
  if (Math.abs(alpha - 1 / 6) > 1e-7 || beta !== 0.5) throw new Refusal(`alpha ${alpha}, beta ${beta}: only PyTorch's hard sigmoid (alpha 1/6, beta 0.5) maps`);
  elementwise('HardSigmoid', 'hardsigmoid')(ctx);
};

export const hardSwish = elementwise('Hardswish', 'hardswish');

/** A C×H×W map times constant factors [C, 1, 1] (ConvNeXt's layer scale): LayerScale. */
function layerScale(ctx: OpContext): void {
  const slot = ctx.input(0)?.type === 'const' ? 1 : 0;
  const x = ctx.nodeInput(slot);
  const factors = ctx.constInput(1 - slot);
  const c = x.shape[0];
  if (x.shape.length !== 3 || !factors.float || factors.dims.join(',') !== `${c},1,1`) {
    throw new Refusal(`multiplies ${x.shape.join('×')} by a constant ${factors.dims.join('×') || 'scalar'}; only per-channel factors [C, 1, 1] on a C×H×W map (layer scale) map`);
  }
  const id = ctx.design.uniqueId(ctx.inputName(1 - slot) || ctx.node.name || 'layer_scale');
  const shape = ctx.design.add(id, 'LayerScale', {}, [x.id]);
  ctx.design.weights.set(`${id}/depthwise_kernel`, { shape: [1, 1, c, 1], data: factors.float });
  ctx.setOutput(0, { type: 'node', id, shape });
}

/**
 * Mul of two network tensors: x · Sigmoid(x) is SiLU and x · HardSigmoid(x) Hardswish (how torch.onnx
 * writes them before opsets 14 and 20); anything else is a Multiply (same shapes, or a C×1×1 gate).
 */
export const mul: OpHandler = (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  if (a?.type === 'const' && b?.type === 'const') return foldIntegerConstants(ctx, a.tensor, b.tensor, 'mul');
  if (a?.type === 'const' || b?.type === 'const') return layerScale(ctx);
  if (a?.type !== 'node' || b?.type !== 'node') throw new Refusal('expected two inputs from the network, or one and per-channel factors');
  if (a.channelsLast || b.channelsLast) throw new Refusal('multiplies channels-last tensors; only GELU\'s own product maps there');
  if (a.shuffle || b.shuffle) throw new Refusal('multiplies a channel grouping [N, g, C/g, H, W]; only a channel shuffle\'s Transpose and Reshape read it');
  const byId = (id: string) => ctx.design.nodes.find((n) => n.id === id);
  for (const [x, gate] of [[a, b], [b, a]] as const) {
    const g = byId(gate.id);
    const fused = g?.kind === 'Sigmoid' ? 'SiLU' : g?.kind === 'HardSigmoid' ? 'Hardswish' : null;
    if (fused && g!.inputs[0] === x.id) {
      const id = ctx.design.uniqueId(ctx.node.name || fused.toLowerCase());
      const shape = ctx.design.add(id, fused, {}, [x.id]);
      ctx.setOutput(0, { type: 'node', id, shape });
      return;
    }
  }
  const id = ctx.design.uniqueId(ctx.node.name || 'mul');
  const shape = ctx.design.add(id, 'Multiply', {}, [a.id, b.id]);
  ctx.setOutput(0, { type: 'node', id, shape });
};
