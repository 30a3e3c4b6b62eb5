import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../data/sampleShapes';
import { loadPreset } from '../graph/presets';
import { defaultJobScript } from './jobs';
import { createService } from './service';

let dir = '';
beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-shutdown-'));
  await writeShapesFolder(path.join(dir, 'shapes'), { perClass: 20 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Our child processes that run the job bundle or a Python tool (what a service starts). */
function jobProcesses(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(path.basename(defaultJobScript())) || line.includes('inception_tools.py'));
}

const waitFor = async (ready: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!ready() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
};

describe.runIf(process.platform === 'linux')('shutting the service down', () => {
  it('ends a learning-rate test and an engine measurement under way, and the measurement writes nothing into the workspace', async () => {
    const workspace = path.join(dir, 'ws');
    const api = createService({ host: 'browser', workspace, extraRoots: [dir] });
    const googlenet = loadPreset('googlenet-96');
    const lr = api.findLearningRate(googlenet, { data: { dir: path.join(dir, 'shapes') }, batchSize: 16, backend: 'wasm' });
    const choice = api.chooseEngine(true, googlenet);
    lr.catch(() => undefined);
    choice.catch(() => undefined);
    await waitFor(() => jobProcesses().length >= 2, 30_000);
    expect(jobProcesses().length, 'the learning-rate job and a probe are running').toBeGreaterThanOrEqual(2);

    await api.shutdown();
    expect(jobProcesses(), 'job processes left after shutdown').toEqual([]);
    await expect(lr).rejects.toThrow();
    await expect(choice).rejects.toThrow();
    expect(existsSync(path.join(workspace, 'cache', 'engine-speed.json')), 'a measurement cut short was cached').toBe(false);
  }, 60_000);
});
