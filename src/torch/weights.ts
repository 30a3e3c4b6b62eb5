import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TensorMapping } from './codegen';
import type { StoredTensor } from './safetensors';

/** Weights by TF.js name (`conv1_conv/kernel`), in TF.js layouts (HWIO kernels, [in, out] Dense). */
export type TfjsWeights = Map<string, { shape: number[]; data: Float32Array }>;

/** Thrown when weights do not fit a design; the message names the tensor and both shapes. */
export class WeightsError extends Error {}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** [kh, kw, in, out] → [out, in, kh, kw]. */
function hwioToOihw(src: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < cin; i++) {
    const from = ((y * kw + x) * cin + i) * cout;
    for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = src[from + o];
  }
  return out;
}

/** [out, in, kh, kw] → [kh, kw, in, out]. */
function oihwToHwio(src: Float32Array, [cout, cin, kh, kw]: number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
    out[((y * kw + x) * cin + i) * cout + o] = src[((o * cin + i) * kh + y) * kw + x];
  }
  return out;
}

/** A row-major [rows, cols] matrix transposed. */
function transpose(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}

/** The TF.js shape of a tensor whose PyTorch shape the mapping gives. */
export function tfjsShape(m: TensorMapping): number[] {
  const s = m.shape;
  if (m.layout === 'conv') return [s[2], s[3], s[1], s[0]];
  if (m.layout === 'dense') return [s[1], s[0]];
  return [...s];
}

/**
 * TF.js weights → a PyTorch state_dict (names through the node ids, OIHW kernels, [out, in] Dense,
 * BatchNorm gamma/beta/moving_mean/moving_variance → weight/bias/running_mean/running_var, and
 * `num_batches_tracked` = 0, which TF.js does not keep).
 * @throws WeightsError naming a missing tensor or a shape that does not fit.
 */
export function tfjsToTorch(weights: TfjsWeights, mappings: readonly TensorMapping[]): Map<string, StoredTensor> {
  const out = new Map<string, StoredTensor>();
  for (const m of mappings) {
    if (m.layout === 'counter') {
      out.set(m.torch, { dtype: 'I64', shape: [], data: new BigInt64Array(1) });
      continue;
    }
    const w = weights.get(m.tfjs!);
    if (!w) throw new WeightsError(`the TF.js weights have no ${m.tfjs} (for ${m.torch}); were they trained on another design?`);
    const expected = tfjsShape(m);
    if (!sameShape(w.shape, expected)) {
      throw new WeightsError(`${m.tfjs} is ${w.shape.join('×')} in the TF.js weights but the design needs ${expected.join('×')}`);
    }
    const data = m.layout === 'conv' ? hwioToOihw(w.data, w.shape) : m.layout === 'dense' ? transpose(w.data, w.shape[0], w.shape[1]) : Float32Array.from(w.data);
    out.set(m.torch, { dtype: 'F32', shape: [...m.shape], data });
  }
  return out;
}

/**
 * A PyTorch state_dict → TF.js weights (the inverse of `tfjsToTorch`; `num_batches_tracked` is dropped).
 * @throws WeightsError naming a missing tensor or a shape that does not fit.
 */
export function torchToTfjs(tensors: ReadonlyMap<string, StoredTensor>, mappings: readonly TensorMapping[]): TfjsWeights {
  const out: TfjsWeights = new Map();
  for (const m of mappings) {
    if (m.layout === 'counter') continue;
    const t = tensors.get(m.torch);
    if (!t) throw new WeightsError(`the PyTorch weights have no ${m.torch} (for ${m.tfjs}); were they trained on another design?`);
    if (!sameShape(t.shape, m.shape)) {
      throw new WeightsError(`${m.torch} is ${t.shape.join('×')} in the PyTorch weights but the design needs ${m.shape.join('×')}`);
    }
    if (!(t.data instanceof Float32Array)) throw new WeightsError(`${m.torch} is ${t.dtype}; expected F32`);
    const data = m.layout === 'conv' ? oihwToHwio(t.data, t.shape) : m.layout === 'dense' ? transpose(t.data, t.shape[0], t.shape[1]) : Float32Array.from(t.data);
    out.set(m.tfjs!, { shape: tfjsShape(m), data });
  }
  return out;
}

interface TensorEntry { name: string; shape: number[]; dtype: string; offset?: number; length?: number }

function float32At(buffer: Buffer, offset: number, length: number): Float32Array {
  const bytes = buffer.subarray(offset, offset + length);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * The model weights of a TF.js engine checkpoint folder (`checkpoints/last` or `best`: `manifest.json`
 * + `weights.bin`, as `src/train/checkpoint.ts` writes them), or of the `.old` copy a save left behind.
 */
export async function readTfjsCheckpoint(dir: string): Promise<TfjsWeights> {
  const candidates = [dir, path.join(path.dirname(dir), `.${path.basename(dir)}.old`)];
  const found = candidates.find((c) => existsSync(path.join(c, 'manifest.json')) && existsSync(path.join(c, 'weights.bin')));
  if (!found) throw new WeightsError(`no complete TF.js checkpoint in ${dir}`);
  const manifest = JSON.parse(await readFile(path.join(found, 'manifest.json'), 'utf8')) as { format: string; model: TensorEntry[] };
  if (manifest.format !== 'inception-studio.checkpoint') throw new WeightsError(`${found} is not a TF.js engine checkpoint`);
  const buffer = await readFile(path.join(found, 'weights.bin'));
  return new Map(manifest.model.map((e) => [e.name, { shape: e.shape, data: float32At(buffer, e.offset!, e.length!) }]));
}

/** The weights of a TF.js layers model folder (`model.json` + weight files), by weight name. */
export async function readTfjsLayersModel(dir: string): Promise<TfjsWeights> {
  const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: TensorEntry[] }[] };
  const out: TfjsWeights = new Map();
  for (const group of modelJson.weightsManifest) {
    const buffer = Buffer.concat(await Promise.all(group.paths.map((p) => readFile(path.join(dir, path.basename(p))))));
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.dtype !== 'float32') throw new WeightsError(`${dir}: weight ${spec.name} is ${spec.dtype}; expected float32`);
      const length = spec.shape.reduce((a, b) => a * b, 1) * 4;
      out.set(spec.name, { shape: spec.shape, data: float32At(buffer, offset, length) });
      offset += length;
    }
  }
  return out;
}
