import { Refusal, type OpContext, type OpHandler } from './context';
import { poolOverPad } from './padOps';
import { convKernel, depthwiseKernel } from './weights';

/** One symmetric padding from ONNX `pads` / `auto_pad`, or a refusal naming what is asymmetric. */
function symmetricPad(ctx: OpContext, kernel: number, stride: number, dilation: number): number {
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad === 'VALID') return 0;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const total = dilation * (kernel - 1);
    if (stride === 1 && total % 2 === 0) return total / 2;
    throw new Refusal(`auto_pad ${autoPad} with kernel ${kernel}, stride ${stride} pads unevenly; only symmetric padding maps`);
  }
  const pads = ctx.attrs.ints('pads', [0, 0, 0, 0]);
  if (pads.length !== 4 || pads.some((p) => p !== pads[0])) {
    throw new Refusal(`pads [${pads.join(', ')}] are asymmetric; only the same padding on every side maps`);
  }
  return pads[0];
}

/** Kernel, stride and dilation that are the same along H and W. */
function square(name: string, values: number[]): number {
  if (values.length !== 2 || values[0] !== values[1]) throw new Refusal(`${name} [${values.join(', ')}]: only 2-D and equal for H and W maps`);
  return values[0];
}

/** Padding per axis from ONNX `pads` / `auto_pad` (the same before and after an axis), or a refusal naming what is asymmetric. */
function axisPads(ctx: OpContext, kernel: number[], stride: number[], dilation: number[]): [number, number] {
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad === 'VALID') return [0, 0];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const totals = kernel.map((k, i) => dilation[i] * (k - 1));
    if (stride.every((s) => s === 1) && totals.every((t) => t % 2 === 0)) return [totals[0] / 2, totals[1] / 2];
    throw new Refusal(`auto_pad ${autoPad} with kernel ${kernel.join('×')}, stride ${stride.join('×')} pads unevenly; only padding equal on both sides of an axis maps`);
  }
  const pads = ctx.attrs.ints('pads', [0, 0, 0, 0]);
  if (pads.length !== 4 || pads[0] !== pads[2] || pads[1] !== pads[3]) {
    throw new Refusal(`pads [${pads.join(', ')}] differ before and after an axis; only padding equal on both sides of H and of W maps`);
  }
  return [pads[0], pads[1]];
}

/** Why a grouped Conv does not map: its group does not divide its output channels. */
export const groupRefusal = (group: number, filters: number): string =>
  `group ${group} does not divide its ${filters} output channels; a grouped convolution needs whole groups of input and output channels`;

/** Two values, one per spatial axis (H, W), from a 2-D attribute. */
function twoAxes(name: string, values: number[]): [number, number] {
  if (values.length !== 2) throw new Refusal(`${name} [${values.join(', ')}]: only 2-D convolutions map`);
  return [values[0], values[1]];
}

/** A per-axis param as one number when both axes agree (how designs write square windows). */
const compact = ([h, w]: [number, number]): number | [number, number] => (h === w ? h : [h, w]);

