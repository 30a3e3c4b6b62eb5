import { formatGraphError } from '../contract/graphErrors';
import type { GraphDoc } from '../graph/types';
import { getLayer } from '../layers/catalog';
import { formatShape } from '../shapeMath/shape';
import { expandGraph } from '../shapes/expand';
import { inferGraph } from '../shapes/infer';
import type { OnnxProblem } from './onnx/errors';

/** What one file format needs of a design: its name as said in a sentence, its weight limit, its operators. */
export interface FileFormatLimits {
  /** "an ONNX export", "a TFLite export". */
  export: string;
  /** "ONNX", "TFLite". */
  format: string;
  maxWeightBytes: number;
  hasOperator(kind: string): boolean;
}

/** What keeps a design from a file format: graph errors, a feature-map output, too many weights, kinds without an operator. */
export function designProblems(graph: GraphDoc, limits: FileFormatLimits): OnnxProblem[] {
  const inference = inferGraph(graph);
  const problems: OnnxProblem[] = inference.errors.map((e) => ({ nodeId: e.nodeId, message: formatGraphError({ ...e, nodeId: null }) }));
  if (problems.length) return problems;
  if (inference.output && inference.output.length !== 1) {
    problems.push({
      nodeId: inference.outputNodeId,
      message: `the design's output is a ${formatShape(inference.output)} feature map, but ${limits.export} gives class probabilities: end the design in flat features (Flatten or GlobalAvgPool, then Dense)`,
    });
  }
  const bytes = 4 * (inference.totals.trainable + inference.totals.nonTrainable);
  if (bytes > limits.maxWeightBytes) {
    const sizeOf = (id: string) => { const c = inference.nodes.get(id)!.counts; return c.trainable + c.nonTrainable; };
    const largest = [...inference.order].sort((a, b) => sizeOf(b) - sizeOf(a))[0];
    problems.push({
      nodeId: largest,
      message: `the weights take ${(bytes / 1e9).toFixed(1)} GB (this node ${(4 * sizeOf(largest) / 1e9).toFixed(1)} GB), but one ${limits.format} file holds at most 2 GB; make the largest layers smaller`,
    });
  }
  for (const node of expandGraph(graph).nodes) {
    if (node.kind !== 'Input' && !limits.hasOperator(node.kind)) {
      const part = node.id === node.origin ? '' : ` (part ${node.id})`;
      problems.push({ nodeId: node.origin, message: `${getLayer(node.kind)?.title ?? node.kind}${part} has no ${limits.format} operator mapping` });
    }
  }
  return problems;
}
