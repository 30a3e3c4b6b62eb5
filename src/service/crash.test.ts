import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { compileGraph } from '../compile/compile';
import { loadPreset } from '../graph/presets';
import type { GraphDoc } from '../graph/types';
import { findCheckpoint, loadCheckpoint } from '../train/checkpoint';
import type { TrainEvent } from '../contract/events';
import { readJson, runPaths } from '../io/runFolder';
import { readMetrics } from '../io/metricsFile';
import { defaultJobScript, JobManager } from './jobs';
import { resumePlan } from './prepareRun';
import { prepareTfjsRun } from './testing/preparedRuns';

let dir: string;
let data: string;
beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-crash-'));
  data = path.join(dir, 'images');
  await writeFashionMnistFolder(data, { perClass: 16, split: 't10k', format: 'png' });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

interface JobRun {
  /** Every event of the run, its end last. */
  events: TrainEvent[];
  end: Extract<TrainEvent, { type: 'end' }>;
}

/**
 * Runs a training job to its end. With `killAt`, SIGKILLs the job at the first event that matches, and
 * rejects when the run ends without one: the crash the test wanted never happened.
 */
function runJob(jobs: JobManager, listeners: Map<string, (e: TrainEvent) => void>, runId: string, message: Parameters<JobManager['startTraining']>[1], killAt?: (e: TrainEvent) => boolean) {
  return new Promise<JobRun>((resolve, reject) => {
    const events: TrainEvent[] = [];
    let killed = false;
    listeners.set(runId, (event) => {
      events.push(event);
      if (!killed && killAt?.(event)) {
        killed = true;
        const pid = jobs.pidOf(runId);
        if (pid === undefined) reject(new Error(`no job process to kill at ${JSON.stringify(event)}`));
        else process.kill(pid, 'SIGKILL');
      }
      if (event.type !== 'end') return;
      if (killAt && !killed) reject(new Error(`the run ended (${event.status}) before the moment it was to be killed`));
      else resolve({ events, end: event });
    });
    jobs.startTraining(runId, message);
  });
}

interface RunState { epoch: number; step: number }

/** Where the last complete checkpoint left the run, read as a resume reads it; null when there is none. */
async function lastCheckpoint(runDir: string): Promise<RunState | null> {
  const paths = runPaths(runDir);
  const found = await findCheckpoint(paths.last);
  if (!found) return null;
  expect((await readdir(found)).sort()).toEqual(['manifest.json', 'weights.bin']);
  const model = compileGraph(await readJson<GraphDoc>(paths.graph));
  try {
    return await loadCheckpoint<RunState>(paths.last, model, null);
  } finally {
    model.dispose();
  }
}

const EPOCHS = 3;

/** The run started where the checkpoint left off: its epoch, and its next batch (none when every epoch was done). */
function expectResumedFrom(run: JobRun, state: RunState | null): void {
  expect(run.events.find((e) => e.type === 'start'), 'start event').toMatchObject({ fromEpoch: state?.epoch ?? 0 });
  const steps = run.events.flatMap((e) => (e.type === 'batch' ? [e.step] : []));
  if ((state?.epoch ?? 0) < EPOCHS) expect(steps[0], 'first batch').toBe(state?.step ?? 0);
  else expect(steps).toEqual([]);
}

function expectKilled(run: JobRun, moment: string): void {
  expect(run.end, moment).toMatchObject({ type: 'end', status: 'failed', message: expect.stringContaining('SIGKILL') });
}

describe.runIf(needs(fashionMnist()))('crash safety', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('kill -9 mid-epoch and at checkpoints: resume always continues from the last complete checkpoint', async () => {
    const listeners = new Map<string, (e: TrainEvent) => void>();
    const jobs = new JobManager((runId, event) => listeners.get(runId)?.(event));
    const runDir = path.join(dir, 'run');
    const config = { data: { dir: data, workers: 1 }, epochs: EPOCHS, batchSize: 16, lr: 0.003, backend: 'wasm' as const };
    const plan = await prepareTfjsRun({ runDir, graph: loadPreset('small-cnn'), config });
    const start = { type: 'start', runDir, graph: plan.graph, config: plan.config, fixClasses: false, prepared: { classes: plan.classes, resume: false } } as const;
    // Each resume reads the folder back, as the service does.
    const resume = async () => {
      const back = await resumePlan('r', runDir);
      if (back.engine !== 'tfjs') throw new Error('expected a TF.js run');
      return { type: 'start', runDir, graph: back.graph, config: back.config, fixClasses: false, prepared: { classes: back.classes, resume: true } } as const;
    };

    // Mid-epoch, on the third batch.
    let batches = 0;
    const first = await runJob(jobs, listeners, 'r', start, (e) => e.type === 'batch' && ++batches === 3);
    expectResumedFrom(first, null);
    expectKilled(first, 'mid-epoch');
    let resumeAt = await lastCheckpoint(runDir);

    // As an epoch ends (its checkpoints about to be written), as the first checkpoint is written (the next
    // one, if any, being written), and right after the last one (so one surely exists).
    const moments: [string, (e: TrainEvent) => boolean][] = [
      ['epoch', (e) => e.type === 'epoch'],
      ['checkpoint', (e) => e.type === 'checkpoint'],
      ['last checkpoint', (e) => e.type === 'checkpoint' && e.kind === 'last'],
    ];
    for (const [moment, killAt] of moments) {
      const crashed = await runJob(jobs, listeners, 'r', await resume(), killAt);
      expectResumedFrom(crashed, resumeAt);
      expectKilled(crashed, moment);
      resumeAt = await lastCheckpoint(runDir);
    }
    expect(resumeAt?.epoch).toBeGreaterThanOrEqual(1);

    const done = await runJob(jobs, listeners, 'r', await resume());
    expectResumedFrom(done, resumeAt);
    expect(done.end).toMatchObject({ type: 'end', status: 'completed', epochsDone: EPOCHS });
    const epochs = (await readMetrics(runPaths(runDir).metrics)).filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch);
    expect(new Set(epochs)).toEqual(new Set([0, 1, 2]));
    const leftovers = (await readdir(runPaths(runDir).checkpoints)).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  }, 480_000);
});
