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

/** A row-major tensor of shape `dims` with its axes reordered: axis `i` of the result is axis `order[i]` of the source. */
export function permuteAxes(src: Float32Array, dims: readonly number[], order: readonly number[]): Float32Array {
  const out = new Float32Array(src.length);
  if (src.length === 0) return out;
  const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
  const outDims = order.map((axis) => dims[axis]);
  const step = order.map((axis) => strides[axis]);
  const rank = outDims.length;
  const index = new Array<number>(rank).fill(0);
  let from = 0;
  for (let to = 0; to < out.length; to++) {
    out[to] = src[from];
    // Advance the output index like an odometer, moving `from` by the source stride of each axis.
    for (let axis = rank - 1; axis >= 0; axis--) {
      from += step[axis];
      if (++index[axis] < outDims[axis]) break;
      from -= step[axis] * outDims[axis];
      index[axis] = 0;
    }
  }
  return out;
}

/** The inverse of an axis order: `order[inverse[i]] === i`. */
const inverseOrder = (order: readonly number[]): number[] => order.reduce<number[]>((inv, axis, i) => ((inv[axis] = i), inv), []);

/** The TF.js shape of a tensor whose PyTorch shape and layout the mapping gives. */
export function tfjsShape(m: TensorMapping): number[] {
  return m.tfjsAxes.order.map((axis) => m.tfjsAxes.view[axis]);
}

/**
 * TF.js weights → a PyTorch state_dict: names through the node ids, each tensor in PyTorch's layout
 * (OIHW kernels, [out, in] Dense, [cin·m, 1, kh, kw] depthwise), BatchNorm gamma/beta/moving_mean/
 * moving_variance → weight/bias/running_mean/running_var, and PyTorch-only counters
 * (`num_batches_tracked`) = 0.
 * @throws WeightsError naming a missing tensor or a shape that does not fit.
 */
export function tfjsToTorch(weights: TfjsWeights, mappings: readonly TensorMapping[]): Map<string, StoredTensor> {
  const out = new Map<string, StoredTensor>();
  for (const m of mappings) {
    if (m.tfjs === null) {
      out.set(m.torch, { dtype: 'I64', shape: [], data: new BigInt64Array(1) });
      continue;
    }
    const w = weights.get(m.tfjs);
    if (!w) throw new WeightsError(`the TF.js weights have no ${m.tfjs} (for ${m.torch}); were they trained on another design?`);
    const expected = tfjsShape(m);
    if (!sameShape(w.shape, expected)) {
      throw new WeightsError(`${m.tfjs} is ${w.shape.join('×')} in the TF.js weights but the design needs ${expected.join('×')}`);
    }
    out.set(m.torch, { dtype: 'F32', shape: [...m.shape], data: permuteAxes(w.data, w.shape, inverseOrder(m.tfjsAxes.order)) });
  }
  return out;
}

/**
 * A PyTorch state_dict → TF.js weights (the inverse of `tfjsToTorch`; PyTorch-only counters are dropped).
 * @throws WeightsError naming a missing tensor or a shape that does not fit.
 */
export function torchToTfjs(tensors: ReadonlyMap<string, StoredTensor>, mappings: readonly TensorMapping[]): TfjsWeights {
  const out: TfjsWeights = new Map();
  for (const m of mappings) {
    if (m.tfjs === null) continue;
    const t = tensors.get(m.torch);
    if (!t) throw new WeightsError(`the PyTorch weights have no ${m.torch} (for ${m.tfjs}); were they trained on another design?`);
    if (!sameShape(t.shape, m.shape)) {
      throw new WeightsError(`${m.torch} is ${t.shape.join('×')} in the PyTorch weights but the design needs ${m.shape.join('×')}`);
    }
    if (!(t.data instanceof Float32Array)) throw new WeightsError(`${m.torch} is ${t.dtype}; expected F32`);
    out.set(m.tfjs, { shape: tfjsShape(m), data: permuteAxes(t.data, m.tfjsAxes.view, m.tfjsAxes.order) });
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
