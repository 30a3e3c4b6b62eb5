import type * as tfjs from '@tensorflow/tfjs';
import type { Shape } from '../shapeMath/shape';
import type { ParamValue } from '../graph/types';
import type { ParamSpecs, ParamValues } from './params';
import type { CompositeTorchSide, PrimitiveTorchSide } from './torchSide';

export type LayerCategory =
  | 'Input/Output'
  | 'Convolution'
  | 'Pooling'
  | 'Blocks'
  | 'Merge'
  | 'Core'
  | 'Normalization/Activation';

/** A problem with one field of one node; `field` is a parameter name or `input`. */
export class ShapeError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export interface Counts {
  trainable: number;
  nonTrainable: number;
  /** Multiply-accumulates for one image. */
  macs: number;
}

export const NO_COST: Counts = { trainable: 0, nonTrainable: 0, macs: 0 };

/** A convolution window as TF.js sees it; its input is already padded. */
interface ConvWindowOptions {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: 'same' | 'valid';
  useBias: boolean;
  seed: number;
}

/** A grouped convolution as TF.js sees it (tfjs-layers has no `groups`). */
export interface GroupedConvOptions extends ConvWindowOptions {
  filters: number;
  /** More than 1; divides the input and output channels. Equal to the input channels: depthwise. */
  groups: number;
}

/** A depthwise convolution as TF.js sees it. */
export interface DepthwiseConvOptions extends ConvWindowOptions {
  depthMultiplier: number;
}

/** What the TF.js compiler hands a layer's `build`; layers never import tfjs themselves. */
export interface BuildContext {
  tf: typeof tfjs;
  /** The layer name for this node (`part` omitted) or for one of its parts, derived from the node id. */
  name(part?: string): string;
  /** A seed for this node's random initialisation or dropout, derived from the run's seed and the node id. */
  seed(part?: string): number;
  /** Pooling with PyTorch semantics: explicit padding that never wins a max, ceil mode, PyTorch's average divisor. */
  pool(
    x: tfjs.SymbolicTensor,
    options: { mode: 'max' | 'avg'; kernel: number; stride: number; padding: number; ceilMode: boolean; countIncludePad: boolean },
    name: string,
  ): tfjs.SymbolicTensor;
  /**
   * A grouped convolution whose weights are `<name>/kernel` ([kh, kw, in/groups, filters], PyTorch's
   * [filters, in/groups, kh, kw] in TF.js's axis order) and `<name>/bias`, whichever layers compute it.
   */
  groupedConv(x: tfjs.SymbolicTensor, options: GroupedConvOptions, name: string): tfjs.SymbolicTensor;
  /** A depthwise convolution whose weights are `<name>/depthwise_kernel` ([kh, kw, C, m]) and `<name>/bias`, dilated or not. */
  depthwiseConv(x: tfjs.SymbolicTensor, options: DepthwiseConvOptions, name: string): tfjs.SymbolicTensor;
}

/** A node of a composite layer's expansion; `inputs` name sibling ids, or `$in` for the composite's own input. */
export interface SubNode {
  id: string;
  kind: string;
  params: Record<string, ParamValue>;
  inputs: string[];
  /**
   * Where this part lives inside the block's PyTorch module, as a dotted path (`branch3x3.0`), or ''
   * for a part with no module of its own (a Concat computed in the block's `forward`).
   */
  torchPath: string;
}

interface LayerBase<S extends ParamSpecs> {
  kind: string;
  title: string;
  category: LayerCategory;
  /** One sentence for the palette tooltip. */
  description: string;
  params: S;
  /** How many inputs the node takes; Concat and Add take several, in slot order. */
  inputs: { min: number; max: number };
  /** The key params in a few characters, shown on the node. */
  summary(p: ParamValues<S>): string;
}

export interface PrimitiveLayer<S extends ParamSpecs = ParamSpecs> extends LayerBase<S> {
  composite?: undefined;
  /** Output shape for the given input shapes; throws `ShapeError` naming the field at fault. */
  inferShape(inputs: readonly Shape[], p: ParamValues<S>): Shape;
  counts(inputs: readonly Shape[], p: ParamValues<S>, output: Shape): Counts;
  build(ctx: BuildContext, inputs: tfjs.SymbolicTensor[], p: ParamValues<S>): tfjs.SymbolicTensor;
  /** The PyTorch side: a module and its weights, an inline expression, or the forward's input. */
  torch: PrimitiveTorchSide<S>;
}

/** A block made of other layers: its shape, counts and compiled form all come from its expansion. */
export interface CompositeLayer<S extends ParamSpecs = ParamSpecs> extends LayerBase<S> {
  composite: true;
  /** Checks that need only the params, before expanding; throws `ShapeError`. */
  check?(inputs: readonly Shape[], p: ParamValues<S>): void;
  /** The sub-nodes, ids prefixed with `${id}_`; the last one is the block's output. */
  expand(id: string, p: ParamValues<S>): SubNode[];
  /** The PyTorch module that holds every part of the expansion, at each part's `torchPath`. */
  torch: CompositeTorchSide<S>;
}

export type LayerDef<S extends ParamSpecs = ParamSpecs> = PrimitiveLayer<S> | CompositeLayer<S>;

/**
 * Declares a layer once; the palette, inspector, inference, compiler and code generators read it. The
 * declaration keeps its own parameter types; `LayerDef` (any kind, as the catalog lists them) takes the
 * resolved record of a design's node.
 */
export function defineLayer<S extends ParamSpecs>(def: PrimitiveLayer<S>): PrimitiveLayer<S>;
export function defineLayer<S extends ParamSpecs>(def: CompositeLayer<S>): CompositeLayer<S>;
export function defineLayer<S extends ParamSpecs>(def: LayerDef<S>): LayerDef<S> {
  return def;
}

export function requireSpatial(input: Shape, what = 'a C×H×W feature map'): [number, number, number] {
  if (input.length !== 3) {
    throw new ShapeError('input', `expects ${what}, got flat features of size ${input.join('×')}`);
  }
  return [input[0], input[1], input[2]];
}

export function requireFlat(input: Shape): number {
  if (input.length !== 1) {
    throw new ShapeError(
      'input',
      `expects flat features, got a ${input.join('×')} feature map; add a Flatten or GlobalAvgPool before it`,
    );
  }
  return input[0];
}
