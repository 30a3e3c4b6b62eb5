import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultJobScript, JobManager } from './jobs';

let dir: string;
/** A job process that answers every request with the given `result` payload. */
async function answering(result: unknown): Promise<JobManager> {
  const script = path.join(dir, `answer-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(script, `process.on('message', () => { process.send(${JSON.stringify({ type: 'result', result })}, () => process.disconnect()); });\n`);
  return new JobManager(() => undefined, script);
}

/**
 * A job process that exits at once, its answer sent 300 ms later by a process it started that shares its IPC
 * channel (fd 3): the service sees the exit before the answer, as it may under load.
 */
async function answeringAfterExit(result: unknown): Promise<JobManager> {
  const script = path.join(dir, `late-${Math.random().toString(36).slice(2)}.mjs`);
  const later = `setTimeout(() => require('fs').writeSync(3, ${JSON.stringify(JSON.stringify({ type: 'result', result }))} + '\\n'), 300);`;
  await writeFile(script, [
    "import { spawn } from 'node:child_process';",
    `process.on('message', () => { spawn(process.execPath, ['-e', ${JSON.stringify(later)}], { stdio: ['ignore', 'ignore', 'ignore', 3] }); process.exit(0); });`,
  ].join('\n'));
  return new JobManager(() => undefined, script);
}

beforeAll(async () => {
  if (!existsSync(defaultJobScript())) execFileSync(process.execPath, ['scripts/build-node.mjs']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-job-results-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a job's answer is checked against its request's schema where it arrives", () => {
  it('passes a well-formed answer on, typed; NaN that JSON turned into null comes back as NaN', async () => {
    const jobs = await answering([{ path: '/a.png', top: [{ label: 'cat', probability: null }] }]);
    const [prediction] = await jobs.oneShot({ type: 'predict', runDir: dir, images: ['/a.png'], topK: 1 });
    expect(prediction.path).toBe('/a.png');
    expect(prediction.top[0].probability).toBeNaN();
  });

  it('refuses an answer outside the schema, naming the field', async () => {
    const jobs = await answering({ files: 'model.json' });
    await expect(jobs.oneShot({ type: 'exportTfjs', runDir: dir, outDir: dir })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/^the exportTfjs job answered outside its schema: files: /),
    });
  });
});

describe('an answer the service reads after the job has exited', () => {
  it('is taken, not reported as a crash', async () => {
    const jobs = await answeringAfterExit({ files: ['model.json'] });
    await expect(jobs.oneShot({ type: 'exportTfjs', runDir: dir, outDir: dir })).resolves.toEqual({ files: ['model.json'] });
  });
});

describe('a request outside the job schema', () => {
  it('is answered with an error by the job, not left waiting', async () => {
    const jobs = new JobManager(() => undefined);
    const request = { type: 'findLr', graph: { format: 'inception-studio.graph' }, config: { data: { dir } } };
    // Sent as a caller outside TypeScript would: the design is no graph document.
    await expect(jobs.oneShot(JSON.parse(JSON.stringify(request)))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^the job got a message outside its schema: graph\./),
    });
  }, 60_000);
});
