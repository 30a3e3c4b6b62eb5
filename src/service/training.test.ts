import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { loadPreset } from '../graph/presets';
import type { TrainEvent } from '../contract/events';
import type { FolderEvaluation } from './api';
import { dispatch } from './dispatch';
import { defaultJobScript } from './jobs';
import { createService, type InceptionService } from './service';

let dir: string;
let data: string;
let api: InceptionService;

beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-training-'));
  data = path.join(dir, 'images');
  await writeFashionMnistFolder(data, { perClass: 20, split: 't10k', format: 'png' });
  api = createService({ host: 'browser', workspace: path.join(dir, 'ws'), extraRoots: [data] });
}, 60_000);
afterAll(async () => {
  await api?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** Collects a run's events until its end event. */
function eventsUntilEnd(runId: string, onEvent?: (e: TrainEvent) => void): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  return new Promise((resolve) => {
    const off = api.onRunEvent((m) => {
      if (m.runId !== runId) return;
      events.push(m.event);
      onEvent?.(m.event);
      if (m.event.type === 'end') {
        off();
        resolve(events);
      }
    });
  });
}

const config = { data: { dir: '' }, epochs: 2, batchSize: 16, lr: 0.003, backend: 'wasm' };

describe.runIf(needs(fashionMnist()))('training through the service, in a child process', () => {
  it('scans a dataset with counts and warnings', async () => {
    const summary = await api.scanDataset(data);
    expect(summary.classes).toHaveLength(10);
    expect(summary.images).toBe(200);
    expect(summary.classes.every((c) => c.count === 20)).toBe(true);
    expect(summary.warnings).toEqual([]);
  });

  it('browses allowed folders only, and previews images as the network sees them', async () => {
    const roots = await api.browseFolder(null);
    expect(roots.entries.map((e) => e.path)).toContain(data);
    const listing = await api.browseFolder(data);
    expect(listing.entries).toHaveLength(10);
    expect(listing.entries.every((e) => e.kind === 'folder')).toBe(true);
    expect(listing.parent).toBeNull();
    expect(await dispatch(api, 'browseFolder', [path.dirname(data)])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const summary = await api.scanDataset(data);
    const [plain, flipped] = await Promise.all([
      api.previewImages([summary.examples[0][0]], { size: 32, channels: 1, resize: 'crop' }),
      api.previewImages([summary.examples[0][0]], { size: 32, channels: 1, resize: 'crop', augment: { cropPadding: 4, flip: true, rotation: 10, scale: 0.1, colorJitter: 0.2 }, variant: 3 }),
    ]);
    expect(plain[0].dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(flipped[0].dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(flipped[0].dataUrl).not.toBe(plain[0].dataUrl);
  });

  it('refuses a dataset folder outside the allowed roots', async () => {
    expect(await dispatch(api, 'scanDataset', ['/etc'])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('trains, stops gracefully, resumes, then evaluates, predicts and exports', async () => {
    const run = await api.startTraining(loadPreset('small-cnn'), { ...config, data: { dir: data } });
    expect(run.status).toBe('running');
    let stopAsked = false;
    const first = await eventsUntilEnd(run.id, (e) => {
      if (e.type === 'batch' && !stopAsked) {
        stopAsked = true;
        void api.stopTraining(run.id);
      }
    });
    expect(first.at(-1)).toMatchObject({ type: 'end', status: 'stopped' });
    expect((await api.listRuns())[0]).toMatchObject({ id: run.id, status: 'stopped' });

    await api.resumeTraining(run.id);
    const second = await eventsUntilEnd(run.id);
    expect(second.find((e) => e.type === 'start')).toMatchObject({ fromEpoch: 0 });
    expect(second.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 2 });

    const details = await api.getRun(run.id);
    expect(details.info).toMatchObject({ status: 'completed', epochsDone: 2, epochs: 2, engine: 'tfjs', backend: 'wasm' });
    expect(details.events.filter((e) => e.type === 'epoch')).toHaveLength(2);

    const evaluation = (await api.evaluateRun(run.id, data)) as FolderEvaluation;
    expect(evaluation.count).toBe(200);
    expect(evaluation.confusion).toHaveLength(10);
    expect(evaluation.cells[0][0].length).toBe(Math.min(24, evaluation.confusion[0][0]));
    const own = (await api.evaluateRun(run.id, null)) as FolderEvaluation;
    expect(own.count).toBe(40);

    const image = path.join(data, 'Bag', (await readdir(path.join(data, 'Bag')))[0]);
    const [prediction] = await api.predict(run.id, [image], 3);
    expect(prediction.top).toHaveLength(3);
    expect(prediction.top[0].probability).toBeGreaterThanOrEqual(prediction.top[1].probability);

    const [uploaded] = await api.predictUploads(run.id, [{ name: '../../evil name.png', base64: (await readFile(image)).toString('base64') }], 3);
    expect(uploaded.top.map((t) => t.label)).toEqual(prediction.top.map((t) => t.label));
    expect(path.dirname(uploaded.path)).toBe(path.join(dir, 'ws', 'uploads'));
    expect(path.basename(uploaded.path)).toMatch(/^[0-9a-f]{8}-evil_name\.png$/);

    const exported = await api.exportRun(run.id, 'tfjs');
    expect([...exported.files].sort()).toEqual(['README.md', 'graph.json', 'index.html', 'labels.json', 'model.json', 'page.js', 'preprocess.js', 'preprocessing.json', 'tf.min.js', 'ui.js', 'weights.bin']);

    // A finished run trains further only when given a larger total, from where it ended.
    await expect(api.resumeTraining(run.id)).rejects.toThrow(/already finished all 2 epochs; give a larger total/);
    await expect(api.resumeTraining(run.id, { epochs: 2 })).rejects.toThrow(/has done 2 epochs/);
    expect(await dispatch(api, 'resumeTraining', [run.id, { epochs: 0 }])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const further = api.resumeTraining(run.id, { epochs: 3 });
    const third = await eventsUntilEnd(run.id);
    expect(await further).toMatchObject({ status: 'running', epochs: 3 });
    expect(third.find((e) => e.type === 'start')).toMatchObject({ fromEpoch: 2, epochs: 3 });
    expect(third.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([2]);
    expect(third.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 3 });
    expect((await api.getRun(run.id)).info).toMatchObject({ status: 'completed', epochsDone: 3, epochs: 3 });
    const saved = JSON.parse(await readFile(path.join(dir, 'ws', 'runs', run.id, 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, epochs: 3, engine: 'tfjs' });
  }, 240_000);

  it('runs a learning-rate range test in a job process, on the allowed data only, writing no run', async () => {
    const before = await api.listRuns();
    // Batches of 4: what is checked here is the service's part (the job, the allowed data, no run written, the
    // answer's shape), which does not depend on the batch size; src/train/lrFinder.test.ts checks the sweep itself.
    const lrConfig = { ...config, batchSize: 4, data: { dir: data } };
    const result = await api.findLearningRate(loadPreset('small-cnn'), lrConfig);
    expect(result.points.length).toBeGreaterThanOrEqual(10);
    expect(result.points.every((p, i) => i === 0 || p.lr > result.points[i - 1].lr)).toBe(true);
    expect(result.suggested).toBeCloseTo(result.lowest / 10, 12);
    expect(await api.listRuns()).toEqual(before);
    await expect(api.findLearningRate(loadPreset('small-cnn'), { ...lrConfig, data: { dir: os.tmpdir() } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The PyTorch engine's options are accepted: the test itself runs on TF.js.
    expect(await dispatch(api, 'findLearningRate', [loadPreset('small-cnn'), { ...lrConfig, engine: 'torch', torch: { device: 'cpu' } }])).toMatchObject({ ok: true });
  }, 120_000);

  it('refuses a design whose classes do not match before starting, with the fix (as both engines do)', async () => {
    const graph = loadPreset('small-cnn');
    graph.nodes.find((n) => n.id === 'fc')!.params.units = 4;
    const before = await api.listRuns();
    await expect(api.startTraining(graph, { ...config, data: { dir: data } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining("set fc's units to 10") });
    expect(await api.listRuns()).toEqual(before);
  }, 60_000);

  it('refuses an invalid design before starting', async () => {
    const graph = loadPreset('small-cnn');
    graph.nodes.find((n) => n.id === 'conv1')!.params.kernel = 99;
    await expect(api.startTraining(graph, { ...config, data: { dir: data } })).rejects.toMatchObject({ code: 'INVALID_GRAPH' });
  });
});
