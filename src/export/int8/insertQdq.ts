import { attribute, type OnnxTypes } from '../onnx/proto';
import type { OnnxNodeSource } from '../onnx/model';
import { activationParams, quantizeBias, quantizePerChannel, type ActivationParams } from './quantMath';
import { dimsOf, floatTensor, int32Tensor, int8Tensor, readFloats, uint8Tensor } from './tensors';

/** A tensor's calibrated range over the calibration images. */
export interface TensorRange { min: number; max: number }

/** Primitive node kinds whose ONNX operators this quantizer knows; a node of any other kind stays float32. */
export const QUANTIZABLE_KINDS: ReadonlySet<string> = new Set([
  'Input', 'Conv2D', 'DepthwiseConv2D', 'BatchNorm', 'ReLU', 'ReLU6', 'Sigmoid', 'MaxPool', 'AvgPool', 'GlobalAvgPool',
  'Concat', 'Add', 'Flatten', 'Dense', 'Dropout', 'Output',
]);

/** Operators whose output holds values of their first input only: they reuse its quantization, so runtimes can drop the pair. */
const SAME_RANGE_OPS = new Set(['MaxPool', 'Pad', 'Flatten', 'Reshape']);
/** Activations whose input range is taken after them (a Conv → Relu pair is quantized once, after the Relu). */
const FUSED_ACTIVATIONS = new Set(['Relu', 'Clip']);
/** Operators with an int8 weight (input 1, one scale per output channel) and a bias (input 2). */
const WEIGHTED_OPS = new Set(['Conv', 'Gemm']);

export interface QdqOptions {
  /** Calibrated ranges of the activation tensors, by name. */
  ranges: ReadonlyMap<string, TensorRange>;
  /** The design node behind each ONNX node, by ONNX node name. */
  sources: ReadonlyMap<string, OnnxNodeSource>;
  /** The graph output, left float32 (class probabilities). */
  output: string;
  /** Kinds to quantize; defaults to `QUANTIZABLE_KINDS`. */
  kinds?: ReadonlySet<string>;
}

export interface QdqResult {
  graph: OnnxTypes.IGraphProto;
  /** One line per design node left float32, naming it and its kind. */
  warnings: string[];
  /** How many activation tensors and weights were quantized. */
  activations: number;
  weights: number;
}

/**
 * Rewrites a float graph into ONNX's QDQ form: Conv and Gemm weights become int8 per output channel
 * behind DequantizeLinear, biases int32, and each activation tensor a uint8 QuantizeLinear →
 * DequantizeLinear pair with its calibrated scale. Nodes of a kind outside `kinds` keep float32
 * tensors on every side (no pair around them), and each such design node gets a warning.
 */
