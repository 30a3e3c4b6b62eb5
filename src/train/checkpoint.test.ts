import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { loadPreset } from '../graph/presets';
import { findCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { createOptimizer } from './optimizer';
import { trainStep, type Batch } from './step';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-ckpt-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const batch = (seed: number): Batch => {
  const x = new Float32Array(4 * 28 * 28).map((_, i) => Math.sin(i * seed) * 0.5);
  return { x, y: Int32Array.from([0, 3, 5, 9]), size: 4 };
};
const options = { lr: 0.01, labelSmoothing: 0, numClasses: 10, inputShape: [28, 28, 1] };
const spec = { type: 'adam' as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 };

/** small-cnn without dropout, so two runs of the same step are bit-for-bit comparable. */
function deterministicNet() {
  const graph = loadPreset('small-cnn');
  graph.nodes.find((n) => n.kind === 'Dropout')!.params.rate = 0;
  return compileGraph(graph);
}

describe('checkpoints', () => {
  it('resume continues exactly where training left off (weights, BatchNorm statistics, optimizer state)', async () => {
    const a = deterministicNet();
    const optA = createOptimizer(spec, 0.01);
    trainStep(a, optA, batch(1), options);
    trainStep(a, optA, batch(2), options);
    await saveCheckpoint(path.join(dir, 'last'), a, optA.optimizer, { epoch: 1, step: 2 });
    const continued = trainStep(a, optA, batch(3), options).loss;

    const b = deterministicNet();
    const optB = createOptimizer(spec, 0.01);
    const state = await loadCheckpoint<{ epoch: number; step: number }>(path.join(dir, 'last'), b, optB.optimizer);
    expect(state).toEqual({ epoch: 1, step: 2 });
    const resumed = trainStep(b, optB, batch(3), options).loss;
    expect(resumed).toBeCloseTo(continued, 5);
    const wa = a.getWeights().map((t) => Array.from(t.dataSync()));
    trainStep(b, optB, batch(4), options);
    trainStep(a, optA, batch(4), options);
    const wb = b.getWeights().map((t) => Array.from(t.dataSync()));
    const wa2 = a.getWeights().map((t) => Array.from(t.dataSync()));
    expect(wb[0].slice(0, 5)).toEqual(wa2[0].slice(0, 5).map((v) => expect.closeTo(v, 5)));
    expect(wa[0]).not.toEqual(wa2[0]);
  });

  it('replaces a checkpoint atomically and falls back to the previous one after a crash between renames', async () => {
    const model = compileGraph(loadPreset('small-cnn'));
    const opt = createOptimizer(spec, 0.01);
    const target = path.join(dir, 'crash', 'last');
    await saveCheckpoint(target, model, opt.optimizer, { step: 1 });
    await saveCheckpoint(target, model, opt.optimizer, { step: 2 });
    // Simulate a crash after `last` was moved aside but before the new one took its place.
    await rename(target, path.join(dir, 'crash', '.last.old'));
    expect(await findCheckpoint(target)).toBe(path.join(dir, 'crash', '.last.old'));
    expect(await loadCheckpoint(target, compileGraph(loadPreset('small-cnn')), null)).toEqual({ step: 2 });
  });

  it('refuses a checkpoint of another design with a clear reason', async () => {
    const small = compileGraph(loadPreset('small-cnn'));
    await saveCheckpoint(path.join(dir, 'other'), small, createOptimizer(spec, 0.01).optimizer, {});
    const changed = loadPreset('small-cnn');
    changed.nodes.find((n) => n.id === 'fc')!.params.units = 5;
    await expect(loadCheckpoint(path.join(dir, 'other'), compileGraph(changed), null)).rejects.toThrow(/fc\/kernel is 1568×10 in the checkpoint but 1568×5/);
  });
});
