import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { loadPreset } from '../graph/presets';
import { findCheckpoint } from '../train/checkpoint';
import type { TrainEvent } from '../train/events';
import { readMetrics, runPaths } from '../train/runFolder';
import { defaultJobScript, JobManager } from './jobs';

let dir: string;
let data: string;
beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-crash-'));
  data = path.join(dir, 'images');
  await writeFashionMnistFolder(data, { perClass: 16, split: 't10k', format: 'png' });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs a job until its end event; `kill` may SIGKILL it once it has started. */
function runJob(jobs: JobManager, listeners: Map<string, (e: TrainEvent) => void>, runId: string, message: Parameters<JobManager['startTraining']>[1], kill?: (e: TrainEvent) => boolean) {
  return new Promise<TrainEvent>((resolve) => {
    let killed = false;
    listeners.set(runId, (event) => {
      if (!killed && kill?.(event)) {
        killed = true;
        process.kill(jobs.pidOf(runId)!, 'SIGKILL');
      }
      if (event.type === 'end') resolve(event);
    });
    jobs.startTraining(runId, message);
  });
}

describe.runIf(needs(fashionMnist()))('crash safety', () => {
  it('kill -9 mid-epoch and at checkpoints: resume always continues from the last complete checkpoint', async () => {
    const listeners = new Map<string, (e: TrainEvent) => void>();
    const jobs = new JobManager((runId, event) => listeners.get(runId)?.(event));
    const runDir = path.join(dir, 'run');
    const config = { data: { dir: data, workers: 1 }, epochs: 3, batchSize: 16, lr: 0.003, backend: 'wasm' };

    // Mid-epoch, on the third batch.
    let batches = 0;
    const first = await runJob(jobs, listeners, 'r', { type: 'start', runDir, graph: loadPreset('small-cnn'), config, fixClasses: false }, (e) => e.type === 'batch' && ++batches === 3);
    expect(first).toMatchObject({ type: 'end', status: 'failed', message: expect.stringContaining('SIGKILL') });

    // Right as checkpoints are written: the end of epoch 1 and, on the next try, the best checkpoint.
    for (const moment of ['epoch', 'checkpoint'] as const) {
      const crashed = await runJob(jobs, listeners, 'r', { type: 'start', runDir, fixClasses: false }, (e) => e.type === moment);
      expect(crashed.type).toBe('end');
      const found = await findCheckpoint(runPaths(runDir).last);
      if (found) expect((await readdir(found)).sort()).toEqual(['manifest.json', 'weights.bin']);
    }

    const done = await runJob(jobs, listeners, 'r', { type: 'start', runDir, fixClasses: false });
    expect(done).toMatchObject({ type: 'end', status: 'completed', epochsDone: 3 });
    const epochs = (await readMetrics(runPaths(runDir).metrics)).filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch);
    expect(new Set(epochs)).toEqual(new Set([0, 1, 2]));
    const leftovers = (await readdir(runPaths(runDir).checkpoints)).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  }, 240_000);
});
