import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainEvent } from '../contract/events';
import { dispatch } from './dispatch';
import { readRunInfo, runsDir } from './runs';
import { createService } from './service';

let workspace: string;
const runId = '20261201-101500-small-cnn';

const start = (time: number, fromEpoch: number): TrainEvent => ({
  type: 'start', time, engine: 'tfjs', backend: 'wasm', classes: ['2', '10'], trainSize: 8, valSize: 2, epochs: 3, stepsPerEpoch: 2, fromEpoch,
});
const epoch = (time: number, n: number, valLoss: number, valAccuracy: number, best: boolean): TrainEvent => ({
  type: 'epoch', time, epoch: n, loss: 1, accuracy: 0.5, valLoss, valAccuracy, lr: 0.01, imagesPerSecond: 10, seconds: 5, etaSeconds: 0, best,
});

/** A run stopped after two epochs, left for 10 minutes, resumed for a third epoch with a higher accuracy but a worse loss. */
const events: TrainEvent[] = [
  start(1000, 0),
  epoch(1010, 0, 0.8, 0.70, true),
  epoch(1020, 1, 0.5, 0.85, true),
  { type: 'end', time: 1021, status: 'stopped', epochsDone: 2, bestValAccuracy: 0.85, bestValLoss: 0.5 },
  start(1621, 2),
  epoch(1631, 2, 0.6, 0.90, false),
  { type: 'end', time: 1640, status: 'completed', epochsDone: 3, bestValAccuracy: 0.85, bestValLoss: 0.5 },
];

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-runs-'));
  const dir = path.join(runsDir(workspace), runId);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ epochs: 3, engine: 'tfjs', data: { dir: '/home/me/images/digits' } }));
  await writeFile(path.join(dir, 'graph.json'), JSON.stringify({ name: 'Small CNN' }));
  await writeFile(path.join(dir, 'metrics.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
});
afterAll(() => rm(workspace, { recursive: true, force: true }));

describe('readRunInfo', () => {
  it('reports the best epoch’s accuracy and the time spent training, as the engines’ reports do', async () => {
    const info = await readRunInfo(workspace, runId, false);
    expect(info).toMatchObject({ status: 'completed', epochsDone: 3, bestEpoch: 1, bestValAccuracy: 0.85 });
    // 21 s before the stop and 19 s after the resume; not the 640 s between the first and last event.
    expect(info!.seconds).toBe(40);
  });

  it('says which folder and classes the run trained on', async () => {
    const info = await readRunInfo(workspace, runId, false);
    expect(info).toMatchObject({ dataDir: '/home/me/images/digits', classes: ['2', '10'], label: null, name: 'Small CNN' });
  });
});

describe('config versions', () => {
  it('lists runs whatever their config version: unversioned (above), current, and newer than this app reads', async () => {
    for (const [id, version] of [['20261201-101600-current', 1], ['20261201-101700-newer', 99]] as const) {
      const dir = path.join(runsDir(workspace), id);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'config.json'), JSON.stringify({ version, epochs: 4, engine: 'tfjs', data: { dir: '/images' } }));
      expect(await readRunInfo(workspace, id, false)).toMatchObject({ id, epochs: 4, dataDir: '/images', status: 'interrupted' });
      await rm(dir, { recursive: true });
    }
  });
});

describe('renameRun', () => {
  it('stores a run’s own name in its folder and reads it back; an empty name removes it', async () => {
    const api = createService({ host: 'browser', workspace });
    expect((await api.renameRun(runId, '  digits,   no flip ')).label).toBe('digits, no flip');
    expect(JSON.parse(await readFile(path.join(runsDir(workspace), runId, 'label.json'), 'utf8'))).toEqual({ label: 'digits, no flip' });
    expect((await api.listRuns())[0].label).toBe('digits, no flip');
    expect((await api.renameRun(runId, '')).label).toBeNull();
  });

  it('is checked at the edge: a run id and a name of at most 120 characters', async () => {
    const api = createService({ host: 'browser', workspace });
    const tooLong = await dispatch(api, 'renameRun', [runId, 'x'.repeat(121)]);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const missing = await dispatch(api, 'renameRun', ['20261201-000000-none', 'a']);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(api, 'renameRun', [runId, 'ok'])).toMatchObject({ ok: true, result: { label: 'ok' } });
  });
});
