import type * as tf from '@tensorflow/tfjs';

/** Tensors by the id of the functional model's symbolic tensor they are the value of. */
export type LayerValues = Map<number, tf.Tensor>;

/**
 * Runs a functional model's layers one by one from the values given (at least its input's), so any layer's
 * output can be read or replaced; a layer is recomputed only when it has no value yet or one of its inputs is
 * in `changed`. Returns `values`, filled in.
 */
export function runLayers(model: tf.LayersModel, values: LayerValues, changed: Set<number>): LayerValues {
  for (const layer of model.layers) {
    const node = layer.inboundNodes[0];
    if (!node || node.inputTensors.length === 0) continue;
    const ids = node.inputTensors.map((t) => t.id);
    const out = node.outputTensors[0].id;
    if (values.has(out) && !ids.some((id) => changed.has(id))) continue;
    const inputs = ids.map((id) => values.get(id)!);
    values.set(out, layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor);
    changed.add(out);
  }
  return values;
}
