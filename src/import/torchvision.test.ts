import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { loadRunModel } from '../infer/runModel';
import { relativeError } from '../testing/relativeError';
import { GRAPH_OUTPUT, writeOnnx } from '../export/onnx';
import { FOLDED_BATCH_NORM, importModel } from './importModel';
import { onnx } from './onnx/proto';
import { TORCHVISION_CACHE, torchMissing, torchvisionOnnx, type TorchvisionName } from './testing/torchvision';
import { writeImportedRun } from './writeImported';

const MODELS: TorchvisionName[] = ['squeezenet1_1', 'resnet18', 'googlenet', 'mobilenet_v2'];
const counts = await torchvisionOnnx(MODELS);
const skip = torchMissing(counts);
const workspace = await mkdtemp(path.join(os.tmpdir(), 'import-torchvision-'));
afterAll(() => rm(workspace, { recursive: true, force: true }));

/** One random image, the same for both runtimes: NCHW for onnxruntime, NHWC for TF.js. */
function randomImage(seed: number): { nchw: Float32Array; nhwc: Float32Array } {
  const rng = mulberry32(seed);
  const nchw = Float32Array.from({ length: 3 * 224 * 224 }, () => rng() * 4 - 2);
  const nhwc = new Float32Array(nchw.length);
  for (let c = 0; c < 3; c++) for (let i = 0; i < 224 * 224; i++) nhwc[i * 3 + c] = nchw[c * 224 * 224 + i];
  return { nchw, nhwc };
}

/**
 * How many float weights an ONNX file's nodes read from initializers, read with the plain protobuf classes.
 * Counted per use: torch.onnx.export stores identical tensors (zero biases) once and lets nodes share them.
 */
async function fileWeights(file: string): Promise<number> {
  const model = onnx.ModelProto.decode(await readFile(file));
  const sizes = new Map((model.graph?.initializer ?? [])
    .filter((t) => t.dataType === onnx.TensorProto.DataType.FLOAT)
    .map((t) => [t.name, (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1)]));
  return (model.graph?.node ?? []).flatMap((n) => n.input ?? []).reduce((total, input) => total + (sizes.get(input) ?? 0), 0);
}

/**
 * Our writer's model with the final Softmax's input also given out, as `logits`: at random initialisation
 * mobilenet_v2's logits are about 1e-9, so its probabilities are 1/1000 to float precision and say nothing.
 */
function withLogitsOutput(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const softmax = model.graph!.node!.find((n) => n.output?.[0] === GRAPH_OUTPUT)!;
  model.graph!.node!.push({ opType: 'Identity', name: 'logits', input: [softmax.input![0]], output: ['logits'] });
  model.graph!.output!.push({ name: 'logits', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
  return onnx.ModelProto.encode(model).finish();
}

describe.skipIf(skip)('torchvision models imported from ONNX (torch.onnx.export, random init), and written again by our ONNX writer', () => {
  for (const name of MODELS) {
    for (const mode of ['preserve', 'eval'] as const) {
      it(`${name}, ${mode === 'preserve' ? 'BatchNorm kept' : 'BatchNorm folded'}: same parameters, same outputs as onnxruntime within 1e-4, also from our ONNX of it`, async () => {
        const file = path.join(TORCHVISION_CACHE, `${name}-${mode}.onnx`);
        const imported = await importModel(file);
        if (mode === 'preserve') expect(imported.summary.trainableParams).toBe(counts!.get(name));
        else expect(imported.summary.trainableParams).toBe(await fileWeights(file));
        // The folded count is explained where it differs from torchvision's (squeezenet has no BatchNorm to fold).
        expect(imported.summary.notes.some((n) => n.text === FOLDED_BATCH_NORM)).toBe(mode === 'eval' && name !== 'squeezenet1_1');
        const dir = path.join(workspace, `${name}-${mode}`);
        await writeImportedRun(dir, imported);

        const { nchw, nhwc } = randomImage(7);
        const session = await ort.InferenceSession.create(file);
        const expected = (await session.run({ input: new ort.Tensor('float32', nchw, [1, 3, 224, 224]) })).logits.data as Float32Array;
        const { model } = await loadRunModel(dir, 'cpu');
        const x = tf.tensor4d(nhwc, [1, 224, 224, 3]);
        const actual = (model.predict(x) as tf.Tensor).dataSync();
        x.dispose();
        model.dispose();
        expect(relativeError(actual, expected)).toBeLessThan(1e-4);

        // Round trip: our ONNX writer's file of the imported run gives the same logits.
        const written = await writeOnnx(dir, path.join(workspace, `${name}-${mode}-onnx`));
        const ours = await ort.InferenceSession.create(withLogitsOutput(await readFile(path.join(written.outDir, 'model.onnx'))));
        const logits = (await ours.run({ input: new ort.Tensor('float32', nchw, [1, 3, 224, 224]) })).logits.data as Float32Array;
        await Promise.all([session.release(), ours.release()]);
        expect(relativeError(logits, expected)).toBeLessThan(1e-4);
      }, 600_000);
    }
  }
});
