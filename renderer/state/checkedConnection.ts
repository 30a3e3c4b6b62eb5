import { connect, type OpResult } from '../../src/graph/ops';
import { incomingEdges } from '../../src/graph/topo';
import type { GraphDoc } from '../../src/graph/types';
import { getLayer } from '../../src/layers/catalog';
import { ShapeError } from '../../src/layers/define';
import { evaluateNode, type GraphInference } from '../../src/shapes/infer';
import { formatShape, type Shape } from '../../src/shapeMath/shape';

/**
 * Connects source → target as a user's drag asks, or says why not: a cycle, a node that takes no
 * input or no more inputs, or a tensor the target cannot take (Dense after a feature map).
 * A single-input target that is already fed is rewired to the new source. Errors in the target's
 * own params (a kernel too large) do not refuse the edge: they show on the node, to be fixed there.
 * @param inference the current design's inference, for the shapes flowing out of each node
 */
export function connectChecked(graph: GraphDoc, inference: GraphInference | null, source: string, target: string): OpResult {
  const node = graph.nodes.find((n) => n.id === target);
  const layer = node && getLayer(node.kind);
  if (!node || !layer) return connect(graph, source, target);
  if (layer.inputs.max === 0) return { ok: false, reason: `${target} is an ${layer.title} node: it takes no input` };
  const into = graph.edges.filter((e) => e.target === target);
  if (into.some((e) => e.source === source)) return { ok: false, reason: `${source} already feeds ${target}` };
  if (layer.inputs.max > 1 && into.length >= layer.inputs.max) {
    return { ok: false, reason: `${target} takes at most ${layer.inputs.max} inputs` };
  }
  const result = connect(graph, source, target, layer.inputs.max === 1 ? 0 : undefined);
  if (!result.ok) return result;

  const shapes = (incomingEdges(result.graph).get(target) ?? []).map((e) => inference?.nodes.get(e.source)?.shape ?? null);
  if (shapes.some((s) => s === null)) return result;
  try {
    evaluateNode(node.kind, node.params, shapes as Shape[], target);
  } catch (error) {
    if (error instanceof ShapeError && error.field.startsWith('input')) {
      const given = inference?.nodes.get(source)?.shape;
      return { ok: false, reason: `${target} (${layer.title}) cannot take ${source}'s ${given ? formatShape(given) : ''} output: ${error.message}` };
    }
  }
  return result;
}
