import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../data/sampleShapes';
import { loadPreset } from '../graph/presets';
import { defaultJobScript } from './jobs';

let dir = '';
beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-orphan-job-'));
  await writeShapesFolder(path.join(dir, 'shapes'), { perClass: 20 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a job whose service is gone', () => {
  it('ends at once when it is not training: a learning-rate test on GoogLeNet, its service killed two seconds in', async () => {
    // A stand-in for the service (a real `inception serve` is killed the same way): starts the job, then dies.
    const service = path.join(dir, 'service.mjs');
    const message = { type: 'findLr', graph: loadPreset('googlenet-96'), config: { data: { dir: path.join(dir, 'shapes') }, batchSize: 16, backend: 'wasm' } };
    await writeFile(service, [
      "import { fork } from 'node:child_process';",
      `const job = fork(${JSON.stringify(defaultJobScript())}, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });`,
      `job.send(${JSON.stringify(message)});`,
      'console.log(job.pid);',
      'setTimeout(() => process.kill(process.pid, "SIGKILL"), 2000);',
    ].join('\n'));
    const pid = await new Promise<number>((resolve) => execFile(process.execPath, [service], (_error, stdout) => resolve(Number(stdout.trim()))));
    expect(pid).toBeGreaterThan(0);
    try {
      const gone = Date.now() + 15_000;
      while (alive(pid) && Date.now() < gone) await new Promise((r) => setTimeout(r, 200));
      expect(alive(pid), 'the job still runs after its service was killed').toBe(false);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);
});
