import { compileGraph, designNodeOf } from '../../compile/compile';
import type { GraphDoc, GraphNode } from '../../graph/types';
import { inferGraph } from '../../shapes/infer';

/**
 * The initial weights (TF.js name → values) of a design's node `id` as `compileGraph(design, { seed })` starts
 * them, compiled from that node alone: `compileGraph` seeds each layer from the run seed and the layer's name only,
 * and a weight's shape depends on the node's params and its input's channels, so the node after a stand-in of its
 * input's shape (a 1×1 convolution to as many channels, flattened where the node reads a vector) starts with the
 * same numbers without the whole design's weights being drawn. The fine-tuning test checks this against the
 * whole design on one family.
 */
export function initialNodeWeights(design: GraphDoc, id: string, seed: number): Map<string, Float32Array> {
  const node = design.nodes.find((n) => n.id === id)!;
  const shape = inferGraph(design).nodes.get(id)?.inputShapes[0];
  if (!shape) throw new Error(`${id}: its input's shape is unknown`);
  const at = { x: 0, y: 0 };
  const stand = (nodeId: string, kind: string, params: GraphNode['params']): GraphNode => ({ id: nodeId, kind, params, position: at });
  const [channels, height = 1, width = 1] = shape;
  const nodes = [
    stand(`${id}__input`, 'Input', { height, width, channels: 1 }),
    stand(`${id}__channels`, 'Conv2D', { filters: channels, kernel: 1 }),
    ...(shape.length === 1 ? [stand(`${id}__vector`, 'Flatten', {})] : []),
    { ...node, frozen: false },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `${id}__edge${i}`, source: nodes[i].id, target: n.id, targetSlot: 0 }));
  const model = compileGraph({ name: 'head', nodes, edges }, { seed });
  try {
    return new Map(model.weights.filter((w) => designNodeOf(model, w.originalName.split('/')[0]) === id).map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
  } finally {
    model.dispose();
  }
}
