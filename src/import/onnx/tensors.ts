import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { ImportError } from '../errors';
import { ONNX_LIMITS } from './limits';
import { onnx, toNumber, type OnnxTypes } from './proto';

/** A constant tensor: float values for weights, integer values for shapes and indices. */
export interface ConstTensor {
  dims: number[];
  /** Float32 data (FLOAT, DOUBLE); null for integer tensors. */
  float: Float32Array | null;
  /** Integer data (INT64, INT32); null for float tensors. */
  ints: number[] | null;
}

const { DataType } = onnx.TensorProto;

/** The element count of checked dims; throws for negative, non-integer or too many elements. */
export function checkedSize(dims: readonly number[], where: string): number {
  if (dims.length > ONNX_LIMITS.maxDims) throw new ImportError(`${where}: ${dims.length} dimensions; at most ${ONNX_LIMITS.maxDims} are accepted`);
  let size = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new ImportError(`${where}: dimension ${d} is not a whole number ≥ 0`);
    size *= d;
    if (size > ONNX_LIMITS.maxTensorElements) {
      throw new ImportError(`${where}: ${dims.join('×')} is more than ${ONNX_LIMITS.maxTensorElements} elements`);
    }
  }
  return size;
}

/** Reads external data, only from a file inside the model's folder, only the bytes it needs. */
function externalBytes(t: OnnxTypes.ITensorProto, modelDir: string, byteLength: number, where: string): Uint8Array {
  const entries = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new ImportError(`${where}: external data without a location`);
  const file = path.resolve(modelDir, location);
  const relative = path.relative(modelDir, file);
  if (path.isAbsolute(location) || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ImportError(`${where}: external data "${location}" is outside the model's folder ${modelDir}; refused`);
  }
  const offset = Number(entries.get('offset') ?? 0);
  const length = Number(entries.get('length') ?? byteLength);
  if (!Number.isSafeInteger(offset) || offset < 0 || length !== byteLength) {
    throw new ImportError(`${where}: external data offset ${entries.get('offset')} / length ${entries.get('length')} do not match its ${byteLength} bytes`);
  }
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new ImportError(`${where}: cannot open external data ${file}: ${(error as Error).message}`);
  }
  try {
    if (!fstatSync(fd).isFile() || fstatSync(fd).size < offset + byteLength) {
      throw new ImportError(`${where}: external data ${file} is shorter than offset ${offset} + ${byteLength} bytes`);
    }
    const bytes = new Uint8Array(byteLength);
    readSync(fd, bytes, 0, byteLength, offset);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function elementBytes(dataType: number): number {
  switch (dataType) {
    case DataType.FLOAT:
    case DataType.INT32:
      return 4;
    case DataType.DOUBLE:
    case DataType.INT64:
      return 8;
    default:
      return 0;
  }
}

/** Decodes an initializer or Constant value; checks sizes against the data before allocating. */
export function readTensor(t: OnnxTypes.ITensorProto, modelDir: string, where: string): ConstTensor {
  const dims = (t.dims ?? []).map(toNumber);
  const size = checkedSize(dims, where);
  const dataType = t.dataType ?? 0;
  const width = elementBytes(dataType);
  if (!width) {
    const name = DataType[dataType] ?? String(dataType);
    throw new ImportError(`${where}: tensors of type ${name} are not supported (expected FLOAT, DOUBLE, INT64 or INT32)`);
  }
  let raw: Uint8Array | null = null;
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) raw = externalBytes(t, modelDir, size * width, where);
  else if (t.rawData && t.rawData.length > 0) raw = t.rawData;
  if (raw) {
    if (raw.length !== size * width) throw new ImportError(`${where}: ${dims.join('×')} needs ${size * width} bytes; the file holds ${raw.length}`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (dataType === DataType.FLOAT || dataType === DataType.DOUBLE) {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
      return { dims, float: out, ints: null };
    }
    const ints: number[] = [];
    for (let i = 0; i < size; i++) ints.push(width === 4 ? view.getInt32(i * 4, true) : Number(view.getBigInt64(i * 8, true)));
    return { dims, float: null, ints };
  }
  const values: (number | { toNumber(): number })[] =
    dataType === DataType.FLOAT ? t.floatData ?? [] : dataType === DataType.DOUBLE ? t.doubleData ?? [] : dataType === DataType.INT32 ? t.int32Data ?? [] : t.int64Data ?? [];
  if (values.length !== size) throw new ImportError(`${where}: ${dims.join('×')} needs ${size} values; the file holds ${values.length}`);
  if (dataType === DataType.FLOAT || dataType === DataType.DOUBLE) return { dims, float: Float32Array.from(values, toNumber), ints: null };
  return { dims, float: null, ints: values.map(toNumber) };
}
