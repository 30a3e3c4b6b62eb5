import type { TfliteModel } from './flatModel';
import { Op } from './schema';

export interface Range { min: number; max: number }

/** Operators whose int8 kernels need their output quantized exactly as their (activation) inputs. */
export const SAME_PARAMS = new Set<number>([Op.PAD, Op.PADV2, Op.RESHAPE, Op.TRANSPOSE, Op.SLICE, Op.MAX_POOL_2D, Op.AVERAGE_POOL_2D, Op.CONCATENATION]);

const union = (a: Range, b: Range): Range => ({ min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) });
const product = (a: Range, b: Range): Range => {
  const p = [a.min * b.min, a.min * b.max, a.max * b.min, a.max * b.max];
  return { min: Math.min(...p), max: Math.max(...p) };
};

/** The range a derived tensor can take from its inputs' ranges; null when it cannot be told. */
function derived(op: number, inputs: (Range | null)[]): Range | null {
  const [a, b] = inputs;
  if (op === Op.LOGISTIC || op === Op.SOFTMAX) return { min: 0, max: 1 };
  if (!a) return null;
  switch (op) {
    case Op.RELU: return { min: Math.max(0, a.min), max: Math.max(0, a.max) };
    case Op.RELU6: return { min: Math.min(6, Math.max(0, a.min)), max: Math.min(6, Math.max(0, a.max)) };
    case Op.HARD_SWISH: return { min: -0.375, max: Math.max(0, a.max) };
    case Op.GELU: return { min: -0.17, max: Math.max(0, a.max) };
    case Op.RSQRT: return { min: 1 / Math.sqrt(Math.max(a.max, 1e-12)), max: 1 / Math.sqrt(Math.max(a.min, 1e-12)) };
    case Op.ADD: return b ? { min: a.min + b.min, max: a.max + b.max } : null;
    case Op.SUB: return b ? { min: a.min - b.max, max: a.max - b.min } : null;
    case Op.MUL: return b ? product(a, b) : null;
    case Op.CONCATENATION: return inputs.every((r) => r) ? (inputs as Range[]).reduce(union) : null;
    case Op.CONV_2D: case Op.DEPTHWISE_CONV_2D: case Op.FULLY_CONNECTED: return null;
    default: return a; // PAD, RESHAPE, TRANSPOSE, SLICE, pools, MEAN stay within their input's range
  }
}

function constantRange(model: TfliteModel, t: number): Range {
  const bytes = model.buffers[model.tensors[t].buffer];
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let min = 0;
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
  return { min, max };
}

/**
 * The calibrated range of every activation tensor: measured (by tensor name) where the float model
 * had the same tensor, else derived from its inputs; tensors an int8 kernel ties together (pools,
 * pads, reshapes, concatenations) share the union of their ranges.
 * @throws naming a tensor whose range can be neither measured nor derived.
 */
export function activationRanges(model: TfliteModel, measured: ReadonlyMap<string, Range>, inputRange: Range): Map<number, Range> {
  const raw = new Map<number, Range | null>([[model.inputs[0], inputRange]]);
  const rangeOf = (t: number): Range | null => (model.tensors[t].buffer !== 0 ? constantRange(model, t) : raw.get(t) ?? null);
  for (const o of model.operators) {
    const found = measured.get(model.tensors[o.outputs[0]].name);
    raw.set(o.outputs[0], found && Number.isFinite(found.min) && Number.isFinite(found.max) ? found : derived(o.op, o.inputs.map(rangeOf)));
  }
  const parent = new Map<number, number>();
  const find = (t: number): number => { let r = t; while (parent.has(r)) r = parent.get(r)!; return r; };
  for (const o of model.operators) {
    if (!SAME_PARAMS.has(o.op)) continue;
    for (const t of o.inputs) {
      if (model.tensors[t].buffer !== 0) continue;
      const [x, y] = [find(t), find(o.outputs[0])];
      if (x !== y) parent.set(x, y);
    }
  }
  const groups = new Map<number, Range>();
  for (const [t, r] of raw) if (r) groups.set(find(t), groups.has(find(t)) ? union(groups.get(find(t))!, r) : r);
  const result = new Map<number, Range>();
  for (const t of raw.keys()) {
    const r = groups.get(find(t));
    if (!r) throw new Error(`the int8 TFLite writer found no calibrated range for ${model.tensors[t].name}`);
    result.set(t, r);
  }
  return result;
}
