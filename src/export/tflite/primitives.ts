import type { PrimitiveNode } from '../../shapes/expand';
import type { LayoutTensor } from '../onnx/weights';
import type { TensorRef, TfliteGraphBuilder } from './builder';
import { Activation, Op, Options, Slot } from './schema';

/** What a writer gets for one primitive node: its inputs in NHWC (batch 1) and its output shape. */
export interface OperatorInput {
  b: TfliteGraphBuilder;
  node: PrimitiveNode;
  inputs: TensorRef[];
  /** The node's output shape in NHWC ([1, H, W, C]) or [1, F]. */
  shape: number[];
  /** The node's weight by its TF.js role, in PyTorch's layout; throws when missing. */
  weight(role: string): LayoutTensor;
}

export type OperatorWriter = (x: OperatorInput) => TensorRef;

const noActivation = { slot: 0, byte: Activation.NONE };
const addOptions = { union: Options.Add, fields: [noActivation] };
const mulOptions = { union: Options.Mul, fields: [noActivation] };

export const add = (b: TfliteGraphBuilder, a: TensorRef, c: TensorRef, name: string, shape = a.shape): TensorRef => b.op(Op.ADD, [a, c], name, shape, addOptions);
export const mul = (b: TfliteGraphBuilder, a: TensorRef, c: TensorRef, name: string, shape = a.shape): TensorRef => b.op(Op.MUL, [a, c], name, shape, mulOptions);
export const sub = (b: TfliteGraphBuilder, a: TensorRef, c: TensorRef, name: string): TensorRef => b.op(Op.SUB, [a, c], name, a.shape, { union: Options.Sub, fields: [noActivation] });
export const scalar = (x: OperatorInput, role: string, value: number): TensorRef => x.b.floats(`${x.node.id}.${role}`, [], [value]);

/** Pads H and W with a constant (zero, or `fill` through PADV2); the tensor itself when nothing is padded. */
export function pad(b: TfliteGraphBuilder, input: TensorRef, name: string, before: number[], after: number[], fill?: number): TensorRef {
  if (before.every((p) => p === 0) && after.every((p) => p === 0)) return input;
  const [n, h, w, c] = input.shape;
  const paddings = b.int32s(`${name}.paddings`, [4, 2], [0, 0, before[0], after[0], before[1], after[1], 0, 0]);
  const shape = [n, h + before[0] + after[0], w + before[1] + after[1], c];
  if (fill === undefined) return b.op(Op.PAD, [input, paddings], `${name}_pad`, shape);
  return b.op(Op.PADV2, [input, paddings, b.floats(`${name}.pad_value`, [], [fill])], `${name}_pad`, shape);
}

export function concat(b: TfliteGraphBuilder, inputs: TensorRef[], name: string, shape: number[]): TensorRef {
  if (inputs.length === 1) return inputs[0];
  return b.op(Op.CONCATENATION, inputs, name, shape, { union: Options.Concatenation, fields: [{ slot: Slot.Concatenation.axis, int32: shape.length - 1 }, { slot: Slot.Concatenation.activation, byte: Activation.NONE }] });
}

export function reshape(b: TfliteGraphBuilder, input: TensorRef, name: string, shape: number[]): TensorRef {
  return b.op(Op.RESHAPE, [input, b.int32s(`${name}.shape`, [shape.length], shape)], name, shape, { union: Options.Reshape, fields: [{ slot: Slot.Reshape.newShape, int32s: shape }] });
}

export function transpose(b: TfliteGraphBuilder, input: TensorRef, name: string, perm: number[]): TensorRef {
  return b.op(Op.TRANSPOSE, [input, b.int32s(`${name}.perm`, [perm.length], perm)], name, perm.map((a) => input.shape[a]));
}

/** MEAN over `axes`, keeping them as size 1 or dropping them. */
export function mean(b: TfliteGraphBuilder, input: TensorRef, name: string, axes: number[], keepDims: boolean): TensorRef {
  const shape = keepDims ? input.shape.map((d, a) => (axes.includes(a) ? 1 : d)) : input.shape.filter((_, a) => !axes.includes(a));
  return b.op(Op.MEAN, [input, b.int32s(`${name}.axes`, [axes.length], axes)], name, shape, { union: Options.Reducer, fields: [{ slot: Slot.Reducer.keepDims, bool: keepDims }] });
}

export function softmax(b: TfliteGraphBuilder, input: TensorRef, name: string): TensorRef {
  return b.op(Op.SOFTMAX, [input], name, input.shape, { union: Options.Softmax, fields: [{ slot: Slot.Softmax.beta, float32: 1 }] });
}
