import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ImportError } from '../errors';
import { checkedSize } from '../onnx/tensors';

const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_WEIGHT_BYTES = 1024 * 1024 * 1024;

/** One Keras layer as model.json stores it. */
export interface KerasLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name?: string };
  inbound_nodes?: unknown[];
}

/** A TF.js layers model: its layers in order, who feeds whom, and its float32 weights by name. */
export interface LayersModelFile {
  layers: KerasLayer[];
  /** Input layer names per layer (functional models; sequential: the previous layer). */
  inputsOf: Map<string, string[]>;
  outputName: string;
  weights: Map<string, { shape: number[]; data: Float32Array }>;
}

const layerName = (l: KerasLayer) => String(l.config.name ?? l.name ?? '');

/** Reads `model.json` and its weight files (only from its own folder), refusing what is not a layers model. */
export async function readLayersModel(file: string): Promise<LayersModelFile> {
  const info = await stat(file).catch((error: Error) => {
    throw new ImportError(`cannot read ${file}: ${error.message}`);
  });
  if (info.size > MAX_JSON_BYTES) throw new ImportError(`${file} is ${info.size} bytes; model.json files of at most ${MAX_JSON_BYTES} bytes are accepted`);
  let json: { modelTopology?: { model_config?: { class_name?: string; config?: unknown }; class_name?: string; config?: unknown }; weightsManifest?: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[]; format?: string };
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ImportError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const topology = json.modelTopology?.model_config ?? json.modelTopology;
  if (!topology || typeof topology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new ImportError(`${file} is not a TF.js layers model (expected modelTopology and weightsManifest; a graph model from the TF converter cannot be imported)`);
  }
  const config = topology.config as { layers?: KerasLayer[]; output_layers?: unknown[][] } | KerasLayer[];
  const layers = [...(Array.isArray(config) ? config : config.layers ?? [])];
  if (!layers.length) throw new ImportError(`${file}: the model has no layers`);
  const inputsOf = new Map<string, string[]>();
  const sequential = topology.class_name === 'Sequential';
  const first = layers[0].config;
  if (sequential && layers[0].class_name !== 'InputLayer' && first.batch_input_shape) {
    // A Sequential model keeps its input shape on its first layer.
    layers.unshift({ class_name: 'InputLayer', config: { name: `${String(first.name)}_input`, batch_input_shape: first.batch_input_shape } });
  }
  layers.forEach((l, i) => {
    if (sequential) {
      inputsOf.set(layerName(l), i === 0 ? [] : [layerName(layers[i - 1])]);
      return;
    }
    const nodes = (l.inbound_nodes ?? []) as unknown[][][];
    if (nodes.length > 1) throw new ImportError(`${file}: layer "${layerName(l)}" is called ${nodes.length} times (shared layers cannot be imported)`);
    inputsOf.set(layerName(l), (nodes[0] ?? []).map((entry) => String(entry[0])));
  });
  let outputName = layerName(layers[layers.length - 1]);
  if (!Array.isArray(config) && config.output_layers) {
    if (config.output_layers.length !== 1) throw new ImportError(`${file}: expected one output; the model has ${config.output_layers.length}`);
    outputName = String(config.output_layers[0][0]);
  }
  return { layers, inputsOf, outputName, weights: await readWeights(file, json.weightsManifest) };
}

async function readWeights(file: string, manifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[]) {
  const dir = path.dirname(path.resolve(file));
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const group of manifest) {
    const buffers: Buffer[] = [];
    let total = 0;
    for (const p of group.paths) {
      const shard = path.resolve(dir, p);
      const relative = path.relative(dir, shard);
      if (relative.startsWith('..') || path.isAbsolute(relative)) throw new ImportError(`${file}: weight file "${p}" is outside the model's folder; refused`);
      const size = (await stat(shard).catch(() => null))?.size ?? -1;
      if (size < 0) throw new ImportError(`${file}: weight file ${shard} is missing`);
      total += size;
      if (total > MAX_WEIGHT_BYTES) throw new ImportError(`${file}: weights of more than ${MAX_WEIGHT_BYTES} bytes are refused`);
      buffers.push(await readFile(shard));
    }
    const bytes = Buffer.concat(buffers);
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' || w.quantization) throw new ImportError(`${file}: weight ${w.name} is ${w.quantization ? 'quantized' : w.dtype}; only float32 weights are imported`);
      const size = checkedSize(w.shape, `weight ${w.name}`);
      if (offset + size * 4 > bytes.length) throw new ImportError(`${file}: the weight files end before ${w.name} (need ${offset + size * 4} bytes, have ${bytes.length})`);
      const data = new Float32Array(size);
      const view = new DataView(bytes.buffer, bytes.byteOffset + offset, size * 4);
      for (let i = 0; i < size; i++) data[i] = view.getFloat32(i * 4, true);
      weights.set(w.name, { shape: w.shape, data });
      offset += size * 4;
    }
  }
  return weights;
}
