import pkg from '../../../package.json';
import type { GraphDoc } from '../../graph/types';
import { expandGraph } from '../../shapes/expand';
import { evaluateNode, inferGraph } from '../../shapes/infer';
import type { Shape } from '../../shapeMath/shape';
import { designProblems } from '../designProblems';
import { OnnxGraphBuilder } from './builder';
import { OnnxExportError, type OnnxProblem } from './errors';
import { GRAPH_INPUT, OPERATORS } from './operators';
import { floatValueInfo, onnx, type OnnxTypes } from './proto';
import type { DesignWeights } from './weights';

/** The opset written; 13 is read by every maintained runtime (onnxruntime 1.6+, onnxruntime-web). */
export const ONNX_OPSET = 13;
/** The IR version that goes with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;
/** The graph output's name: N×K class probabilities. */
export const GRAPH_OUTPUT = 'probabilities';
export const PRODUCER_NAME = 'Inception Studio';
/** Protobuf messages stop at 2 GiB; leave room for the graph itself. */
const MAX_WEIGHT_BYTES = 2 ** 31 - 2 ** 24;

export interface OnnxModelOptions {
  /** `metadata_props` of the model, e.g. `labels` and `preprocessing` (JSON text). */
  metadata?: Record<string, string>;
  docString?: string;
}

/** Throws an OnnxExportError listing everything that keeps a design from being written as ONNX. */
export function assertOnnxExportable(graph: GraphDoc): void {
  const problems = problemsOf(graph);
  if (problems.length) throw new OnnxExportError(problems);
}

function problemsOf(graph: GraphDoc): OnnxProblem[] {
  return designProblems(graph, { export: 'an ONNX export', format: 'ONNX', maxWeightBytes: MAX_WEIGHT_BYTES, hasOperator: (kind) => Boolean(OPERATORS[kind]) });
}

/** The design node an ONNX node was written for: its primitive kind and the design node's id. */
export interface OnnxNodeSource { kind: string; nodeId: string }

/** A built model before encoding, with the design node behind each ONNX node (by ONNX node name). */
export interface OnnxModelProto {
  model: OnnxTypes.IModelProto;
  sources: ReadonlyMap<string, OnnxNodeSource>;
}

/**
 * Builds an ONNX model (opset 13) of a design with its weights: input `input` (N×C×H×W, dynamic
 * batch), output `probabilities` (N×K; a Softmax is appended when the design ends in class scores).
 * @throws OnnxExportError naming every node that cannot be written.
 */
export function buildOnnxModel(graph: GraphDoc, weights: DesignWeights, options: OnnxModelOptions = {}): Uint8Array {
  return onnx.ModelProto.encode(buildOnnxProto(graph, weights, options).model).finish();
}

/** `buildOnnxModel` without the encoding, for passes that rewrite the model (int8 quantization). */
export function buildOnnxProto(graph: GraphDoc, weights: DesignWeights, options: OnnxModelOptions = {}): OnnxModelProto {
  assertOnnxExportable(graph);
  const inference = inferGraph(graph);
  const { nodes, outputOf } = expandGraph(graph);
  const b = new OnnxGraphBuilder();
  b.reserve(GRAPH_INPUT);
  b.reserve(GRAPH_OUTPUT);

  const sources = new Map<string, OnnxNodeSource>();
  const tensors = new Map<string, string>();
  const shapes = new Map<string, Shape>();
  const last = outputOf.get(inference.outputNodeId!)!;
  let logits = '';
  for (const node of nodes) {
    const inputs = node.inputs.map((id) => tensors.get(id)!);
    const inputShapes = node.inputs.map((id) => shapes.get(id)!);
    shapes.set(node.id, evaluateNode(node.kind, node.params, inputShapes, node.id).shape);
    if (node.id === last && node.kind === 'Output') {
      logits = inputs[0];
      continue;
    }
    const weight = (role: string) => {
      const found = weights.get(`${node.id}/${role}`);
      if (!found) throw new OnnxExportError([{ nodeId: node.origin, message: `the weights have no ${node.id}/${role}` }]);
      return found;
    };
    const first = b.nodes.length;
    tensors.set(node.id, OPERATORS[node.kind]({ b, node, inputs, inputShapes, weight }));
    for (const written of b.nodes.slice(first)) sources.set(written.name!, { kind: node.kind, nodeId: node.origin });
    logits = tensors.get(node.id)!;
  }
  b.nodeWithOutput('Softmax', [logits], GRAPH_OUTPUT, { axis: 1 });
  sources.set(GRAPH_OUTPUT, { kind: 'Output', nodeId: inference.outputNodeId! });

  const inputNode = graph.nodes.find((n) => n.kind === 'Input')!;
  const [channels, height, width] = inference.nodes.get(inputNode.id)!.shape!;
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: PRODUCER_NAME,
    producerVersion: pkg.version,
    docString: options.docString ?? '',
    graph: {
      name: graph.name,
      node: b.nodes,
      initializer: b.initializers,
      input: [floatValueInfo(GRAPH_INPUT, ['N', channels, height, width])],
      output: [floatValueInfo(GRAPH_OUTPUT, ['N', inference.output![0]])],
    },
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return { model, sources };
}
