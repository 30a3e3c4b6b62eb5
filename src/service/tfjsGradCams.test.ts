import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { EXPORT_TEST_DESIGN } from '../export/testing/designs';
import { writeTestRun } from '../import/testing/importedRuns';
import { firstImageOf } from '../testing/tinyRun';
import { correlation } from '../infer/correlation';
import { runGradCam } from '../infer/gradCamRun';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { defaultJobScript, JobManager } from './jobs';
import { TfjsGradCamJob } from './tfjsGradCamJob';
import { tfjsGradCams } from './tfjsGradCams';

const canRun = needs(fashionMnist('t10k'));

let dir = '';
let runDir = '';
let image = '';
const jobs = new JobManager(() => undefined);
const cams = tfjsGradCams(jobs);
beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-tfjs-gradcam-jobs-'));
  if (!canRun) return;
  // A finished run written here (seeded weights made irregular), not trained: what is claimed is how the jobs are
  // kept and that they answer as the one-shot path does, whatever the weights; and one real image.
  runDir = path.join(dir, 'run');
  await writeTestRun(runDir, EXPORT_TEST_DESIGN());
  await writeFashionMnistFolder(path.join(dir, 'images'), { perClass: 1, split: 't10k', format: 'png' });
  image = await firstImageOf(path.join(dir, 'images'));
}, 180_000);
afterAll(async () => {
  await cams.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(canRun)('TF.js Grad-CAM jobs kept per run', () => {
  it('answer as the one-shot path does, with one job per run and variant, reused, until shutdown', async () => {
    const first = await cams.gradCam(runDir, image, {});
    const second = await cams.gradCam(runDir, image, { label: 'class5' });
    expect(cams.workers()).toBe(1);
    expect(second.label).toBe('class5');
    const oneShot = await runGradCam(runDir, image, {});
    expect(correlation(Float32Array.from(first.map), Float32Array.from(oneShot.map))).toBeGreaterThan(0.9999);
    expect(first).toMatchObject({ engine: 'tfjs', node: oneShot.node, label: oneShot.label, height: oneShot.height, width: oneShot.width, randomHead: false });
    expect(first.predicted.label).toBe(oneShot.predicted.label);
    expect(first.overlay).toMatch(/^data:image\/png;base64,/);

    // A request that fails is its own error; the job stays and answers the next one.
    await expect(cams.gradCam(runDir, image, { node: 'no-such-node' })).rejects.toThrow(/no-such-node/);
    expect((await cams.gradCam(runDir, image, {})).map).toEqual(first.map);
    expect(cams.workers()).toBe(1);

    const random = await cams.gradCam(runDir, image, { randomHead: true });
    const randomOneShot = await runGradCam(runDir, image, { randomHead: true });
    expect(random.randomHead).toBe(true);
    expect(correlation(Float32Array.from(random.map), Float32Array.from(randomOneShot.map))).toBeGreaterThan(0.9999);
    expect(cams.workers()).toBe(2);
    await cams.shutdown();
    expect(cams.workers()).toBe(0);
  }, 240_000);

  it('a warm-up starts the run\'s job ahead of its first request; going to another run closes a job no request used', async () => {
    // The same run under a second path is another run to the service (its key is the path).
    const other = path.join(dir, 'same-run-elsewhere');
    await symlink(runDir, other, 'dir');
    await cams.warm(runDir);
    expect(cams.workers()).toBe(1);
    await cams.warm(other);
    expect(cams.workers()).toBe(1);
    const warmAnswer = await cams.gradCam(other, image, {});
    expect(cams.workers()).toBe(1);
    await cams.warm(runDir);
    expect(cams.workers()).toBe(2);
    expect((await cams.gradCam(runDir, image, {})).map).toEqual(warmAnswer.map);
    await cams.shutdown();
    expect(cams.workers()).toBe(0);
  }, 120_000);

  it('a job ends when closed, and one that cannot load its run says why', async () => {
    const job = await TfjsGradCamJob.start(jobs, runDir, false);
    expect(job.alive).toBe(true);
    await job.close();
    expect(job.alive).toBe(false);
    await expect(job.gradCam(image, {})).rejects.toThrow(/ended/);
    await expect(TfjsGradCamJob.start(jobs, path.join(dir, 'no-such-run'), false)).rejects.toThrow(/no-such-run/);
  }, 120_000);
});
