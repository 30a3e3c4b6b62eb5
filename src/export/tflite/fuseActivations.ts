import type { TfliteModel, TfliteOperator } from './flatModel';
import { Activation, Op, Slot } from './schema';

/** Operators with a fused activation, and that option's slot in their options table. */
const ACTIVATION_SLOT: ReadonlyMap<number, number> = new Map([
  [Op.CONV_2D, Slot.Conv2D.activation],
  [Op.DEPTHWISE_CONV_2D, Slot.DepthwiseConv2D.activation],
  [Op.FULLY_CONNECTED, Slot.FullyConnected.activation],
  [Op.ADD, 0],
]);
const FUSABLE: ReadonlyMap<number, number> = new Map([[Op.RELU, Activation.RELU], [Op.RELU6, Activation.RELU6]]);

/**
 * Fuses each RELU or RELU6 that is the only reader of a CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED or ADD
 * output into that operator's fused activation, in place (as TFLite's own converter does). In int8 the
 * operator then requantizes once, straight onto the activation's range, instead of onto its own wider
 * range (negative values included) and then again.
 */
export function fuseActivations(model: TfliteModel): void {
  const readers = new Map<number, TfliteOperator[]>();
  for (const o of model.operators) for (const t of o.inputs) readers.set(t, [...(readers.get(t) ?? []), o]);
  const removed = new Set<TfliteOperator>();
  for (const layer of model.operators) {
    const slot = ACTIVATION_SLOT.get(layer.op);
    const read = readers.get(layer.outputs[0]);
    if (slot === undefined || !layer.options || read?.length !== 1 || model.outputs.includes(layer.outputs[0])) continue;
    const activation = FUSABLE.get(read[0].op);
    const current = layer.options.fields.find((f) => f.slot === slot);
    if (activation === undefined || (current && 'byte' in current && current.byte !== Activation.NONE)) continue;
    layer.options = { ...layer.options, fields: [...layer.options.fields.filter((f) => f.slot !== slot), { slot, byte: activation }] };
    layer.outputs = [read[0].outputs[0]];
    removed.add(read[0]);
  }
  const kept = model.operators.filter((o) => !removed.has(o));
  model.operators.splice(0, model.operators.length, ...kept);
}
