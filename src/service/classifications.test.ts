import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/select';
import { compileGraph } from '../compile/compile';
import { saveLayersModel } from '../export/tfjsFiles';
import { loadPreset } from '../graph/presets';
import { CSV_HEADER, parseCsv } from '../infer/csv';
import type { ClassifyEventMessage } from './api';
import { dispatch } from './dispatch';
import { createService, type InceptionService } from './service';

const RUN = '20260101-000000-classify-test';
const CLASSES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
let dir = '';
let workspace = '';
let photos = '';
let api: InceptionService;

/** A run folder as a finished run leaves it: the Small CNN (untrained weights), its labels and preprocessing. */
async function writeRun() {
  await initBackend('cpu');
  const modelDir = path.join(workspace, 'runs', RUN, 'model');
  await mkdir(modelDir, { recursive: true });
  await saveLayersModel(compileGraph(loadPreset('small-cnn'), { seed: 1 }), modelDir);
  await writeFile(path.join(modelDir, 'labels.json'), JSON.stringify(CLASSES));
  await writeFile(path.join(modelDir, 'preprocessing.json'), JSON.stringify({ height: 28, width: 28, channels: 1, resize: 'crop', mean: [0.5], std: [0.25] }));
}

/** `count` grey PNGs spread over nested folders, and one broken file. */
async function writePhotos(root: string, count: number) {
  for (let i = 0; i < count; i++) {
    const sub = path.join(root, `g${i % 3}`, i % 2 ? 'deep' : '');
    await mkdir(sub, { recursive: true });
    const pixels = Buffer.alloc(28 * 28, (i * 37) % 256);
    await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path.join(sub, `p${i}.png`));
  }
  await writeFile(path.join(root, 'g0', 'broken.png'), 'no');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-classify-service-'));
  workspace = path.join(dir, 'ws');
  photos = path.join(workspace, 'photos');
  await writeRun();
  await writePhotos(photos, 40);
  api = createService({ host: 'browser', workspace });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('classifying a folder through the service', () => {
  it('pushes progress, pages and sorts the results, writes the CSV where allowed, and forgets it all when discarded', async () => {
    const events: ClassifyEventMessage[] = [];
    const unsubscribe = api.onClassifyEvent((e) => events.push(e));
    const started = await api.classifyFolder(RUN, photos, { topK: 3 });
    expect(started.status).toBe('running');
    const end = await api.classificationFinished(started.id);
    unsubscribe();
    expect(end).toMatchObject({ status: 'completed', progress: { done: 40, skipped: 1, total: 41 } });
    expect(events.at(-1)).toMatchObject({ id: started.id, status: 'completed' });

    const first = await api.classificationPage(started.id, { offset: 0, limit: 15, sort: 'path', descending: false });
    expect(first.count).toBe(40);
    expect(first.rows.map((r) => r.path)).toEqual([...first.rows.map((r) => r.path)].sort());
    expect(first.rows[0].top).toHaveLength(3);
    expect(first.skipped).toEqual([{ path: path.join(photos, 'g0', 'broken.png'), reason: expect.stringMatching(/not an image/) }]);
    const byProbability = await api.classificationPage(started.id, { offset: 0, limit: 40, sort: 'probability', descending: true });
    const p = byProbability.rows.map((r) => r.top[0].probability);
    expect(p).toEqual([...p].sort((x, y) => y - x));

    await expect(api.saveClassificationCsv(started.id, path.join(os.tmpdir(), 'not-allowed.csv'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.saveClassificationCsv(started.id, 'results.txt')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const saved = await api.saveClassificationCsv(started.id, 'exports/results.csv');
    expect(saved).toEqual({ path: path.join(workspace, 'exports', 'results.csv'), rows: 40 });
    const [header, ...rows] = parseCsv(await readFile(saved.path, 'utf8'));
    expect(header.join(',')).toBe(CSV_HEADER);
    expect(rows.map((r) => r[0])).toEqual((await api.classificationPage(started.id, { offset: 0, limit: 40, sort: 'path', descending: false })).rows.map((r) => r.path));
    expect(rows[0].slice(7)).toEqual(['', '', '', '']);

    await api.discardClassification(started.id);
    expect(await readdir(path.join(workspace, 'classifications'))).toEqual([]);
    await expect(api.classificationPage(started.id, { offset: 0, limit: 1, sort: 'path', descending: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);

  it('stops after the current batch when cancelled, keeping the results so far', async () => {
    const big = path.join(workspace, 'big');
    await writePhotos(big, 1500);
    const started = await api.classifyFolder(RUN, big);
    await new Promise<void>((resolve) => {
      const off = api.onClassifiedRows((m) => {
        if (m.id === started.id && m.rows.length) {
          off();
          resolve();
        }
      });
    });
    const stopped = await api.cancelClassification(started.id);
    expect(stopped.status).toBe('stopped');
    const page = await api.classificationPage(started.id, { offset: 0, limit: 10, sort: 'path', descending: false });
    expect(page.count).toBeGreaterThan(0);
    expect(page.count).toBeLessThan(1500);
    await api.discardClassification(started.id);
  }, 120_000);

  it('refuses bad arguments and a run without a model, saying why', async () => {
    expect(await dispatch(api, 'classificationPage', ['../x', { offset: 0, limit: 10, sort: 'path', descending: false }])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch(api, 'classificationPage', ['abc', { offset: 0, limit: 10_000, sort: 'path', descending: false }])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch(api, 'classifyFolder', [RUN, '/etc'])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const missing = await dispatch(api, 'classifyFolder', ['20260101-000000-none', photos]);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no trained model/) } });
  });
});
