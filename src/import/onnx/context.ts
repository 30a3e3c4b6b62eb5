import type { DesignBuilder } from '../design';
import type { Attributes } from './attributes';
import type { ConstTensor } from './tensors';
import type { OnnxTypes } from './proto';

/** A Pad waiting for the pool that reads it: padding of the H and W axes and the fill value. */
export interface PendingPad { top: number; left: number; bottom: number; right: number; fill: number }

/** An ONNX value during mapping: a folded constant, or the output of one of our nodes. */
export type Value =
  | { type: 'const'; tensor: ConstTensor }
  /** `channelsLast`: a Transpose to N×H×W×C of the node's output (ConvNeXt's LayerNorm and Linear layers), shape still C×H×W. */
  /** `shuffle`: the node's output viewed as [N, g, C/g, H, W] (`swapped`: then [N, C/g, g, H, W]), half of a ChannelShuffle. */
  | { type: 'node'; id: string; shape: number[]; channelsLast?: boolean; shuffle?: { groups: number; swapped: boolean } }
  /** A Pad of a node's output, mapped only as the padding of the pool that reads it. */
  | { type: 'padded'; id: string; shape: number[]; pad: PendingPad };

/** Why one ONNX node cannot be mapped; collected, then reported together. */
export class Refusal extends Error {}

/** What an operator handler sees of its node. */
export interface OpContext {
  node: OnnxTypes.INodeProto;
  attrs: Attributes;
  design: DesignBuilder;
  /** The model file's folder (external data is read only from inside it). */
  modelDir: string;
  /** The input in slot `i`, or null when the slot is empty or absent. */
  input(i: number): Value | null;
  /** The input in slot `i`, which must come from one of our nodes. */
  nodeInput(i: number): { id: string; shape: number[] };
  /** The input in slot `i` from one of our nodes, possibly permuted channels-last. */
  anyLayoutInput(i: number): { id: string; shape: number[]; channelsLast: boolean };
  /** The input in slot `i`, which must be a constant (initializer, Constant node or folded chain). */
  constInput(i: number): ConstTensor;
  /** The initializer name of input `i` when it is one (`layer1.0.conv1.weight`), for readable node ids. */
  inputName(i: number): string;
  setOutput(i: number, value: Value): void;
  /** How many nodes read output `i`, plus one if it is a graph output. */
  readersOf(i: number): number;
  /** The op types of the nodes that read output `i` (a graph output adds none). */
  readerOps(i: number): string[];
}

/** One operator's mapping: adds nodes to the design and sets the node's outputs, or throws `Refusal`. */
export type OpHandler = (ctx: OpContext) => void;
