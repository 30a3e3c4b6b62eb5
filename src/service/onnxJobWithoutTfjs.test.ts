import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceRuntime } from '../contract/inference';
import { loadPreset } from '../graph/presets';
import { writeTestImages, writeTestRun } from '../import/testing/importedRuns';
import { defaultJobScript, JobManager } from './jobs';

// A predict job started as the service starts it, from the built dist/node/job.mjs, reporting at its exit whether
// TF.js was loaded in it (TF.js keeps its engine in `globalThis._tfengine` from the moment it loads).
let dir = '';
let runDir = '';
let image = '';
let probeFile = '';
let cacheFile = '';
let jobs: JobManager;

beforeAll(async () => {
  const jobScript = defaultJobScript();
  if (!existsSync(jobScript) || !existsSync(path.join(path.dirname(jobScript), 'ortProcess.mjs'))) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-onnx-job-'));
  runDir = path.join(dir, 'run');
  await writeTestRun(runDir, loadPreset('small-cnn'));
  [image] = await writeTestImages(path.join(dir, 'images'), 1, { seed: 5 });
  probeFile = path.join(dir, 'tf-loaded.json');
  cacheFile = path.join(dir, 'inference-speed.json');
  const probed = path.join(dir, 'probedJob.mjs');
  await writeFile(probed, [
    "import { writeFileSync } from 'node:fs';",
    `process.on('exit', () => writeFileSync(${JSON.stringify(probeFile)}, JSON.stringify('_tfengine' in globalThis)));`,
    `await import(${JSON.stringify(pathToFileURL(jobScript).href)});`,
  ].join('\n'));
  jobs = new JobManager(() => {}, probed);
}, 120_000);
afterAll(async () => {
  await jobs?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** Predicts the image with the runtime chosen automatically (cached in `cacheFile`); whether TF.js loaded, and the answer. */
async function predictAuto(): Promise<{ tfLoaded: boolean; probability: number }> {
  await rm(probeFile, { force: true });
  const [prediction] = await jobs.oneShot({ type: 'predict', runDir, images: [image], topK: 1, inference: { runtime: 'auto', cacheFile } });
  expect(prediction.error).toBeUndefined();
  for (let i = 0; i < 100 && !existsSync(probeFile); i++) await new Promise((r) => setTimeout(r, 50));
  return { tfLoaded: JSON.parse(await readFile(probeFile, 'utf8')) as boolean, probability: prediction.top[0].probability };
}

/** Rewrites the cached measurement so that `winner` is the faster runtime. */
async function cacheSaysFaster(winner: InferenceRuntime): Promise<void> {
  const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { entries: Record<string, { measured: { runtime: InferenceRuntime; imagesPerSecond: number; rounds: number[] }[] }> };
  const entries = Object.values(cache.entries);
  expect(entries).toHaveLength(1);
  for (const m of entries[0].measured) {
    m.imagesPerSecond = m.runtime === winner ? 1000 : 10;
    m.rounds = [m.imagesPerSecond];
  }
  await writeFile(cacheFile, JSON.stringify(cache));
}

describe('a job on ONNX Runtime', () => {
  it('does not load TF.js once the cached choice is ONNX Runtime, and does when it is TF.js', async () => {
    const measured = await predictAuto();
    expect(measured.tfLoaded).toBe(true); // both runtimes measured: TF.js had to load
    await cacheSaysFaster('onnx');
    const onOnnx = await predictAuto();
    expect(onOnnx.tfLoaded).toBe(false);
    await cacheSaysFaster('tfjs');
    const onTfjs = await predictAuto();
    expect(onTfjs.tfLoaded).toBe(true);
    expect(Math.abs(onOnnx.probability - onTfjs.probability)).toBeLessThan(1e-4);
  }, 120_000);
});
