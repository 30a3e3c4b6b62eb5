import type * as tf from '@tensorflow/tfjs';
import type { GraphDoc } from '../graph/types';
import { expandGraph } from '../shapes/expand';

/**
 * The name of the model layer (compiled from `graph`) whose output is design node `node`'s output. A block's
 * output is its last primitive's; a primitive the stock layers lower into several (an AvgPool that counts only
 * real pixels: `avg_pad`, …, `avg_cols_join`) is the last of its `id_` layers in the model's topological order,
 * leaving out those of longer primitive ids that share the prefix.
 */
export function layerOfNode(model: tf.LayersModel, graph: Pick<GraphDoc, 'nodes' | 'edges'>, node: string): string {
  const { nodes, outputOf } = expandGraph(graph);
  const primitive = outputOf.get(node) ?? node;
  const names = model.layers.map((l) => l.name);
  if (names.includes(primitive)) return primitive;
  const longer = nodes.map((n) => n.id).filter((id) => id !== primitive && id.startsWith(`${primitive}_`));
  const own = names.filter((name) => name.startsWith(`${primitive}_`) && !longer.some((id) => name === id || name.startsWith(`${id}_`)));
  if (own.length === 0) throw new Error(`node ${node}: expected a layer ${primitive} (or ${primitive}_…) in the compiled model, found none`);
  return own[own.length - 1];
}
