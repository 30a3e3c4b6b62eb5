import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { loadPreset } from '../graph/presets';
import { fashionMnist, torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import type { TrainEvent } from '../contract/events';
import { createService, type InceptionService } from './service';

const canRun = needs(torchInstalled(await detectTorch()), fashionMnist());

let dir: string;
let data: string;
let api: InceptionService;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-torch-service-'));
  data = path.join(dir, 'images');
  if (canRun) await writeFashionMnistFolder(data, { perClass: 12, split: 't10k', format: 'png' });
  api = createService({ host: 'browser', workspace: path.join(dir, 'ws'), extraRoots: [data] });
}, 60_000);
afterAll(async () => {
  await api.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(canRun)('the PyTorch engine through the service', () => {
  it('is listed by engines(), trains a run, and exports it as PyTorch code, a bundle and ONNX', async () => {
    const { engines } = await api.engines();
    expect(engines.map((e) => e.id)).toEqual(['tfjs', 'torch']);
    expect(engines[1].available).toBe(true);

    // fp32 as given: measuring the CPU's fastest precision (src/torch/precisionChoice.ts) is runner.test.ts's claim, and
    // costs about 27 s of CPU with an empty cache.
    const run = await api.startTraining(loadPreset('small-cnn'), { engine: 'torch', data: { dir: data }, epochs: 1, batchSize: 16, torch: { threads: 1, precision: 'fp32' } });
    const events = (runId: string) => new Promise<TrainEvent[]>((resolve) => {
      const seen: TrainEvent[] = [];
      const off = api.onRunEvent((m) => {
        if (m.runId !== runId) return;
        seen.push(m.event);
        if (m.event.type === 'end') {
          off();
          resolve(seen);
        }
      });
    });
    expect((await events(run.id)).at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 1 });
    expect((await api.getRun(run.id)).info).toMatchObject({ status: 'completed', engine: 'torch', backend: expect.stringMatching(/^cpu: /) });

    // Trained further: one more epoch from where it ended.
    const more = events(run.id);
    await api.resumeTraining(run.id, { epochs: 2 });
    const second = await more;
    expect(second.find((e) => e.type === 'start')).toMatchObject({ fromEpoch: 1, epochs: 2 });
    expect(second.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 2 });

    expect((await api.exportRun(run.id, 'pytorch')).files).toEqual(expect.arrayContaining(['net.py', 'weights.safetensors']));
    expect((await api.exportRun(run.id, 'onnx')).files).toContain('model.onnx');
    expect((await api.exportRun(run.id, 'pytorch-bundle')).files).toEqual(expect.arrayContaining(['README.md']));
    // The finished PyTorch run also wrote a TF.js model, so the TF.js predict works on it.
    const image = path.join(data, 'Bag', (await readdir(path.join(data, 'Bag')))[0]);
    const [prediction] = await api.predict(run.id, [image], 2);
    expect(prediction.top).toHaveLength(2);
  }, 240_000);
});
