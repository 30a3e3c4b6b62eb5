import type { TfliteModel, TfliteOperator } from './flatModel';
import { Op } from './schema';

const floatsOf = (bytes: Uint8Array): Float32Array => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/**
 * Folds each BatchNorm (a per-channel MUL then ADD of constants) that follows a CONV_2D,
 * DEPTHWISE_CONV_2D or FULLY_CONNECTED whose output nothing else reads into that operator's kernel
 * and bias, in place: one operator, one int8 rounding, instead of three.
 */
export function foldBatchNorms(model: TfliteModel): void {
  const consumers = new Map<number, TfliteOperator[]>();
  for (const o of model.operators) for (const t of o.inputs) consumers.set(t, [...(consumers.get(t) ?? []), o]);
  const producer = new Map(model.operators.map((o) => [o.outputs[0], o]));
  const constant = (t: number) => model.tensors[t].buffer !== 0;
  const removed = new Set<TfliteOperator>();
  for (const multiply of model.operators) {
    if (multiply.op !== Op.MUL || !constant(multiply.inputs[1]) || model.tensors[multiply.inputs[1]].shape.length !== 1) continue;
    const layer = producer.get(multiply.inputs[0]);
    if (!layer || ![Op.CONV_2D, Op.DEPTHWISE_CONV_2D, Op.FULLY_CONNECTED].includes(layer.op as never) || consumers.get(layer.outputs[0])?.length !== 1) continue;
    const next = consumers.get(multiply.outputs[0]);
    const shift = next?.length === 1 ? next[0] : null;
    if (!shift || shift.op !== Op.ADD || shift.inputs[0] !== multiply.outputs[0] || !constant(shift.inputs[1])) continue;
    const scale = floatsOf(model.buffers[model.tensors[multiply.inputs[1]].buffer]);
    const offset = floatsOf(model.buffers[model.tensors[shift.inputs[1]].buffer]);
    const kernel = floatsOf(model.buffers[model.tensors[layer.inputs[1]].buffer]);
    const bias = floatsOf(model.buffers[model.tensors[layer.inputs[2]].buffer]);
    const channels = scale.length;
    // Depthwise kernels are 1×H×W×O (channel last); the others O×… (channel first).
    const channelOf = layer.op === Op.DEPTHWISE_CONV_2D ? (i: number) => i % channels : (i: number) => Math.floor(i / (kernel.length / channels));
    for (let i = 0; i < kernel.length; i++) kernel[i] *= scale[channelOf(i)];
    for (let c = 0; c < channels; c++) bias[c] = bias[c] * scale[c] + offset[c];
    layer.outputs = [shift.outputs[0]];
    removed.add(multiply).add(shift);
  }
  const kept = model.operators.filter((o) => !removed.has(o));
  model.operators.splice(0, model.operators.length, ...kept);
}
