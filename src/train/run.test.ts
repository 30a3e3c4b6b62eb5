import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { loadPreset } from '../graph/presets';
import { trainEvent, type TrainEvent } from '../contract/events';
import { resumeTraining, trainNewRun } from '../service/testing/preparedRuns';
import { readJson, runPaths } from '../io/runFolder';
import { readMetrics } from '../io/metricsFile';
import { summarizeRun } from '../contract/runSummary';

let dir: string;
let data: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-run-'));
  data = path.join(dir, 'fashion');
  await writeFashionMnistFolder(data, { perClass: 30, split: 'train', format: 'png' });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const config = (extra: object = {}) => ({
  data: { dir: data, workers: 1 },
  epochs: 2,
  batchSize: 32,
  lr: 0.003,
  backend: 'wasm' as const,
  augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 },
  ...extra,
});

describe.runIf(needs(fashionMnist()))('TF.js training of a prepared run on real Fashion-MNIST images', () => {
  it('stops gracefully mid-epoch, resumes at the same step, and finishes with a model, report and metrics', async () => {
    const runDir = path.join(dir, 'run-a');
    const events: TrainEvent[] = [];
    let batchesSeen = 0;
    const stopped = await trainNewRun({
      runDir,
      graph: loadPreset('small-cnn'),
      config: config(),
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'batch') batchesSeen++;
      },
      shouldStop: () => batchesSeen >= 3,
    });
    expect(stopped.status).toBe('stopped');
    expect(stopped.state).toMatchObject({ epoch: 0, batchInEpoch: 3, step: 3 });
    expect(await readdir(runPaths(runDir).checkpoints)).toContain('last');

    const resumedEvents: TrainEvent[] = [];
    const done = await resumeTraining(runDir, { onEvent: (e) => resumedEvents.push(e) });
    expect(done.status).toBe('completed');
    const firstResumed = resumedEvents.find((e) => e.type === 'batch');
    expect(firstResumed).toMatchObject({ epoch: 0, step: 3 });
    const stepsPerEpoch = Math.ceil(240 / 32);
    expect(done.state.step).toBe(2 * stepsPerEpoch);

    const all = await readMetrics(runPaths(runDir).metrics);
    for (const event of all) expect(trainEvent.safeParse(event).success).toBe(true);
    expect(all.filter((e) => e.type === 'epoch')).toHaveLength(2);
    expect(all.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 2 });

    expect((await readdir(runPaths(runDir).model)).sort()).toEqual(['graph.json', 'labels.json', 'model.json', 'preprocessing.json', 'weights.bin']);
    const report = await readJson<{ validation: { confusion: number[][]; count: number; accuracy: number }; classes: string[] }>(runPaths(runDir).report);
    expect(report.classes).toHaveLength(10);
    expect(report.validation.count).toBe(60);
    expect(report.validation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    // The report, the end event and every screen share one summary: the kept epoch's accuracy, time without the stop.
    const summary = summarizeRun(all);
    expect(report).toMatchObject({ bestEpoch: summary.bestEpoch, bestValAccuracy: summary.bestValAccuracy, seconds: summary.trainingSeconds, epochsDone: 2 });
    expect(all.at(-1)).toMatchObject({ bestValAccuracy: summary.bestValAccuracy });
    expect(report.validation.accuracy).toBeCloseTo(summary.bestValAccuracy!, 6);
  }, 180_000);

  it('stops early when the validation loss stops improving', async () => {
    const result = await trainNewRun({
      runDir: path.join(dir, 'run-early'),
      graph: loadPreset('small-cnn'),
      config: config({ epochs: 6, lr: 1e-9, earlyStopping: { patience: 1, minDelta: 0.01 } }),
    });
    expect(result.status).toBe('early-stopped');
    expect(result.state.epoch).toBe(2);
    expect(result.state.bestEpoch).toBe(0);
  }, 180_000);

  it('refuses a class-count mismatch with the fix when preparing, and applies it when asked', async () => {
    const graph = loadPreset('small-cnn');
    graph.nodes.find((n) => n.id === 'fc')!.params.units = 7;
    await expect(trainNewRun({ runDir: path.join(dir, 'run-b'), graph, config: config({ epochs: 1 }) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(trainNewRun({ runDir: path.join(dir, 'run-b'), graph, config: config({ epochs: 1 }) })).rejects.toThrow(
      "the design outputs 7 classes but the dataset has 10 (Ankle_boot, Bag, Coat, Dress, Pullover, Sandal, Shirt, Sneaker, …); set fc's units to 10",
    );
    const fixed = await trainNewRun({ runDir: path.join(dir, 'run-c'), graph, config: config({ epochs: 1 }), fixClasses: true });
    expect(fixed.status).toBe('completed');
  }, 180_000);
});
