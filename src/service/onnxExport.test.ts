import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, type PreprocessSpec } from '../data';
import { NO_AUGMENT } from '../contract/augment';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { runInOnnxRuntime } from '../export/onnx/testing/parity';
import { loadPreset } from '../graph/presets';
import { defaultJobScript } from './jobs';
import { createService, type InceptionService } from './service';

let dir: string;
let data: string;
let api: InceptionService;

beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-onnx-run-'));
  data = path.join(dir, 'images');
  await writeFashionMnistFolder(data, { perClass: 10, split: 't10k', format: 'png' });
  api = createService({ host: 'browser', workspace: path.join(dir, 'ws'), extraRoots: [data] });
}, 60_000);
afterAll(async () => {
  await api?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

function finished(runId: string): Promise<void> {
  return new Promise((resolve) => {
    const off = api.onRunEvent((m) => {
      if (m.runId === runId && m.event.type === 'end') {
        off();
        resolve();
      }
    });
  });
}

/** H×W×C pixels → C×H×W. */
function channelsFirst(pixels: Float32Array, { height, width, channels }: PreprocessSpec): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) {
    out[(c * height + y) * width + x] = pixels[(y * width + x) * channels + c];
  }
  return out;
}

describe.runIf(fashionMnistAvailable())('ONNX export of a run trained by the TF.js engine, through the service', () => {
  it('writes model.onnx, labels and preprocessing, and onnxruntime-node gives `inception predict`\'s probabilities', async () => {
    const run = await api.startTraining(loadPreset('small-cnn'), { data: { dir: data }, epochs: 1, batchSize: 16, lr: 0.003, backend: 'wasm' });
    await finished(run.id);
    const exported = await api.exportRun(run.id, 'onnx');
    expect([...exported.files].sort()).toEqual(['README.md', 'index.html', 'labels.json', 'model.onnx', 'onnx-page.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort.wasm.min.mjs', 'preprocess.js', 'preprocessing.json', 'ui.js']);

    const labels = JSON.parse(await readFile(path.join(exported.dir, 'labels.json'), 'utf8')) as string[];
    const spec = JSON.parse(await readFile(path.join(exported.dir, 'preprocessing.json'), 'utf8')) as PreprocessSpec;
    const images = await Promise.all(labels.slice(0, 3).map(async (label) => path.join(data, label, (await readdir(path.join(data, label)))[0])));
    const predicted = await api.predict(run.id, images, labels.length);
    const inputs = await Promise.all(images.map(async (file) => channelsFirst(await decodeImage(file, spec, NO_AUGMENT), spec)));
    const results = await runInOnnxRuntime(path.join(dir, 'ort'), inputs.map((input) => ({
      model: path.join(exported.dir, 'model.onnx'),
      input,
      shape: [1, spec.channels, spec.height, spec.width],
    })));
    for (const [i, p] of predicted.entries()) {
      expect(p.error).toBeUndefined();
      expect(p.top).toHaveLength(labels.length);
      for (const { label, probability } of p.top) {
        expect(Math.abs(results[i].output[labels.indexOf(label)] - probability), `${p.path} ${label}`).toBeLessThanOrEqual(1e-4);
      }
    }
  }, 180_000);
});
