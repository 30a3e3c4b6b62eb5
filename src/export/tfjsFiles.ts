import * as tf from '@tensorflow/tfjs';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import '../compile/torchPool';
import { atomicWrite } from '../io/atomicWrite';
import { writeError } from '../io/writeErrors';

const WEIGHTS_FILE = 'weights.bin';

/**
 * Writes a model in the TF.js layers format (`model.json` + one weights file) that `tf.loadLayersModel`
 * reads in a browser or Node. A model compiled with `layers: 'stock'` needs nothing else; one compiled for
 * training may hold our `TorchPool2D` layer (registered by importing `src/compile/torchPool`, as the app
 * does when it reads runs).
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  // Both files go to a temp folder first, which then takes the place of `dir`'s model files: a full
  // disk or a crash leaves the previous model whole.
  const temp = `${dir}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(temp, { recursive: true });
    await writeModel(model, temp);
    await mkdir(dir, { recursive: true });
    for (const file of [WEIGHTS_FILE, 'model.json']) await rename(path.join(temp, file), path.join(dir, file));
  } catch (error) {
    throw writeError(error, 'the TF.js model', dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function writeModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const bytes = data === undefined ? new Uint8Array() : new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
      await atomicWrite(path.join(dir, WEIGHTS_FILE), bytes);
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: 'Inception Studio',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      await atomicWrite(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    }),
  );
}

/** Loads a model written by `saveLayersModel` (or any single-shard TF.js layers model) from a folder. */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(
    modelJson.weightsManifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, path.basename(p)))),
  );
  const weightData = tf.io.concatenateArrayBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }));
}
