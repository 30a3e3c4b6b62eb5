import * as tf from '@tensorflow/tfjs';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeError } from '../io/writeErrors';

const FORMAT = 'inception-studio.checkpoint';

interface TensorEntry { name: string; shape: number[]; dtype: 'float32' | 'int32'; offset: number; length: number }

interface Manifest<S> {
  format: typeof FORMAT;
  version: 1;
  model: TensorEntry[];
  optimizer: TensorEntry[];
  state: S;
}

async function writeFileSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const exists = (p: string) => stat(p).then(() => true, () => false);

/** Variable names carry per-process suffixes (`conv/kernel_1`); checkpoints store the layer-given names. */
function variableNameMap(model: tf.LayersModel): Map<string, string> {
  return new Map(model.weights.map((w) => [(w.read() as tf.Variable).name, w.originalName]));
}

function pack(entries: { name: string; tensor: tf.Tensor }[]): { list: TensorEntry[]; bytes: Uint8Array[]; total: number } {
  const list: TensorEntry[] = [];
  const bytes: Uint8Array[] = [];
  let offset = 0;
  for (const { name, tensor } of entries) {
    const data = tensor.dataSync() as Float32Array | Int32Array;
    const chunk = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    list.push({ name, shape: tensor.shape, dtype: tensor.dtype === 'int32' ? 'int32' : 'float32', offset, length: chunk.byteLength });
    bytes.push(chunk);
    offset += chunk.byteLength;
  }
  return { list, bytes, total: offset };
}

function unpack(buffer: Buffer, entry: TensorEntry): tf.Tensor {
  const slice = buffer.buffer.slice(buffer.byteOffset + entry.offset, buffer.byteOffset + entry.offset + entry.length);
  const values = entry.dtype === 'int32' ? new Int32Array(slice) : new Float32Array(slice);
  return tf.tensor(values, entry.shape, entry.dtype);
}

/**
 * Saves model weights (BatchNorm statistics included), optimizer state and a JSON state object into
 * `dir`, replacing it atomically: a reader or a crash sees the old checkpoint or the new, never a mix.
 */
export async function saveCheckpoint<S>(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer, state: S): Promise<void> {
  const names = variableNameMap(model);
  const modelEntries = model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));
  const optimizerEntries = (await optimizer.getWeights()).map(({ name, tensor }) => {
    const variable = [...names.keys()].find((n) => name === n || name.startsWith(`${n}/`));
    return { name: variable ? names.get(variable)! + name.slice(variable.length) : name, tensor };
  });
  const modelPack = pack(modelEntries);
  const optimizerPack = pack(optimizerEntries);
  for (const entry of optimizerPack.list) entry.offset += modelPack.total;
  const manifest: Manifest<S> = { format: FORMAT, version: 1, model: modelPack.list, optimizer: optimizerPack.list, state };

  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true });
  // Temp folders of saves that a crash interrupted.
  const stale = (await readdir(parent)).filter((f) => f.startsWith(`.${path.basename(dir)}.`) && f.endsWith('.tmp'));
  await Promise.all(stale.map((f) => rm(path.join(parent, f), { recursive: true, force: true })));
  const temp = path.join(parent, `.${path.basename(dir)}.${randomBytes(4).toString('hex')}.tmp`);
  const old = path.join(parent, `.${path.basename(dir)}.old`);
  await mkdir(temp);
  try {
    await writeFileSynced(path.join(temp, 'weights.bin'), Buffer.concat([...modelPack.bytes, ...optimizerPack.bytes]));
    await writeFileSynced(path.join(temp, 'manifest.json'), JSON.stringify(manifest));
    await rm(old, { recursive: true, force: true });
    if (await exists(dir)) await rename(dir, old);
    await rename(temp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw writeError(error, 'the checkpoint', dir);
  }
}

/** The folder holding the latest complete checkpoint: `dir`, or the previous one if a save died between renames. */
export async function findCheckpoint(dir: string): Promise<string | null> {
  for (const candidate of [dir, path.join(path.dirname(dir), `.${path.basename(dir)}.old`)]) {
    if ((await exists(path.join(candidate, 'manifest.json'))) && (await exists(path.join(candidate, 'weights.bin')))) return candidate;
  }
  return null;
}

/** Loads a checkpoint into a model of the same design and an optimizer of the same type; returns its state. */
export async function loadCheckpoint<S>(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer | null): Promise<S> {
  const found = await findCheckpoint(dir);
  if (!found) throw new Error(`no complete checkpoint in ${dir}`);
  const manifest = JSON.parse(await readFile(path.join(found, 'manifest.json'), 'utf8')) as Manifest<S>;
  if (manifest.format !== FORMAT || manifest.version !== 1) throw new Error(`${found} is not a checkpoint this version can read`);
  const buffer = await readFile(path.join(found, 'weights.bin'));
  const saved = new Map(manifest.model.map((e) => [e.name, e]));
  const tensors = model.weights.map((w) => {
    const entry = saved.get(w.originalName);
    if (!entry) throw new Error(`checkpoint ${found} has no weight ${w.originalName}; was the design changed?`);
    if (entry.shape.join() !== w.shape.join()) {
      throw new Error(`weight ${w.originalName} is ${entry.shape.join('×')} in the checkpoint but ${w.shape.join('×')} in the design`);
    }
    return unpack(buffer, entry);
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
  if (optimizer && manifest.optimizer.length) {
    const current = new Map([...variableNameMap(model)].map(([name, original]) => [original, name]));
    const restored = manifest.optimizer.map((entry) => {
      const original = [...current.keys()].find((o) => entry.name === o || entry.name.startsWith(`${o}/`));
      const name = original ? current.get(original)! + entry.name.slice(original.length) : entry.name;
      return { name, tensor: unpack(buffer, entry) };
    });
    await optimizer.setWeights(restored);
  }
  return manifest.state;
}
