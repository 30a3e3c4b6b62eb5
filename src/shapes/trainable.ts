import type { GraphDoc } from '../graph/types';
import type { GraphInference } from './infer';

/** Parameters fine-tuning will train (nodes not frozen) and those frozen nodes keep as they are. */
export function trainableSplit(graph: Pick<GraphDoc, 'nodes'>, inference: Pick<GraphInference, 'nodes'>): { trainable: number; frozen: number } {
  let trainable = 0;
  let frozen = 0;
  for (const node of graph.nodes) {
    const count = inference.nodes.get(node.id)?.counts.trainable ?? 0;
    if (node.frozen) frozen += count;
    else trainable += count;
  }
  return { trainable, frozen };
}
