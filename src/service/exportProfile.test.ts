import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentProfile, ExportFormat } from '../contract/apiTypes';
import { findChromium } from '../export/profile/findChromium';
import { loadPreset } from '../graph/presets';
import { writeTestRun } from '../import/testing/importedRuns';
import { defaultJobScript } from './jobs';
import { createService, type InceptionService } from './service';

let dir: string;
let api: InceptionService;
const runId = '20260101-000000-small-cnn';

/** Without a Chromium on the machine the Chromium rows cannot have numbers: skipped, except on CI, where it fails. */
const haveChromium = Boolean(findChromium()) || Boolean(process.env.CI);

beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-profile-run-'));
  const workspace = path.join(dir, 'ws');
  // A finished run written here (Small CNN, seeded weights made irregular), not trained: the profile measures the
  // exported files with generated inputs, whatever the weights.
  await writeTestRun(path.join(workspace, 'runs', runId), loadPreset('small-cnn'));
  api = createService({ host: 'browser', workspace });
}, 180_000);
afterAll(async () => {
  await api?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** Every row measured: a where, a size, a peak memory, latencies > 0 with p95 ≥ median. */
function expectMeasured(profile: DeploymentProfile): void {
  for (const row of profile.rows) {
    expect(row.unavailable, row.runtime).toBeUndefined();
    expect(row.where.length).toBeGreaterThan(0);
    expect(row.sizeBytes).toBeGreaterThan(0);
    expect(row.peakMemoryBytes).toBeGreaterThan(1e6);
    expect(row.medianMs).toBeGreaterThan(0);
    expect(row.p95Ms!).toBeGreaterThanOrEqual(row.medianMs!);
    expect(row.runs).toBe(50);
  }
}

describe.runIf(haveChromium)('exportRun with profile: onnxruntime-node and the runtimes in Chromium', () => {
  it.each([
    ['onnx', ['onnxruntime-node (CPU), float32', 'onnxruntime-web (wasm, 1 thread), float32']],
    ['tflite', ['LiteRT.js (wasm, XNNPack), float32']],
    ['tfjs', [expect.stringMatching(/^TF\.js \(\w+ backend\), float32$/)]],
  ] as const)('%s: profile.json, the model card and the answer have a row per runtime, each with numbers', async (format, runtimes) => {
    const written = await api.exportRun(runId, format as ExportFormat, null, { profile: true });
    const profile = JSON.parse(await readFile(path.join(written.dir, 'profile.json'), 'utf8')) as DeploymentProfile;
    expect(written.files).toContain('profile.json');
    expect(written.profile).toEqual(profile);
    expect(profile.rows.map((r) => r.runtime)).toEqual(runtimes);
    expectMeasured(profile);
    const browserRows = profile.rows.filter((r) => !r.runtime.startsWith('onnxruntime-node'));
    expect(browserRows.every((r) => /^Chromium \d+\./.test(r.where))).toBe(true);
    const card = await readFile(path.join(written.dir, 'README.md'), 'utf8');
    expect(card).toContain('## Deployment profile');
    for (const row of profile.rows) expect(card).toContain(`| ${row.runtime} | ${row.where} |`);
  }, 240_000);

  it('says in plain words that the Chromium rows were not measured when no Chromium is found, and still measures onnxruntime-node', async () => {
    const previous = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = path.join(dir, 'no-such-chromium');
    try {
      const written = await api.exportRun(runId, 'onnx', null, { profile: true });
      const [node, web] = written.profile!.rows;
      expect(node.medianMs).toBeGreaterThan(0);
      expect(web.runtime).toBe('onnxruntime-web (wasm, 1 thread), float32');
      expect(web.medianMs).toBeNull();
      expect(web.unavailable).toBe('Not measured: no Chromium or Chrome was found on this machine (set CHROMIUM_PATH to one).');
      expect(await readFile(path.join(written.dir, 'README.md'), 'utf8')).toContain(`- onnxruntime-web (wasm, 1 thread), float32: ${web.unavailable}`);
    } finally {
      if (previous === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = previous;
    }
  }, 240_000);
});
