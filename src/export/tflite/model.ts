import pkg from '../../../package.json';
import type { GraphDoc } from '../../graph/types';
import { expandGraph } from '../../shapes/expand';
import { evaluateNode, inferGraph } from '../../shapes/infer';
import type { Shape } from '../../shapeMath/shape';
import { designProblems } from '../designProblems';
import type { OnnxProblem } from '../onnx/errors';
import type { DesignWeights } from '../onnx/weights';
import { TfliteGraphBuilder, type TensorRef } from './builder';
import { TfliteExportError } from './errors';
import type { TfliteModel } from './flatModel';
import { nhwcShape } from './layout';
import { OPERATORS } from './operators';
import { softmax } from './primitives';

/** The graph's input and output tensor names (and signature names). */
export const TFLITE_INPUT = 'input';
export const TFLITE_OUTPUT = 'probabilities';

/** FlatBuffers address 2 GiB at most; leave room for the graph. */
const MAX_WEIGHT_BYTES = 2 ** 31 - 2 ** 24;

function problemsOf(graph: GraphDoc): OnnxProblem[] {
  return designProblems(graph, { export: 'a TFLite export', format: 'TFLite', maxWeightBytes: MAX_WEIGHT_BYTES, hasOperator: (kind) => Boolean(OPERATORS[kind]) });
}

/** Throws a TfliteExportError listing what keeps a design from TFLite. */
export function assertTfliteExportable(graph: GraphDoc): void {
  const problems = problemsOf(graph);
  if (problems.length) throw new TfliteExportError(problems);
}

/**
 * The float32 TFLite graph of a design with its weights, before encoding: input `input` (1×H×W×C,
 * NHWC, batch 1), output `probabilities` (1×K; a SOFTMAX is appended when the design ends in class scores).
 * @throws TfliteExportError naming every node that cannot be written.
 */
export function buildTfliteGraph(graph: GraphDoc, weights: DesignWeights, metadata: Record<string, string> = {}): TfliteModel {
  assertTfliteExportable(graph);
  const inference = inferGraph(graph);
  const { nodes, outputOf } = expandGraph(graph);
  const b = new TfliteGraphBuilder();
  const tensors = new Map<string, TensorRef>();
  const shapes = new Map<string, Shape>();
  const last = outputOf.get(inference.outputNodeId!)!;
  let input: TensorRef | null = null;
  let logits: TensorRef | null = null;
  for (const node of nodes) {
    const inputShapes = node.inputs.map((id) => shapes.get(id)!);
    const shape = evaluateNode(node.kind, node.params, inputShapes, node.id).shape;
    shapes.set(node.id, shape);
    if (node.kind === 'Input') {
      input = b.activation(TFLITE_INPUT, nhwcShape(shape));
      tensors.set(node.id, input);
      continue;
    }
    const inputs = node.inputs.map((id) => tensors.get(id)!);
    if (node.id === last && node.kind === 'Output') {
      logits = inputs[0];
      continue;
    }
    const weight = (role: string) => {
      const found = weights.get(`${node.id}/${role}`);
      if (!found) throw new TfliteExportError([{ nodeId: node.origin, message: `the weights have no ${node.id}/${role}` }]);
      return found;
    };
    logits = OPERATORS[node.kind]({ b, node, inputs, shape: nhwcShape(shape), weight });
    tensors.set(node.id, logits);
  }
  const output = softmax(b, logits!, TFLITE_OUTPUT);
  const description = `${graph.name} (${pkg.name} ${pkg.version}): input 1×H×W×C floats normalised as in the preprocessing metadata; output class probabilities.`;
  return b.model([input!], [output], description, metadata);
}
