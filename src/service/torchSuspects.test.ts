import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainEvent } from '../contract/events';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { poolFreeDesign } from '../export/testing/designs';
import { fashionMnist, torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import { SUSPECTS_FILE } from '../train/suspects';
import { SUSPECT_FOLDS_DIR } from '../train/suspectFolds';
import { createService, type InceptionService } from './service';

const canRun = needs(torchInstalled(await detectTorch()), fashionMnist('t10k'));

let dir: string;
let api: InceptionService;
let runId = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-torch-suspects-'));
  const data = path.join(dir, 'images');
  api = createService({ host: 'browser', workspace: path.join(dir, 'ws'), extraRoots: [data] });
  if (!canRun) return;
  // 40 images, a 28×28 design without pooling: the folds are the work, not the data.
  await writeFashionMnistFolder(data, { perClass: 4, split: 't10k', format: 'png' });
  const ended = new Promise<TrainEvent>((resolve) => api.onRunEvent((m) => m.event.type === 'end' && resolve(m.event)));
  runId = (await api.startTraining(poolFreeDesign(), { engine: 'torch', data: { dir: data }, epochs: 1, batchSize: 16 })).id;
  expect(await ended).toMatchObject({ status: 'completed' });
}, 180_000);
afterAll(async () => {
  await api.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(canRun)('suspects of a run the PyTorch engine trained', () => {
  it('trains the folds with PyTorch, the run\'s engine, and scores every file out of sample', async () => {
    const result = await api.findSuspects(runId, { folds: 2, epochs: 1 });
    expect(result).toMatchObject({ engine: 'torch', folds: 2, epochs: 1, count: 40 });
    expect(result.engineReason).toMatch(/PyTorch, the engine that trained the run/);
    const given = result.suspects.map((s) => s.labelProbability);
    expect(given).toEqual([...given].sort((a, b) => a - b));
  }, 240_000);

  it('trains the folds with TF.js when asked, from the PyTorch run\'s recipe', async () => {
    const result = await api.findSuspects(runId, { folds: 2, epochs: 1, engine: 'tfjs' });
    expect(result).toMatchObject({ engine: 'tfjs', folds: 2, count: 40 });
    expect(result.engineReason).toMatch(/TF\.js, as asked \(the run was trained with PyTorch\)/);
  }, 240_000);

  it('says which fold runs, and a cancel stops the fold jobs, removes their folder and leaves the last list as it was', async () => {
    const runDir = (await api.getRun(runId)).info.dir;
    const listBefore = await readFile(path.join(runDir, SUSPECTS_FILE));
    for (const engine of ['tfjs', 'torch'] as const) {
      const search = api.findSuspects(runId, { folds: 3, epochs: 20, engine });
      const failed = search.then(() => null, (error: Error) => error);
      let progress = await api.suspectsProgress(runId);
      while (progress === null || progress.epoch < 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        progress = await api.suspectsProgress(runId);
      }
      expect(progress).toMatchObject({ fold: 1, folds: 3, phase: 'training', epochs: 20, imagesDone: 0, images: 40 });
      await expect(api.findSuspects(runId, { folds: 3 })).rejects.toThrow(/already/);
      expect(await api.cancelSuspects(runId)).toBe(true);
      expect((await failed)?.message).toMatch(/^cancelled/);
      expect(existsSync(path.join(runDir, SUSPECT_FOLDS_DIR))).toBe(false);
      expect(await readFile(path.join(runDir, SUSPECTS_FILE))).toEqual(listBefore);
      expect(await api.suspectsProgress(runId)).toBeNull();
      expect(await api.cancelSuspects(runId)).toBe(false);
    }
  }, 240_000);
});
