import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTorchTrainConfig } from '../contract/runConfig';
import { torchJobSchema } from '../contract/torchJob';
import { JOB_SCHEMA_FILE, jobSchemaText } from './jobSchema';
import { buildJob } from '../torchRun/options';
import { runnerScript } from './paths';

const run = promisify(execFile);
// Debian's interpreter, as the engine finds it; reading a job needs no torch.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

describe('the job file schema', () => {
  it('is the one generated from the zod contract (run `node scripts/write-job-schema.mjs` after changing it)', async () => {
    expect(await readFile(JOB_SCHEMA_FILE, 'utf8')).toBe(jobSchemaText());
  });
});

describe('the Python runner reads the contract', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'inception-job-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A job as the runner gets it: every value resolved from the options given (the TF.js defaults filled in). */
  const job = () => {
    const config = parseTorchTrainConfig({ data: { dir: 'images' }, torch: { synthetic: { images: 20, classes: 4 } }, earlyStopping: { patience: 2 } });
    const frozen = { nodes: ['conv1'], modules: ['conv1'] };
    const built = buildJob(config, { runDir: '..', net: 'net.py', graph: '../graph.json', split: null }, { channels: 1, height: 28, width: 28 }, false, { init: { weights: 'init.safetensors', record: 'init.json' }, frozen });
    return JSON.parse(JSON.stringify(torchJobSchema.parse(built))) as Record<string, Record<string, unknown>>;
  };

  /** Reads a job file with the runner's own reader; stdout is its resolved schedule, stderr why it refused. */
  async function readWithRunner(content: unknown, name: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const file = path.join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(content));
    const code = 'import json, sys\nfrom inception_runner import read_job\nprint(json.dumps(read_job(sys.argv[1])["config"]["schedule"]))';
    try {
      const { stdout, stderr } = await run(PYTHON, ['-c', code, file], { cwd: path.dirname(runnerScript()) });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('takes a job with every value, as the host writes it: the schedule the TypeScript contract chose (cosine)', async () => {
    const result = await readWithRunner(job(), 'complete');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ type: 'cosine', minFactor: 0.01 });
  });

  it('refuses a job with a key missing, naming it, instead of filling in a default', async () => {
    const missing = job();
    delete missing.config.schedule;
    const result = await readWithRunner(missing, 'missing');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/missing\.json: config\.schedule: missing \(a job file carries every value/);

    const deep = job();
    delete (deep.config.optimizer as Record<string, unknown>).beta2;
    expect((await readWithRunner(deep, 'deep')).stderr).toContain('config.optimizer.beta2: missing');
  });

  it('refuses a value of the wrong type or outside the contract, saying what was expected and found', async () => {
    const wrong = job();
    wrong.config.lr = '0.1';
    const result = await readWithRunner(wrong, 'wrong');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("wrong.json: config.lr: expected number, found '0.1'");

    const device = job();
    device.torch.device = 'gpu';
    expect((await readWithRunner(device, 'device')).stderr).toContain("torch.device: expected text matching ^(auto|cpu|mps|cuda(:\\d+)?)$, found 'gpu'");
    const schedule = job();
    schedule.config.schedule = { type: 'cosine', minFactor: 2 };
    expect((await readWithRunner(schedule, 'schedule')).stderr).toContain('config.schedule.minFactor: expected at most 1, found 2');
    const optimizer = job();
    optimizer.config.optimizer = { type: 'rmsprop' };
    expect((await readWithRunner(optimizer, 'optimizer')).stderr).toContain("config.optimizer.type: expected one of 'sgd', 'adam', 'adamw', found 'rmsprop'");
    const extra = job();
    extra.torch.python = '/usr/bin/python3';
    expect((await readWithRunner(extra, 'extra')).stderr).toContain('torch.python: not a field here');
  });

  it('refuses a job from a newer Inception Studio with a plain message', async () => {
    const newer = { ...job(), version: 2, somethingNew: true };
    const result = await readWithRunner(newer, 'newer');
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      `inception_runner: ${path.join(dir, 'newer.json')} was written by a newer Inception Studio (job version 2); this runner reads version 1: run the runner that came with that version, or write the job again with this one`,
    );
  });
});
