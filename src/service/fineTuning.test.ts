import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { freezeUpTo } from '../graph/freeze';
import { loadPreset } from '../graph/presets';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { trainNewRun } from './testing/preparedRuns';
import { readJson, runPaths } from '../io/runFolder';
import type { TrainEvent } from '../contract/events';
import { dispatch } from './dispatch';
import { defaultJobScript } from './jobs';
import { runsDir } from './runs';
import { createService, type InceptionService } from './service';

let dir: string;
let data: string;
let workspace: string;
let api: InceptionService;

beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-finetuning-'));
  data = path.join(dir, 'images');
  workspace = path.join(dir, 'ws');
  api = createService({ host: 'browser', workspace, extraRoots: [data] });
});
afterAll(async () => {
  await api?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

const config = (init: unknown) => ({ data: { dir: data, workers: 1, validationFraction: 0 }, epochs: 1, batchSize: 16, backend: 'wasm' as const, engine: 'tfjs' as const, init });
const start = (init: unknown) => dispatch(api, 'startTraining', [loadPreset('small-cnn'), config(init), { fixClasses: true }]);

describe('fine-tuning through the service: refusals', () => {
  beforeAll(() => mkdir(data, { recursive: true }));

  it('refuses a run that is not there, or not a run id, and starts nothing', async () => {
    expect(await start({ run: '20260101-000000-nothing-here' })).toMatchObject({
      ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('no run 20260101-000000-nothing-here in') },
    });
    expect(await start({ run: '../elsewhere' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: '"../elsewhere" is not a run id' } });
    expect(await start({ run: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('init.run') } });
    expect(await readdir(runsDir(workspace)).catch(() => [])).toEqual([]);
  });

  it('refuses a run without a trained model', async () => {
    const unfinished = '20260101-000000-unfinished';
    await mkdir(runPaths(path.join(runsDir(workspace), unfinished)).checkpoints, { recursive: true });
    expect(await start({ run: unfinished })).toMatchObject({
      ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^run 20260101-000000-unfinished has no trained model to start from \(no model\.json or weights\.safetensors in .*model\): let it finish, or resume it$/) },
    });
    expect(await readdir(runsDir(workspace))).toEqual([unfinished]);
    await rm(path.join(runsDir(workspace), unfinished), { recursive: true });
  });
});

describe.runIf(needs(fashionMnist('t10k')))('fine-tuning through the service, in a child process', () => {
  it('resolves init.run to the run folder for the engine, which starts from its weights with a new head', async () => {
    await rm(data, { recursive: true, force: true });
    await writeFashionMnistFolder(data, { perClass: 6, split: 't10k' });
    const initId = '20260101-000000-pretrained';
    const initDir = path.join(runsDir(workspace), initId);
    await trainNewRun({ runDir: initDir, graph: loadPreset('small-cnn'), config: { ...config(null), init: null } });

    // Another run's runDir given by the caller is replaced by the one the service finds.
    const events: TrainEvent[] = [];
    const response = await dispatch(api, 'startTraining', [freezeUpTo(loadPreset('small-cnn'), 'conv2'), config({ run: initId, runDir: '/somewhere/else' }), { fixClasses: true }]);
    expect(response).toMatchObject({ ok: true });
    const runId = (response as { result: { id: string } }).result.id;
    await new Promise<void>((resolve) => {
      const off = api.onRunEvent((m) => {
        if (m.runId !== runId) return;
        events.push(m.event);
        if (m.event.type === 'end') {
          off();
          resolve();
        }
      });
    });
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'completed' });
    const runDir = path.join(runsDir(workspace), runId);
    expect(await readJson(runPaths(runDir).config)).toMatchObject({ init: { run: initId, runDir: initDir } });
    // Same ten classes as the init: the head is kept, every weight is copied.
    expect(await readJson(runPaths(runDir).report)).toMatchObject({ init: { run: initId, copied: 14, fresh: [] } });
    expect(events[0]).toMatchObject({ type: 'start', init: { run: initId, copied: 14, fresh: [] } });
  }, 120_000);
});
