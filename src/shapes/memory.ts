import type { GraphDoc } from '../graph/types';
import { expandGraph } from './expand';
import { evaluateNode, inferGraph } from './infer';
import { shapeSize, type Shape } from '../shapeMath/shape';

export interface MemoryEstimate {
  weightsBytes: number;
  /** Optimizer state: momentum (SGD) or two moments (Adam, AdamW) per trainable weight. */
  optimizerBytes: number;
  /** Activations kept for the backward pass, and their gradients, for one batch. */
  activationsBytes: number;
  totalBytes: number;
}

const FLOAT = 4;

/**
 * A rough upper estimate of training memory in float32: weights and their gradients, optimizer state,
 * and every layer's output for the batch twice (kept for backward, plus its gradient).
 */
export function estimateTrainingMemory(graph: Pick<GraphDoc, 'nodes' | 'edges'>, batchSize: number, optimizer: 'sgd' | 'adam' | 'adamw' = 'adam'): MemoryEstimate {
  const inference = inferGraph(graph);
  const params = inference.totals.trainable + inference.totals.nonTrainable;
  const weightsBytes = 2 * params * FLOAT;
  const optimizerBytes = (optimizer === 'sgd' ? 1 : 2) * inference.totals.trainable * FLOAT;
  let perImage = 0;
  if (inference.errors.length === 0) {
    const shapes = new Map<string, Shape>();
    for (const node of expandGraph(graph).nodes) {
      const { shape } = evaluateNode(node.kind, node.params, node.inputs.map((id) => shapes.get(id)!), node.id);
      shapes.set(node.id, shape);
      perImage += shapeSize(shape);
    }
  }
  const activationsBytes = 2 * perImage * batchSize * FLOAT;
  return { weightsBytes, optimizerBytes, activationsBytes, totalBytes: weightsBytes + optimizerBytes + activationsBytes };
}

/** A warning when the estimate will not fit in `availableBytes`, with the batch size that would. */
export function memoryWarning(estimate: MemoryEstimate, batchSize: number, availableBytes: number): string | null {
  if (estimate.totalBytes <= availableBytes) return null;
  const fixed = estimate.weightsBytes + estimate.optimizerBytes;
  const perImage = estimate.activationsBytes / batchSize;
  const fits = perImage > 0 ? Math.floor((availableBytes - fixed) / perImage) : 0;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  return `training needs about ${gib(estimate.totalBytes)} but about ${gib(availableBytes)} is free` +
    (fits >= 1 ? `; a batch size of ${fits} or less should fit` : '; the design is too large for this machine even at batch size 1');
}
