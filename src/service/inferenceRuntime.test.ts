import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { writeTestImages, writeTestRun } from '../import/testing/importedRuns';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import type { Prediction } from './api';
import { defaultJobScript } from './jobs';
import { createService, type InceptionService } from './service';

const RUN = '20260101-000000-inference-test';
const withTorch = needs(torchInstalled(await detectTorch()));
let dir = '';
let workspace = '';
let images: string[] = [];
const services: InceptionService[] = [];
const serviceOn = (runtime: 'auto' | 'onnx' | 'tfjs') => {
  const api = createService({ host: 'browser', workspace, extraRoots: [dir], inferenceRuntime: runtime });
  services.push(api);
  return api;
};

beforeAll(async () => {
  const jobScript = defaultJobScript();
  if (!existsSync(jobScript) || !existsSync(path.join(path.dirname(jobScript), 'ortProcess.mjs'))) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-inference-service-'));
  workspace = path.join(dir, 'ws');
  // Small CNN: what is claimed here is the service's part (the runtime asked for or chosen, said and cached); that
  // both runtimes give the same probabilities on googlenet-96 and on every node kind is runtimes.test.ts's claim.
  await writeTestRun(path.join(workspace, 'runs', RUN), loadPreset('small-cnn'));
  images = [
    ...(await writeTestImages(path.join(dir, 'data', 'class0'), 6, { seed: 3 })),
    ...(await writeTestImages(path.join(dir, 'data', 'class1'), 6, { seed: 4 })),
  ];
}, 120_000);
afterAll(async () => {
  await Promise.all(services.map((s) => s.shutdown()));
  await rm(dir, { recursive: true, force: true });
});

/** The largest difference between two answers' probabilities, label by label. */
function largestDifference(a: Prediction[], b: Prediction[]): number {
  let largest = 0;
  for (const [i, p] of a.entries()) {
    expect(p.error).toBeUndefined();
    for (const t of p.top) largest = Math.max(largest, Math.abs(t.probability - b[i].top.find((u) => u.label === t.label)!.probability));
  }
  return largest;
}

describe('predict, evaluate and classify through the service on either runtime', () => {
  it('gives the same answers on ONNX Runtime and TF.js, and says which ran and why', async () => {
    const [onnx, tfjs, auto] = [serviceOn('onnx'), serviceOn('tfjs'), serviceOn('auto')];
    const [viaOnnx, viaTfjs] = await Promise.all([onnx.predict(RUN, images, 10), tfjs.predict(RUN, images, 10)]);
    expect(largestDifference(viaOnnx, viaTfjs)).toBeLessThanOrEqual(1e-4);

    const [evalOnnx, evalTfjs] = [await onnx.evaluateRun(RUN, path.join(dir, 'data')), await tfjs.evaluateRun(RUN, path.join(dir, 'data'))];
    expect(evalOnnx.inference).toMatchObject({ runtime: 'onnx', reason: expect.stringMatching(/^ONNX Runtime .*asked for/) });
    expect(evalTfjs.inference?.runtime).toBe('tfjs');
    expect(evalOnnx.confusion).toEqual(evalTfjs.confusion);
    expect(Math.abs(evalOnnx.loss - evalTfjs.loss)).toBeLessThanOrEqual(1e-4);

    const started = await auto.classifyFolder(RUN, path.join(dir, 'data'));
    const end = await auto.classificationFinished(started.id);
    expect(end.status).toBe('completed');
    expect(end.progress.done).toBe(images.length);
    expect(end.inference?.measured.map((m) => m.runtime).sort()).toEqual(['onnx', 'tfjs']);
    expect(end.inference?.reason).toMatch(/faster than|about as fast as/);
    // The run's ONNX file was written once, into the run folder, and the measurement cached in the workspace.
    expect(existsSync(path.join(workspace, 'runs', RUN, 'inference', 'model.onnx'))).toBe(true);
    expect(existsSync(path.join(workspace, 'cache', 'inference-speed.json'))).toBe(true);
  }, 300_000);

  it.runIf(withTorch)('runs a PyTorch run on ONNX Runtime with its TF.js copy\'s probabilities', async () => {
    const tfjs = serviceOn('tfjs');
    const run = await tfjs.startTraining(loadPreset('small-cnn'), { engine: 'torch', data: { dir: path.join(dir, 'data') }, epochs: 1, batchSize: 4 }, { fixClasses: true });
    await new Promise<void>((resolve) => {
      const off = tfjs.onRunEvent((m) => {
        if (m.runId === run.id && m.event.type === 'end') {
          off();
          resolve();
        }
      });
    });
    const onnx = serviceOn('onnx');
    const [viaOnnx, viaTfjs] = await Promise.all([onnx.predict(run.id, images, 2), tfjs.predict(run.id, images, 2)]);
    expect(largestDifference(viaOnnx, viaTfjs)).toBeLessThanOrEqual(1e-4);
  }, 300_000);
});
