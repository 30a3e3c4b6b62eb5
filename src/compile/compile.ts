import * as tf from '@tensorflow/tfjs';
import { getLayer } from '../layers/catalog';
import type { BuildContext, PrimitiveLayer } from '../layers/define';
import type { GraphDoc } from '../graph/types';
import { expandGraph } from '../shapes/expand';
import { inferGraph } from '../shapes/infer';
import { TorchPool2D } from './torchPool';

/** Thrown when a design cannot be compiled; `errors` name node and field. */
export class CompileError extends Error {
  constructor(readonly errors: { nodeId: string | null; field: string | null; message: string }[]) {
    super(`the design has ${errors.length} error(s): ${errors.slice(0, 3).map((e) => `${e.nodeId ?? 'design'}: ${e.message}`).join('; ')}`);
  }
}

/**
 * Compiles a design into a `tf.LayersModel` (NHWC inside, PyTorch semantics throughout).
 * Layer names are the node ids, and `${id}_part` for the parts of composite blocks and helpers.
 */
export function compileGraph(graph: Pick<GraphDoc, 'nodes' | 'edges' | 'name'>, options: { seed?: number } = {}): tf.LayersModel {
  const runSeed = options.seed ?? 0;
  const inference = inferGraph(graph);
  if (inference.errors.length) throw new CompileError(inference.errors);
  const { nodes, outputOf } = expandGraph(graph);
  const tensors = new Map<string, tf.SymbolicTensor>();
  let input: tf.SymbolicTensor | null = null;

  for (const node of nodes) {
    const layer = getLayer(node.kind) as PrimitiveLayer;
    const ctx: BuildContext = {
      tf,
      name: (part) => (part ? `${node.id}_${part}` : node.id),
      seed: (part) => hashSeed(runSeed, part ? `${node.id}_${part}` : node.id),
      pool: (x, options, name) => new TorchPool2D({ ...options, name }).apply(x) as tf.SymbolicTensor,
    };
    const y = layer.build(ctx, node.inputs.map((id) => tensors.get(id)!), node.params as never);
    if (node.kind === 'Input') input = y;
    tensors.set(node.id, y);
  }
  const output = tensors.get(outputOf.get(inference.outputNodeId!)!)!;
  return tf.model({ inputs: input!, outputs: output, name: graph.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model' });
}

/** A 31-bit seed from a run seed and a layer name (FNV-1a), so initial weights depend on both and nothing else. */
function hashSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2147483647;
}
