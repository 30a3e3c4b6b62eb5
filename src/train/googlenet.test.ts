import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/select';
import { compileGraph } from '../compile/compile';
import { batches, identityNormalisation, scanImageFolder } from '../data';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { loadPreset } from '../graph/presets';
import { createOptimizer } from './optimizer';
import { trainStep, type Batch } from './step';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-googlenet-'));
  await writeFashionMnistFolder(dir, { perClass: 2, split: 'train', format: 'jpeg', size: 96, rgb: true });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.runIf(needs(fashionMnist()))('googlenet-96 on the wasm backend', () => {
  it('trains a few steps on real 96×96 images with falling loss', async () => {
    expect((await initBackend('wasm')).name).toBe('wasm');
    const scan = await scanImageFolder(dir);
    const spec = { height: 96, width: 96, channels: 3 as const, resize: 'crop' as const, ...identityNormalisation(3) };
    let batch: Batch | undefined;
    for await (const b of batches(scan.samples, { batchSize: 16, spec, workers: 0 })) {
      batch = b;
      break;
    }
    const model = compileGraph(loadPreset('googlenet-96'));
    const opt = createOptimizer({ type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 }, 1e-3);
    const options = { lr: 1e-3, labelSmoothing: 0, numClasses: 10, inputShape: [96, 96, 3] };
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) losses.push(trainStep(model, opt, batch!, options).loss);
    console.log(`googlenet-96 losses: ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[3]).toBeLessThan(losses[0]);
    model.dispose();
    opt.optimizer.dispose();
    await tf.setBackend('cpu');
  }, 240_000);
});
