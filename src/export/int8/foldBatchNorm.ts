import type { OnnxTypes } from '../onnx/proto';
import { dimsOf, floatTensor, readFloats } from './tensors';

/**
 * Folds each BatchNormalization that is the only reader of a Conv's output into that Conv's weight
 * and bias (w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β), so one int8 kernel carries both; the
 * folded graph computes the same function in float. Returns a new graph; the input is not changed.
 */
export function foldBatchNorms(graph: OnnxTypes.IGraphProto): OnnxTypes.IGraphProto {
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name!, t]));
  const nodes = graph.node ?? [];
  const readers = new Map<string, number>();
  for (const node of nodes) for (const input of node.input ?? []) readers.set(input, (readers.get(input) ?? 0) + 1);
  const producer = new Map(nodes.map((n) => [n.output![0], n]));

  const folded = new Map<OnnxTypes.INodeProto, OnnxTypes.INodeProto>();
  const dropped = new Set<OnnxTypes.INodeProto>();
  const retired = new Set<string>();
  for (const bn of nodes) {
    if (bn.opType !== 'BatchNormalization') continue;
    const conv = producer.get(bn.input![0]);
    if (!conv || conv.opType !== 'Conv' || readers.get(conv.output![0]) !== 1 || folded.has(conv)) continue;
    const [gamma, beta, mean, variance] = bn.input!.slice(1).map((name) => initializers.get(name));
    const weight = initializers.get(conv.input![1]);
    if (!gamma || !beta || !mean || !variance || !weight) continue;
    const eps = bn.attribute?.find((a) => a.name === 'epsilon')?.f ?? 1e-5;
    const g = readFloats(gamma), bt = readFloats(beta), mu = readFloats(mean), v = readFloats(variance);
    const w = readFloats(weight);
    const channels = g.length;
    const bias = conv.input![2] ? readFloats(initializers.get(conv.input![2])!) : new Float32Array(channels);
    const factor = new Float32Array(channels);
    const newBias = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      factor[c] = g[c] / Math.sqrt(v[c] + eps);
      newBias[c] = (bias[c] - mu[c]) * factor[c] + bt[c];
    }
    // Plain loops: `Float32Array.from` with a callback boxes every value (seconds on inception-v3's kernels).
    const per = w.length / channels;
    const newWeight = new Float32Array(w.length);
    for (let c = 0; c < channels; c++) for (let i = c * per; i < (c + 1) * per; i++) newWeight[i] = w[i] * factor[c];
    const weightName = `${conv.name}.folded_weight`;
    const biasName = `${conv.name}.folded_bias`;
    initializers.set(weightName, floatTensor(weightName, dimsOf(weight), newWeight));
    initializers.set(biasName, floatTensor(biasName, [channels], newBias));
    for (const name of [...bn.input!.slice(1), ...conv.input!.slice(1)]) retired.add(name);
    // The Conv takes over the BatchNorm's output name, so its readers need no change.
    folded.set(conv, { ...conv, input: [conv.input![0], weightName, biasName], output: [bn.output![0]] });
    dropped.add(bn);
  }
  const stillRead = new Set<string>();
  const newNodes = nodes.filter((n) => !dropped.has(n)).map((n) => folded.get(n) ?? n);
  for (const node of newNodes) for (const input of node.input ?? []) stillRead.add(input);
  const kept = [...initializers.values()].filter((t) => !retired.has(t.name!) || stillRead.has(t.name!));
  return { ...graph, node: newNodes, initializer: kept };
}
