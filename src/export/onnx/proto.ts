import type { onnx as OnnxTypes } from 'onnx-proto';
// onnx-proto is CommonJS without named exports that Node's ESM loader can see: take its default export.
import onnxProto from 'onnx-proto';

/** onnx-proto's generated protobuf classes (ONNX 1.10 schema). */
export const onnx = onnxProto.onnx;
export type { OnnxTypes };

/** An attribute value: a whole number, a float, a list of whole numbers, or a string. */
export type AttributeValue = number | readonly number[] | string | { float: number };

/** One attribute of a node; numbers are INT, `{ float }` is FLOAT, arrays are INTS. */
export function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: [...value] };
  return { name, type: AttributeType.FLOAT, f: (value as { float: number }).float };
}

/** A float32 initializer; the values go little-endian into `raw_data`. */
export function floatTensor(name: string, dims: readonly number[], values: Float32Array): OnnxTypes.ITensorProto {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return { name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes };
}

/** An int64 initializer (shapes and pads for operators that take them as inputs). */
export function int64Tensor(name: string, values: readonly number[]): OnnxTypes.ITensorProto {
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: [...values] };
}

/** A float tensor's name and type; string dimensions are symbolic (`N`, the batch). */
export function floatValueInfo(name: string, dims: readonly (number | string)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}
