import { Refusal, type OpContext, type OpHandler, type Value } from './context';
import { readTensor, type ConstTensor } from './tensors';

const ints = (dims: number[], values: number[]): Value => ({ type: 'const', tensor: { dims, float: null, ints: values } });

function intValues(t: ConstTensor, what: string): number[] {
  if (!t.ints) throw new Refusal(`${what} must be integers`);
  return t.ints;
}

/** Flat features after a flatten: `Flatten` of NCHW at axis 1, or the same Reshape. */
function flatten(ctx: OpContext, x: { id: string; shape: number[] }): void {
  if (x.shape.length === 1) {
    ctx.setOutput(0, { type: 'node', ...x });
    return;
  }
  const id = ctx.design.uniqueId(ctx.node.name || 'flatten');
  const shape = ctx.design.add(id, 'Flatten', {}, [x.id]);
  ctx.setOutput(0, { type: 'node', id, shape });
}

export const constant: OpHandler = (ctx) => {
  const t = ctx.attrs.tensor('value');
  if (t) return ctx.setOutput(0, { type: 'const', tensor: readTensor(t, ctx.modelDir, `Constant "${ctx.node.name}"`) });
  if (ctx.attrs.has('value_ints')) {
    const v = ctx.attrs.ints('value_ints', []);
    return ctx.setOutput(0, ints([v.length], v));
  }
  if (ctx.attrs.has('value_int')) return ctx.setOutput(0, ints([], [ctx.attrs.int('value_int', 0)]));
  throw new Refusal('only tensor and integer constants map');
};

/** Identity and Dropout at inference: the input itself (Dropout's mask output must be unused). */
export const passThrough: OpHandler = (ctx) => {
  for (let i = 1; i < (ctx.node.output ?? []).length; i++) if (ctx.readersOf(i) > 0) throw new Refusal('its mask output is used');
  const x = ctx.input(0);
  if (!x) throw new Refusal('no input');
  ctx.setOutput(0, x);
};

export const flattenOp: OpHandler = (ctx) => {
  const axis = ctx.attrs.int('axis', 1);
  if (axis !== 1) throw new Refusal(`axis ${axis}; only flattening everything after the batch (axis 1) maps`);
  flatten(ctx, ctx.nodeInput(0));
};

/** Shape of one of our nodes: known here (batch 1), so the chains after it fold to constants. */
export const shape: OpHandler = (ctx) => {
  const x = ctx.input(0);
  if (!x) throw new Refusal('no input');
  if (x.type === 'padded') throw new Refusal('the shape of a Pad does not map');
  if (x.type === 'node' && x.shuffle) throw new Refusal('the shape of a channel grouping does not map');
  const dims = x.type === 'node' ? [1, ...x.shape] : x.tensor.dims;
  ctx.setOutput(0, ints([dims.length], dims));
};

export const gather: OpHandler = (ctx) => {
  const data = ctx.constInput(0);
  const indices = intValues(ctx.constInput(1), 'indices');
  if (data.dims.length !== 1 || ctx.attrs.int('axis', 0) !== 0) throw new Refusal('only gathering from a 1-D constant maps');
  const values = data.ints ?? Array.from(data.float ?? []);
  const picked = indices.map((i) => {
    const j = i < 0 ? i + values.length : i;
    if (j < 0 || j >= values.length) throw new Refusal(`index ${i} is outside 0..${values.length - 1}`);
    return values[j];
  });
  ctx.setOutput(0, ints(ctx.constInput(1).dims, picked));
};

export const unsqueeze: OpHandler = (ctx) => {
  const data = ctx.constInput(0);
  const axes = ctx.input(1) ? intValues(ctx.constInput(1), 'axes') : ctx.attrs.ints('axes', []);
  if (data.dims.length !== 0 || axes.length !== 1 || axes[0] !== 0) throw new Refusal('only unsqueezing a scalar constant at axis 0 maps');
  ctx.setOutput(0, ints([1], intValues(data, 'data')));
};