export function insertQdq(graph: OnnxTypes.IGraphProto, options: QdqOptions): QdqResult {
  const kinds = options.kinds ?? QUANTIZABLE_KINDS;
  const nodes = graph.node ?? [];
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name!, t]));
  const floatNodes = new Set(nodes.filter((n) => !kinds.has(options.sources.get(n.name!)?.kind ?? '')));
  const warnings = floatWarnings(floatNodes, options.sources);

  const readers = new Map<string, OnnxTypes.INodeProto[]>();
  for (const node of nodes) for (const input of node.input ?? []) if (!initializers.has(input)) readers.set(input, [...(readers.get(input) ?? []), node]);
  const producer = new Map(nodes.map((n) => [n.output![0], n]));

  // Quantization parameters of every tensor that gets a pair, decided in graph order (a shared range needs its input's first).
  const params = new Map<string, ActivationParams>();
  const decide = (tensor: string) => {
    const from = producer.get(tensor);
    const read = readers.get(tensor) ?? [];
    if (tensor === options.output || (from && floatNodes.has(from)) || read.some((r) => floatNodes.has(r))) return;
    if (read.length === 1 && FUSED_ACTIVATIONS.has(read[0].opType!)) return;
    if (from && SAME_RANGE_OPS.has(from.opType!)) {
      const shared = params.get(from.input![0]);
      if (shared) params.set(tensor, shared);
      return;
    }
    const range = options.ranges.get(tensor);
    if (range && Number.isFinite(range.min) && Number.isFinite(range.max)) params.set(tensor, activationParams(range.min, range.max));
  };
  for (const input of graph.input ?? []) decide(input.name!);
  for (const node of nodes) decide(node.output![0]);

  const out: OnnxTypes.INodeProto[] = [];
  const added: OnnxTypes.ITensorProto[] = [];
  const replaced = new Set<string>();
  const dequantized = (tensor: string) => (params.has(tensor) ? `${tensor}_dq` : tensor);
  const pair = (tensor: string) => {
    const p = params.get(tensor);
    if (!p) return;
    const scale = `${tensor}_scale`;
    const zeroPoint = `${tensor}_zero_point`;
    added.push(floatTensor(scale, [], Float32Array.of(p.scale)), uint8Tensor(zeroPoint, [], Uint8Array.of(p.zeroPoint)));
    out.push({ opType: 'QuantizeLinear', name: `${tensor}_quantize`, input: [tensor, scale, zeroPoint], output: [`${tensor}_q`] });
    out.push({ opType: 'DequantizeLinear', name: `${tensor}_dequantize`, input: [`${tensor}_q`, scale, zeroPoint], output: [`${tensor}_dq`] });
  };
  let weights = 0;
  for (const input of graph.input ?? []) pair(input.name!);
  for (const node of nodes) {
    const inputs = (node.input ?? []).map((name) => (floatNodes.has(node) ? name : dequantized(name)));
    if (!floatNodes.has(node) && WEIGHTED_OPS.has(node.opType!) && initializers.has(inputs[1] ?? '')) {
      const weight = initializers.get(inputs[1])!;
      const channels = dimsOf(weight)[0];
      const q = quantizePerChannel(readFloats(weight), channels);
      inputs[1] = dequantizeConstant(out, added, weight.name!, int8Tensor(`${weight.name}_int8`, dimsOf(weight), q.values), q.scales);
      replaced.add(weight.name!);
      weights++;
      const inputParams = params.get(node.input![0]);
      const bias = inputs[2] ? initializers.get(inputs[2]) : undefined;
      if (bias && inputParams) {
        const qb = quantizeBias(readFloats(bias), inputParams.scale, q.scales);
        inputs[2] = dequantizeConstant(out, added, bias.name!, int32Tensor(`${bias.name}_int32`, [channels], qb.values), qb.scales);
        replaced.add(bias.name!);
      }
    }
    out.push({ ...node, input: inputs });
    pair(node.output![0]);
  }
  const kept = [...initializers.values()].filter((t) => !replaced.has(t.name!));
  return { graph: { ...graph, node: out, initializer: [...kept, ...added] }, warnings, activations: params.size, weights };
}

/** Adds a per-channel DequantizeLinear (axis 0) of a quantized constant; returns its float output's name. */
function dequantizeConstant(out: OnnxTypes.INodeProto[], added: OnnxTypes.ITensorProto[], name: string, quantized: OnnxTypes.ITensorProto, scales: Float32Array): string {
  const scale = `${name}_scale`;
  const zeroPoint = `${name}_zero_point`;
  const zeros = quantized.name!.endsWith('_int8') ? int8Tensor(zeroPoint, [scales.length], new Int8Array(scales.length)) : int32Tensor(zeroPoint, [scales.length], new Int32Array(scales.length));
  added.push(quantized, floatTensor(scale, [scales.length], scales), zeros);
  out.push({ opType: 'DequantizeLinear', name: `${name}_dequantize`, input: [quantized.name!, scale, zeroPoint], output: [`${name}_dq`], attribute: [attribute('axis', 0)] });
  return `${name}_dq`;
}

function floatWarnings(floatNodes: ReadonlySet<OnnxTypes.INodeProto>, sources: ReadonlyMap<string, OnnxNodeSource>): string[] {
  const byNode = new Map<string, string>();
  for (const node of floatNodes) {
    const source = sources.get(node.name!);
    const id = source?.nodeId ?? node.name!;
    byNode.set(id, source?.kind ?? node.opType!);
  }
  return [...byNode].map(([id, kind]) => `node ${id} (${kind}) is left float32: the int8 quantizer has no rule for ${kind}`);
}
