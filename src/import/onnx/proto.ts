import type { onnx as OnnxTypes } from 'onnx-proto';
// onnx-proto is CommonJS without named exports that Node's ESM loader can see: take its default export.
import onnxProto from 'onnx-proto';

/** onnx-proto's generated protobuf classes (ONNX 1.10 schema). */
export const onnx = onnxProto.onnx;
export type { OnnxTypes };

/** A protobuf int64 (number or Long) as a JS number; beyond 2^53 it is refused by the callers' bounds. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
