import * as tf from '@tensorflow/tfjs';
import { getLayer } from '../layers/catalog';
import type { BuildContext, PrimitiveLayer } from '../layers/define';
import type { GraphDoc } from '../graph/types';
import { expandGraph } from '../shapes/expand';
import { inferGraph } from '../shapes/infer';
import { TrainingBatchNorm } from './batchNorm';
import { InputConv2D } from './inputConv';
import { GroupedConv2D } from './groupedConv';
import { DilatedDepthwiseConv2D } from './dilatedDepthwise';
import { stockDepthwiseConv, stockGroupedConv, type DerivedWeight } from './stockGroupedConv';
import { stockPool } from './stockPool';
import { TorchPool2D } from './torchPool';
import { formatGraphErrors, type GraphError } from '../contract/graphErrors';

/** TF.js as the layers see it, with BatchNorm's faster training step (same weights, config and results). */
const tfForLayers: typeof tf = {
  ...tf,
  layers: { ...tf.layers, batchNormalization: (args) => new TrainingBatchNorm(args ?? {}) },
};

/** The same, for layers whose input needs no gradient: convolutions that skip computing it. */
const tfForInputLayers: typeof tf = {
  ...tfForLayers,
  layers: { ...tfForLayers.layers, conv2d: (args) => new InputConv2D(args) },
};

/** The layers between `y` and the tensors `from` (exclusive): those one node's build made. */
function layersBetween(y: tf.SymbolicTensor, from: tf.SymbolicTensor[]): Set<tf.layers.Layer> {
  const seen = new Set<tf.SymbolicTensor>(from);
  const layers = new Set<tf.layers.Layer>();
  const stack = [y];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    layers.add(t.sourceLayer as tf.layers.Layer);
    stack.push(...(t.inputs ?? []));
  }
  return layers;
}

/** The design node each layer of a compiled model came from, by layer name. */
const layerOrigins = new WeakMap<tf.LayersModel, Map<string, string>>();

/** The id of the design node a layer of a model `compileGraph` made came from (composite blocks make several). */
export function designNodeOf(model: tf.LayersModel, layerName: string): string | undefined {
  return layerOrigins.get(model)?.get(layerName);
}

/** For a model compiled with `layers: 'stock'`: its weights that are parts of the design's, by weight name. */
const derivedWeights = new WeakMap<tf.LayersModel, Map<string, DerivedWeight>>();

/**
 * Where a stock-layers model's weight comes from when the design has no weight of that name: a part of one
 * (a grouped convolution's group, a depthwise kernel reshaped); undefined for the design's own weights.
 */
export function derivedWeightOf(model: tf.LayersModel, weightName: string): DerivedWeight | undefined {
  return derivedWeights.get(model)?.get(weightName);
}

/** Thrown when a design cannot be compiled; `errors` name node and field. */
export class CompileError extends Error {
  constructor(readonly errors: GraphError[]) {
    super(`the design has ${errors.length} error(s): ${formatGraphErrors(errors)}`);
  }
}

/**
 * Compiles a design into a `tf.LayersModel` (NHWC inside, PyTorch semantics throughout).
 * Layer names are the node ids, and `${id}_part` for the parts of composite blocks and helpers. The layers
 * of a `frozen` node are not trainable (their BatchNorm runs in inference mode in training too).
 */
export function compileGraph(
  graph: Pick<GraphDoc, 'nodes' | 'edges' | 'name'>,
  options: {
    seed?: number;
    /** Output class scores: a final Softmax / Output node is left out (training takes logits). */
    logits?: boolean;
    /**
     * `training` (default): our faster training layers and `TorchPool2D`. `stock`: stock TF.js layers
     * only, for files that plain `tf.loadLayersModel` reads; same weights, same results.
     */
    layers?: 'training' | 'stock';
  } = {},
): tf.LayersModel {
  const runSeed = options.seed ?? 0;
  const stock = options.layers === 'stock';
  const inference = inferGraph(graph);
  if (inference.errors.length) throw new CompileError(inference.errors);
  const { nodes, outputOf } = expandGraph(graph);
  const tensors = new Map<string, tf.SymbolicTensor>();
  let input: tf.SymbolicTensor | null = null;

  // Tensors that depend on some trainable weight, i.e. need a gradient in training.
  const needsGrad = new Set<string>();
  const frozen = new Set(graph.nodes.filter((n) => n.frozen).map((n) => n.id));
  const origins = new Map<string, string>();
  const derived = new Map<string, DerivedWeight>();

  for (const node of nodes) {
    const layer = getLayer(node.kind) as PrimitiveLayer;
    const inputsNeedGrad = node.inputs.some((id) => needsGrad.has(id));
    const ctx: BuildContext = {
      tf: stock ? tf : inputsNeedGrad ? tfForLayers : tfForInputLayers,
      name: (part) => (part ? `${node.id}_${part}` : node.id),
      seed: (part) => hashSeed(runSeed, part ? `${node.id}_${part}` : node.id),
      pool: stock
        ? (x, options, name) => stockPool(tf, x, options, name)
        : (x, options, name) => new TorchPool2D({ ...options, name }).apply(x) as tf.SymbolicTensor,
      groupedConv: stock
        ? (x, options, name) => stockGroupedConv(tf, x, options, name, derived)
        : (x, options, name) => new GroupedConv2D({ ...options, name }).apply(x) as tf.SymbolicTensor,
      depthwiseConv: stock
        ? (x, options, name) => stockDepthwiseConv(tf, x, options, name, derived)
        : (x, o, name) => {
          const args = {
            kernelSize: o.kernel, strides: o.stride, dilationRate: o.dilation, padding: o.padding, depthMultiplier: o.depthMultiplier,
            useBias: o.useBias, depthwiseInitializer: tf.initializers.glorotUniform({ seed: o.seed }), name,
          };
          const dilated = o.dilation[0] !== 1 || o.dilation[1] !== 1;
          return (dilated ? new DilatedDepthwiseConv2D(args) : tf.layers.depthwiseConv2d(args)).apply(x) as tf.SymbolicTensor;
        },
    };
    const inputs = node.inputs.map((id) => tensors.get(id)!);
    const y = layer.build(ctx, inputs, node.params);
    const built = node.kind === 'Input' ? new Set<tf.layers.Layer>() : layersBetween(y, inputs);
    for (const l of built) {
      origins.set(l.name, node.origin);
      // Frozen: no gradient, no optimizer state, and BatchNorm keeps its moving statistics (TrainingBatchNorm).
      if (frozen.has(node.origin)) l.trainable = false;
    }
    if (inputsNeedGrad || [...built].some((l) => l.trainableWeights.length > 0)) needsGrad.add(node.id);
    if (node.kind === 'Input') input = y;
    tensors.set(node.id, y);
  }
  const outputNode = graph.nodes.find((n) => n.id === inference.outputNodeId)!;
  const logitsFrom = options.logits && outputNode.kind === 'Output' ? graph.edges.find((e) => e.target === outputNode.id)?.source : undefined;
  const output = tensors.get(outputOf.get(logitsFrom ?? outputNode.id)!)!;
  const model = tf.model({ inputs: input!, outputs: output, name: graph.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model' });
  layerOrigins.set(model, origins);
  derivedWeights.set(model, derived);
  return model;
}

/** A 31-bit seed from a run seed and a layer name (FNV-1a), so initial weights depend on both and nothing else. */
function hashSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2147483647;
}
