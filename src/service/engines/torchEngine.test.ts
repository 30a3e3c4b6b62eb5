import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../../graph/presets';
import { torchInstalled } from '../../testing/installs';
import { needs } from '../../testing/requirements';
import { detectTorch } from '../../torch/detect';
import type { TrainEvent } from '../../contract/events';
import type { JobRequest, JobResult } from '../../contract/jobMessages';
import { runPaths } from '../../io/runFolder';
import { defaultJobScript, JobManager } from '../jobs';
import { PathPolicy } from '../paths';
import { prepareRun } from '../prepareRun';
import { tfjsEngine } from './tfjsEngine';
import { torchEngine } from './torchEngine';

/** A JobManager that also notes each one-shot request it sends to a job process, and whether the model's TF.js copy was there before. */
class NotingJobs extends JobManager {
  readonly sent: { type: string; modelBefore: boolean }[] = [];
  override oneShot<M extends Exclude<JobRequest, { type: 'classify' }>>(message: M): Promise<JobResult<M['type']>> {
    const modelBefore = 'runDir' in message && existsSync(path.join(runPaths(message.runDir).model, 'model.json'));
    this.sent.push({ type: message.type, modelBefore });
    return super.oneShot(message);
  }
}

let dir: string;
beforeAll(() => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
});
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

describe.runIf(needs(torchInstalled(await detectTorch())))('the PyTorch engine', () => {
  it("has a finished run's TF.js copy written by a job process before the run's end is delivered", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'inception-torch-engine-'));
    const workspace = path.join(dir, 'ws');
    const context = { workspace, paths: new PathPolicy(workspace, [dir]), chooseEngine: () => Promise.reject(new Error('the engine is given')) };
    const config = { engine: 'torch', data: { dir }, epochs: 1, batchSize: 8, torch: { synthetic: { images: 16, classes: 4 }, workers: 0, threads: 1, device: 'cpu', precision: 'fp32' } };
    const plan = await prepareRun(context, loadPreset('small-cnn'), config, true);
    if (plan.engine !== 'torch') throw new Error(`expected a PyTorch plan, got ${plan.engine}`);

    const jobs = new NotingJobs(() => undefined);
    let modelAtEnd = false;
    let onEnd: (end: TrainEvent) => void = () => undefined;
    const ended = new Promise<TrainEvent>((resolve) => (onEnd = resolve));
    const engine = torchEngine((_runId, event) => {
      if (event.type !== 'end') return;
      modelAtEnd = existsSync(path.join(runPaths(plan.runDir).model, 'model.json'));
      onEnd(event);
    }, jobs, tfjsEngine(jobs, { runtime: 'auto', cacheFile: null }));

    await engine.start(plan);
    expect(await ended).toMatchObject({ type: 'end', status: 'completed' });
    expect(jobs.sent).toEqual([{ type: 'tfjsFromTorch', modelBefore: false }]);
    expect(modelAtEnd).toBe(true);
    expect(engine.isRunning(plan.runId)).toBe(false);
  }, 180_000);
});