/** Concat of our nodes along channels, or of integer constants (a shape being built). */
export const concat: OpHandler = (ctx) => {
  const count = (ctx.node.input ?? []).length;
  const values = Array.from({ length: count }, (_, i) => ctx.input(i));
  if (values.every((v) => v?.type === 'const')) {
    const all = values.flatMap((v) => intValues((v as { tensor: ConstTensor }).tensor, 'inputs'));
    return ctx.setOutput(0, ints([all.length], all));
  }
  const inputs = values.map((_, i) => ctx.nodeInput(i));
  const axis = ctx.attrs.int('axis', 1);
  const rank = inputs[0].shape.length + 1;
  if (axis !== 1 && axis !== 1 - rank) throw new Refusal(`axis ${axis}; only concatenating channels (axis 1) maps`);
  const id = ctx.design.uniqueId(ctx.node.name || 'concat');
  const shape = ctx.design.add(id, 'Concat', {}, inputs.map((x) => x.id));
  ctx.setOutput(0, { type: 'node', id, shape });
};

/** A Reshape to [batch, everything else] is a flatten; any other Reshape does not map. */
export const reshape: OpHandler = (ctx) => {
  const x = ctx.nodeInput(0);
  const target = intValues(ctx.constInput(1), 'shape');
  const size = x.shape.reduce((a, d) => a * d, 1);
  const [batch, rest] = target;
  const flattens = target.length === 2 && [0, 1, -1].includes(batch) && (rest === -1 || rest === size) && !(batch === -1 && rest === -1);
  if (!flattens) throw new Refusal(`reshape of ${x.shape.join('×')} to [${target.join(', ')}]; only flattening to [batch, ${size}] maps`);
  flatten(ctx, x);
};

/** ONNX TensorProto data types a Cast of shape arithmetic may name. */
const INTEGER_TYPES = new Set([6, 7]); // INT32, INT64

/** A Cast of an integer constant to INT32/INT64 (torch's `channels // groups` in shape arithmetic): the same integers. */
export const cast: OpHandler = (ctx) => {
  const x = ctx.input(0);
  const to = ctx.attrs.int('to', 0);
  if (x?.type !== 'const' || !x.tensor.ints || !INTEGER_TYPES.has(to)) {
    throw new Refusal(`a cast to type ${to} of ${x?.type === 'const' ? 'a float constant' : 'a network tensor'}; only integer constants cast to integers (shape arithmetic) map`);
  }
  ctx.setOutput(0, ints(x.tensor.dims, x.tensor.ints));
};

/** Integer division of integer constants (shape arithmetic such as `channels // groups`), truncating as ONNX does. */
export const div: OpHandler = (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  if (a?.type !== 'const' || b?.type !== 'const' || !a.tensor.ints || !b.tensor.ints || b.tensor.ints.length !== 1) {
    throw new Refusal('only an integer constant divided by one integer (shape arithmetic) maps');
  }
  const divisor = b.tensor.ints[0];
  if (divisor === 0) throw new Refusal('division by zero');
  ctx.setOutput(0, ints(a.tensor.dims, a.tensor.ints.map((v) => Math.trunc(v / divisor))));
};

/**
 * The sum or product of two integer constants, one of them a single value: shape arithmetic such as torch's
 * `chunk`, whose Slice bounds are `(channels + 1) // 2 * i`.
 */
export function foldIntegerConstants(ctx: OpContext, a: ConstTensor, b: ConstTensor, op: 'add' | 'mul'): void {
  const [many, one] = b.ints?.length === 1 ? [a, b] : [b, a];
  if (!many.ints || one.ints?.length !== 1) throw new Refusal(`${op === 'add' ? 'adds' : 'multiplies'} two constants; only integer shape arithmetic with one single value maps`);
  const k = one.ints[0];
  ctx.setOutput(0, ints(many.dims, many.ints.map((v) => (op === 'add' ? v + k : v * k))));
}
