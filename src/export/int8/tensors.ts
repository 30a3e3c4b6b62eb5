import { floatTensor, onnx, type OnnxTypes } from '../onnx/proto';

const { DataType } = onnx.TensorProto;

/** A float32 initializer's values, whether stored in `raw_data` (little-endian) or `float_data`. */
export function readFloats(tensor: OnnxTypes.ITensorProto): Float32Array {
  if (tensor.dataType !== DataType.FLOAT) throw new Error(`initializer ${tensor.name}: expected FLOAT, found data type ${tensor.dataType}`);
  if (tensor.rawData && tensor.rawData.length) {
    const view = new DataView(tensor.rawData.buffer, tensor.rawData.byteOffset, tensor.rawData.byteLength);
    // A plain loop: `Float32Array.from` with a callback boxes every value (seconds on inception-v3's weights).
    const values = new Float32Array(tensor.rawData.length / 4);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
    return values;
  }
  return Float32Array.from(tensor.floatData ?? []);
}

export const dimsOf = (tensor: OnnxTypes.ITensorProto): number[] => (tensor.dims ?? []).map(Number);

function rawTensor(name: string, dims: readonly number[], dataType: number, bytes: Uint8Array): OnnxTypes.ITensorProto {
  return { name, dims: [...dims], dataType, rawData: bytes };
}

export const int8Tensor = (name: string, dims: readonly number[], values: Int8Array): OnnxTypes.ITensorProto =>
  rawTensor(name, dims, DataType.INT8, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));

export const uint8Tensor = (name: string, dims: readonly number[], values: Uint8Array): OnnxTypes.ITensorProto => rawTensor(name, dims, DataType.UINT8, values);

export function int32Tensor(name: string, dims: readonly number[], values: Int32Array): OnnxTypes.ITensorProto {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i], true);
  return rawTensor(name, dims, DataType.INT32, bytes);
}

export { floatTensor };
