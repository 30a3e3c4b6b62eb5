import { readFile } from 'node:fs/promises';
import { atomicWrite } from '../io/atomicWrite';

/**
 * The safetensors format, read and written by hand: 8 bytes little-endian header length, a JSON header
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: { … } }`, then the raw
 * little-endian tensor bytes. It is the interchange format between the engines (PyTorch names and
 * layouts), read by `assets/python/inception_torch/safetensors.py` and by the `safetensors` package.
 */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'U8';

export interface StoredTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** F32 (F16 and BF16 are widened to F32 when read), I64 as BigInt64Array, I32, U8. */
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, U8: 1 };

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Serialises tensors (sorted by name, 8-byte aligned header) into one buffer. */
export function encodeSafetensors(tensors: ReadonlyMap<string, StoredTensor>, metadata?: Record<string, string>): Buffer {
  const header: Record<string, unknown> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const name of [...tensors.keys()].sort()) {
    const t = tensors.get(name)!;
    if (t.dtype === 'F16' || t.dtype === 'BF16') throw new Error(`${name}: writing ${t.dtype} is not supported; use F32`);
    const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (bytes.byteLength !== count(t.shape) * BYTES[t.dtype]) {
      throw new Error(`${name}: ${bytes.byteLength} bytes do not fit shape [${t.shape.join(', ')}] of ${t.dtype}`);
    }
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  if (metadata) header.__metadata__ = metadata;
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([length, Buffer.from(json), ...chunks]);
}

function widen(bytes: Buffer, dtype: 'F16' | 'BF16', n: number): Float32Array {
  const out = new Float32Array(n);
  const view = new DataView(new ArrayBuffer(4));
  for (let i = 0; i < n; i++) {
    const h = bytes.readUInt16LE(i * 2);
    if (dtype === 'BF16') {
      view.setUint32(0, h << 16);
      out[i] = view.getFloat32(0);
    } else {
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      out[i] = exp === 0 ? sign * 2 ** -14 * (frac / 1024) : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * 2 ** (exp - 15) * (1 + frac / 1024);
    }
  }
  return out;
}

/** Parses a safetensors buffer; errors say which tensor and what was expected. */
export function decodeSafetensors(buffer: Buffer, source = 'safetensors data'): { tensors: Map<string, StoredTensor>; metadata: Record<string, string> } {
  if (buffer.byteLength < 8) throw new Error(`${source}: too short for a safetensors file`);
  const length = Number(buffer.readBigUInt64LE(0));
  if (8 + length > buffer.byteLength) throw new Error(`${source}: the header (${length} bytes) runs past the end of the file`);
  type Entry = { dtype: SafetensorsDtype; shape: number[]; data_offsets: [number, number] };
  const { __metadata__: metadata = {}, ...header } = JSON.parse(buffer.subarray(8, 8 + length).toString('utf8')) as Record<string, unknown> & {
    __metadata__?: Record<string, string>;
  };
  const base = 8 + length;
  const tensors = new Map<string, StoredTensor>();
  for (const [name, value] of Object.entries(header)) {
    const info = value as Entry;
    const size = BYTES[info.dtype];
    if (!size) throw new Error(`${source}: tensor ${name} has dtype ${info.dtype}; expected one of ${Object.keys(BYTES).join(', ')}`);
    const [begin, end] = info.data_offsets;
    const n = count(info.shape);
    if (end - begin !== n * size || base + end > buffer.byteLength) {
      throw new Error(`${source}: tensor ${name} has ${end - begin} bytes, expected ${n * size} for shape [${info.shape.join(', ')}]`);
    }
    // Copy into an aligned buffer of its own.
    const bytes = Buffer.from(buffer.subarray(base + begin, base + end));
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const data = info.dtype === 'F32' ? new Float32Array(ab)
      : info.dtype === 'I64' ? new BigInt64Array(ab)
      : info.dtype === 'I32' ? new Int32Array(ab)
      : info.dtype === 'U8' ? new Uint8Array(ab)
      : widen(bytes, info.dtype, n);
    tensors.set(name, { dtype: info.dtype === 'F16' || info.dtype === 'BF16' ? 'F32' : info.dtype, shape: info.shape, data });
  }
  return { tensors, metadata };
}

export async function readSafetensors(file: string): Promise<{ tensors: Map<string, StoredTensor>; metadata: Record<string, string> }> {
  return decodeSafetensors(await readFile(file), file);
}

/** Writes atomically (temp file, then rename). */
export async function writeSafetensors(file: string, tensors: ReadonlyMap<string, StoredTensor>, metadata?: Record<string, string>): Promise<void> {
  await atomicWrite(file, encodeSafetensors(tensors, metadata));
}
