import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainEvent } from '../contract/events';
import { applyRunSummary } from './reportSummary';
import { readJson, runPaths } from './runFolder';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-summary-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const events: TrainEvent[] = [
  { type: 'start', time: 0, engine: 'torch', backend: 'cpu', classes: ['a', 'b'], trainSize: 8, valSize: 2, epochs: 2, stepsPerEpoch: 1, fromEpoch: 0 },
  { type: 'epoch', time: 5, epoch: 0, loss: 1, accuracy: 0.5, valLoss: 0.4, valAccuracy: 0.8, lr: 0.1, imagesPerSecond: 1, seconds: 5, etaSeconds: 5, best: true },
  { type: 'end', time: 6, status: 'stopped', epochsDone: 1, bestValAccuracy: 0.8, bestValLoss: 0.4 },
  { type: 'start', time: 500, engine: 'torch', backend: 'cpu', classes: ['a', 'b'], trainSize: 8, valSize: 2, epochs: 2, stepsPerEpoch: 1, fromEpoch: 1 },
  { type: 'epoch', time: 505, epoch: 1, loss: 1, accuracy: 0.5, valLoss: 0.5, valAccuracy: 0.9, lr: 0.1, imagesPerSecond: 1, seconds: 5, etaSeconds: 0, best: false },
  { type: 'end', time: 507, status: 'completed', epochsDone: 2, bestValAccuracy: 0.8, bestValLoss: 0.4 },
];

describe('applyRunSummary', () => {
  it('rewrites an engine’s own report with the shared summary and keeps everything else', async () => {
    const paths = runPaths(dir);
    await writeFile(paths.metrics, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    // As the PyTorch runner writes it: its own clock, which counted the stopped period.
    await writeFile(paths.report, JSON.stringify({ status: 'completed', engine: 'torch', classes: ['a', 'b'], seconds: 507, bestValAccuracy: 0.8, bestEpoch: 0 }));
    const summary = await applyRunSummary(dir);
    expect(summary).toMatchObject({ bestEpoch: 0, bestValAccuracy: 0.8, trainingSeconds: 13 });
    expect(await readJson(paths.report)).toEqual({
      status: 'completed', engine: 'torch', classes: ['a', 'b'], epochsDone: 2, bestEpoch: 0, bestValAccuracy: 0.8, bestValLoss: 0.4, seconds: 13,
    });
  });
});
