import type { GraphNode } from '../graph/types';
import type { NodeText } from '../graph/layout/nodeSize';
import { getLayer } from '../layers/catalog';
import type { NodeInference } from './infer';
import { formatShape } from '../shapeMath/shape';

/** What the canvas shows on a node, as text: the kind's title, the id, the output shape and trainable parameters. */
export function nodeText(node: Pick<GraphNode, 'id' | 'kind'>, info: NodeInference | undefined): NodeText {
  const trainable = info?.counts.trainable ?? 0;
  return {
    id: node.id,
    title: getLayer(node.kind)?.title ?? node.kind,
    shape: info?.shape ? formatShape(info.shape) : '—',
    params: trainable ? Math.round(trainable).toLocaleString('en-US') : '—',
  };
}