export const conv: OpHandler = (ctx) => {
  ctx.attrs.only(['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'auto_pad']);
  const x = ctx.nodeInput(0);
  const w = ctx.constInput(1);
  const b = ctx.input(2) ? ctx.constInput(2) : null;
  if (w.dims.length !== 4 || !w.float) throw new Refusal(`weight is ${w.dims.join('×')}; a 4-D float kernel maps (Conv2D)`);
  const group = ctx.attrs.int('group', 1);
  const [filters, kernelIn, kh, kw] = w.dims;
  const cin = kernelIn * group;
  if (x.shape[0] !== cin) throw new Refusal(`kernel expects ${cin} input channels (group ${group}); its input has ${x.shape[0]}`);
  if (filters % group !== 0) throw new Refusal(groupRefusal(group, filters));
  const kernel = twoAxes('kernel_shape', ctx.attrs.ints('kernel_shape', [kh, kw]));
  const stride = twoAxes('strides', ctx.attrs.ints('strides', [1, 1]));
  const dilation = twoAxes('dilations', ctx.attrs.ints('dilations', [1, 1]));
  if (kernel[0] !== kh || kernel[1] !== kw) throw new Refusal(`kernel_shape ${kernel.join('×')} differs from its ${kh}×${kw} weight`);
  if (b && (b.dims.length !== 1 || b.dims[0] !== filters || !b.float)) throw new Refusal(`bias is ${b.dims.join('×')}; expected ${filters}`);
  const window = { kernel: compact(kernel), stride: compact(stride), padding: compact(axisPads(ctx, kernel, stride, dilation)), dilation: compact(dilation) };
  const id = ctx.design.uniqueId(ctx.inputName(1).replace(/\.weight$/, '') || ctx.node.name || 'conv');
  if (group !== 1 && group === cin) {
    const depthMultiplier = filters / cin;
    const { dilation: depthwiseDilation, ...square } = window;
    const params = depthwiseDilation === 1 ? square : window;
    const shape = ctx.design.add(id, 'DepthwiseConv2D', { ...params, depthMultiplier, bias: Boolean(b) }, [x.id]);
    ctx.design.weights.set(`${id}/depthwise_kernel`, { shape: [kh, kw, cin, depthMultiplier], data: depthwiseKernel(w.float, w.dims) });
    if (b) ctx.design.weights.set(`${id}/bias`, { shape: [filters], data: b.float! });
    ctx.setOutput(0, { type: 'node', id, shape });
    return;
  }
  const shape = ctx.design.add(id, 'Conv2D', { filters, ...window, groups: group, bias: Boolean(b) }, [x.id]);
  // A grouped kernel [filters, in/group, kh, kw] is stored as TF.js's [kh, kw, in/group, filters], like any other.
  ctx.design.weights.set(`${id}/kernel`, { shape: [kh, kw, kernelIn, filters], data: convKernel(w.float, w.dims) });
  if (b) ctx.design.weights.set(`${id}/bias`, { shape: [filters], data: b.float! });
  ctx.setOutput(0, { type: 'node', id, shape });
};

export const batchNormalization: OpHandler = (ctx) => {
  ctx.attrs.only(['epsilon', 'momentum', 'spatial', 'training_mode']);
  if (ctx.attrs.int('training_mode', 0) !== 0) throw new Refusal('training_mode 1 (batch statistics at inference) does not map');
  if (ctx.attrs.int('spatial', 1) !== 1) throw new Refusal('spatial 0 does not map');
  for (let i = 1; i < (ctx.node.output ?? []).length; i++) if (ctx.readersOf(i) > 0) throw new Refusal('its running-statistics outputs are used');
  const x = ctx.nodeInput(0);
  const channels = x.shape[0];
  const names = ['gamma', 'beta', 'moving_mean', 'moving_variance'];
  const tensors = names.map((_, i) => ctx.constInput(i + 1));
  tensors.forEach((t, i) => {
    if (t.dims.length !== 1 || t.dims[0] !== channels || !t.float) throw new Refusal(`${names[i]} is ${t.dims.join('×')}; expected ${channels}`);
  });
  const id = ctx.design.uniqueId(ctx.inputName(1).replace(/\.weight$/, '') || ctx.node.name || 'bn');
  const eps = ctx.attrs.float('epsilon', 1e-5);
  const momentum = Math.round((1 - ctx.attrs.float('momentum', 0.9)) * 1e6) / 1e6;
  const shape = ctx.design.add(id, 'BatchNorm', { eps, momentum }, [x.id]);
  names.forEach((name, i) => ctx.design.weights.set(`${id}/${name}`, { shape: [channels], data: tensors[i].float! }));
  ctx.setOutput(0, { type: 'node', id, shape });
};

function pool(kind: 'MaxPool' | 'AvgPool'): OpHandler {
  return (ctx) => {
    ctx.attrs.only(['kernel_shape', 'strides', 'pads', 'ceil_mode', 'auto_pad', 'count_include_pad', 'dilations', 'storage_order']);
    if ((ctx.node.output ?? []).length > 1 && ctx.readersOf(1) > 0) throw new Refusal('its Indices output is used');
    const padded = ctx.input(0);
    const x = padded?.type === 'padded' ? padded : ctx.nodeInput(0);
    const kernel = square('kernel_shape', ctx.attrs.ints('kernel_shape', []));
    const stride = square('strides', ctx.attrs.ints('strides', [1, 1]));
    if (square('dilations', ctx.attrs.ints('dilations', [1, 1])) !== 1) throw new Refusal('dilated pooling has no node kind');
    const padding = symmetricPad(ctx, kernel, stride, 1);
    const ceilMode = ctx.attrs.int('ceil_mode', 0) === 1;
    let params: Record<string, number | boolean> = { kernel, stride, padding, ceilMode };
    if (kind === 'AvgPool') params.countIncludePad = ctx.attrs.int('count_include_pad', 0) === 1;
    if (padded?.type === 'padded') {
      if (padding !== 0 || ceilMode) throw new Refusal('it pads or uses ceil mode after a Pad');
      params = poolOverPad(kind, padded.pad, padded.shape, kernel, stride);
    }
    const id = ctx.design.uniqueId(ctx.node.name || kind);
    const shape = ctx.design.add(id, kind, params, [x.id]);
    ctx.setOutput(0, { type: 'node', id, shape });
  };
}

export const maxPool = pool('MaxPool');
export const averagePool = pool('AvgPool');

function activation(kind: 'ReLU' | 'Sigmoid', fallbackId: string): OpHandler {
  return (ctx) => {
    const x = ctx.nodeInput(0);
    const id = ctx.design.uniqueId(ctx.node.name || fallbackId);
    const shape = ctx.design.add(id, kind, {}, [x.id]);
    ctx.setOutput(0, { type: 'node', id, shape });
  };
}

export const relu = activation('ReLU', 'relu');
export const sigmoid = activation('Sigmoid', 'sigmoid');

/** One bound of a Clip: the attribute (opset < 11) or the optional scalar input (opset 11+). */
function clipBound(ctx: OpContext, name: 'min' | 'max', slot: number): number | null {
  if (ctx.attrs.has(name)) return ctx.attrs.float(name, 0);
  if (!ctx.input(slot)) return null;
  const t = ctx.constInput(slot);
  const values = t.float ?? t.ints ?? [];
  if (values.length !== 1) throw new Refusal(`its ${name} is ${t.dims.join('×') || 'empty'}; a scalar maps`);
  return values[0];
}

/** Clip(0, 6) is ReLU6; any other range has no node kind. */
export const clip: OpHandler = (ctx) => {
  ctx.attrs.only(['min', 'max']);
  const x = ctx.nodeInput(0);
  const [min, max] = [clipBound(ctx, 'min', 1), clipBound(ctx, 'max', 2)];
  if (min !== 0 || max !== 6) throw new Refusal(`range [${min ?? '−∞'}, ${max ?? '∞'}]: only [0, 6] (ReLU6) maps`);
  const id = ctx.design.uniqueId(ctx.node.name || 'relu6');
  const shape = ctx.design.add(id, 'ReLU6', {}, [x.id]);
  ctx.setOutput(0, { type: 'node', id, shape });
};
