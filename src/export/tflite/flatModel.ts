import type { TensorTypeValue } from './schema';

/** Per-tensor or per-axis affine quantisation: real = scale · (q − zeroPoint). */
export interface TfliteQuantization {
  scale: number[];
  zeroPoint: number[];
  /** The axis the scales run along (per-channel weights). */
  dimension?: number;
}

export interface TfliteTensor {
  name: string;
  shape: number[];
  type: TensorTypeValue;
  /** Index into the model's buffers; 0 (the empty buffer) for activations. */
  buffer: number;
  quantization?: TfliteQuantization;
}

/** One field of a builtin options table: its slot and a value of the field's type. */
export type OptionField =
  | { slot: number; int32: number }
  | { slot: number; byte: number }
  | { slot: number; bool: boolean }
  | { slot: number; float32: number }
  | { slot: number; int32s: number[] };

/** A builtin options table: its member of the BuiltinOptions union and its fields. */
export interface TfliteOptions { union: number; fields: OptionField[] }

export interface TfliteOperator {
  /** A BuiltinOperator value. */
  op: number;
  inputs: number[];
  outputs: number[];
  options?: TfliteOptions;
  /** Operator version (kernels registered for int8 need 2 or more for some ops). */
  version?: number;
}

/** One subgraph model, before encoding. */
export interface TfliteModel {
  description: string;
  tensors: TfliteTensor[];
  /** Constant data by buffer index; index 0 is the empty sentinel buffer. */
  buffers: Uint8Array[];
  operators: TfliteOperator[];
  inputs: number[];
  outputs: number[];
  /** Named metadata entries (each stored as a buffer of UTF-8 text). */
  metadata: Record<string, string>;
}
