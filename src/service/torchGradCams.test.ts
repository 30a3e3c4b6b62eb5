import { rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { EXPORT_TEST_DESIGN } from '../export/testing/designs';
import { writeTestRun } from '../import/testing/importedRuns';
import { firstImageOf } from '../testing/tinyRun';
import { correlation } from '../infer/correlation';
import { runGradCam } from '../infer/gradCamRun';
import { fashionMnist, torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import { torchGradCams } from './torchGradCams';

const canRun = needs(torchInstalled(await detectTorch()), fashionMnist('t10k'));

let dir = '';
let runDir = '';
let image = '';
const cams = torchGradCams();
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-gradcam-workers-'));
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

describe.runIf(canRun)('PyTorch Grad-CAM workers kept per run', () => {
  it('answer as the one-shot tool does, with one Python process per run and variant, reused, until shutdown', async () => {
    const first = await cams.gradCam(runDir, image, { engine: 'torch' });
    const second = await cams.gradCam(runDir, image, { engine: 'torch', label: 'class5' });
    expect(cams.workers()).toBe(1);
    expect(second.label).toBe('class5');
    const oneShot = await runGradCam(runDir, image, { engine: 'torch' });
    expect(correlation(Float32Array.from(first.map), Float32Array.from(oneShot.map))).toBeGreaterThan(0.9999);
    expect(first).toMatchObject({ engine: 'torch', node: oneShot.node, label: oneShot.label, predicted: { label: oneShot.predicted.label } });
    expect(first.overlay).toMatch(/^data:image\/png;base64,/);

    // A request that fails is its own error; the worker stays and answers the next one.
    await expect(cams.gradCam(runDir, image, { engine: 'torch', node: 'no-such-node' })).rejects.toThrow(/no-such-node/);
    const random = await cams.gradCam(runDir, image, { engine: 'torch', randomHead: true });
    expect(random.randomHead).toBe(true);
    expect(cams.workers()).toBe(2);
    await cams.shutdown();
    expect(cams.workers()).toBe(0);
  }, 180_000);
});
