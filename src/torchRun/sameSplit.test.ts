import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunSplit, type RunSplit, splitForRun, writeRunSplit } from '../data/runSplit';
import { deriveSeed, mulberry32 } from '../data/random';
import { loadPreset } from '../graph/presets';
import { inputOf } from '../shapes/classes';
import { parseTrainConfig } from '../contract/runConfig';
import type { TrainEvent } from '../contract/events';
import { prepareData } from '../train/prepareData';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import { pythonAssetsDir } from '../torch/paths';
import { pythonEnv } from '../torch/python';
import { startPreparedTorchRun, torchRunPaths } from './runner';
import { prepareTorchRun, resumeTorchRun } from '../service/testing/preparedRuns';
import { writeGreyClassFolder } from './testing/classFolder';

const torch = await detectTorch();
const run = promisify(execFile);

type Lists = Pick<RunSplit, 'classes' | 'train' | 'validation'>;

/** Runs Python code with the runner's package importable; its stdout parsed as JSON. */
async function python<T>(interpreter: string, code: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(interpreter, ['-c', `import json, sys\nsys.path.insert(0, sys.argv[1])\n${code}`, pythonAssetsDir(), ...args], { env: pythonEnv(), maxBuffer: 1 << 26 });
  return JSON.parse(stdout) as T;
}

const AS_LISTS = 'lambda l: {"classes": l["classes"], "train": [{"path": p, "label": y} for p, y in l["train"]], "validation": [{"path": p, "label": y} for p, y in l["validation"]]}';

/** The lists the PyTorch runner trains on for a job file: what `Trainer.prepare_data` gets from `run_lists`. */
function runnerLists(jobFile: string): Promise<Lists> {
  return python<Lists>(torch.python!, `from inception_runner import read_job\nfrom inception_torch.data import run_lists\nas_lists = ${AS_LISTS}\nprint(json.dumps(as_lists(run_lists(read_job(sys.argv[2])))))`, jobFile);
}

const listsOf = (split: Lists): Lists => ({ classes: split.classes, train: split.train, validation: split.validation });

let root = '';
let data = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'inception-same-split-'));
  data = path.join(root, 'data');
  await writeGreyClassFolder(data, { classes: 3, perClass: 12, size: 28, seed: 5 });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the PyTorch runner\'s own split (a bundle without split.json) is the TF.js engine\'s algorithm', () => {
  const python3 = process.env.INCEPTION_PYTHON ?? 'python3';

  it('draws the same numbers (mulberry32, deriveSeed with numbers and UTF-16 strings)', async () => {
    const parts: (number | string)[][] = [[0], [7, 'split', 'cat'], [2 ** 31, 'split', 'é𝔸'], [123_456_789_012, 'epoch-order', 3]];
    const seeds = parts.map((p) => deriveSeed(...p));
    const draws = seeds.map((seed) => { const rng = mulberry32(seed); return [rng(), rng(), rng()]; });
    const out = await python<{ seeds: number[]; draws: number[][] }>(python3,
      'from inception_torch.folders import derive_seed, mulberry32\nparts = json.loads(sys.argv[2])\nseeds = [derive_seed(*p) for p in parts]\n'
      + 'def three(s):\n    r = mulberry32(s)\n    return [r(), r(), r()]\nprint(json.dumps({"seeds": seeds, "draws": [three(s) for s in seeds]}))', JSON.stringify(parts));
    expect(out.seeds).toEqual(seeds);
    expect(out.draws).toEqual(draws);
  });

  it('holds out the same files of the same folder', async () => {
    for (const seed of [0, 3]) {
      const ts = await splitForRun({ dir: data, validationFraction: 0.25, seed });
      const py = await python<Lists>(python3, `from inception_torch.folders import split_folder\nas_lists = ${AS_LISTS}\nprint(json.dumps(as_lists(split_folder({"dir": sys.argv[2], "valDir": None, "validationFraction": 0.25}, ${seed}))))`, data);
      expect(py).toEqual(listsOf(ts));
    }
  });
});

describe.runIf(needs(torchInstalled(torch)))('one split for both engines', () => {
  const config = { data: { dir: '', validationFraction: 0.25 }, epochs: 1, batchSize: 8, seed: 11, torch: { workers: 0, threads: 1, precision: 'fp32' } };
  const graph = loadPreset('small-cnn');

  /** The TF.js engine's data for a run folder (`prepareData`, as it trains). */
  async function tfjsLists(runDir: string): Promise<Lists> {
    const prepared = await prepareData(parseTrainConfig({ ...config, torch: undefined, data: { ...config.data, dir: data } }), inputOf(graph), undefined, runDir);
    return listsOf(prepared.split);
  }

  /**
   * Prepares a run and trains it one epoch with the PyTorch runner; the lists it used, and its start event.
   * `split`: written over the prepared run's split.json before the runner starts.
   */
  async function torchRun(runDir: string, split?: RunSplit): Promise<{ lists: Lists; start: Extract<TrainEvent, { type: 'start' }>; report: { counts: { train: number; validation: number }[]; split: object } }> {
    const events: TrainEvent[] = [];
    const plan = await prepareTorchRun({ runDir, graph, config: { ...config, data: { ...config.data, dir: data } }, fixClasses: true });
    if (split) await writeRunSplit(runDir, split);
    const started = await startPreparedTorchRun(plan, { onEvent: (e) => events.push(e) });
    const result = await started.finished;
    expect(result.status, result.stderr).toBe('completed');
    const start = events.find((e): e is Extract<TrainEvent, { type: 'start' }> => e.type === 'start')!;
    const report = JSON.parse(await readFile(path.join(runDir, 'report.json'), 'utf8'));
    return { lists: await runnerLists(torchRunPaths(runDir).job), start, report };
  }

  it('the same design, folder and seed give identical train and validation files in both engines', async () => {
    const tfjs = await tfjsLists(path.join(root, 'tfjs-run'));
    const { lists, start, report } = await torchRun(path.join(root, 'torch-run'));
    expect(lists).toEqual(tfjs);
    expect(tfjs.validation).toHaveLength(9);
    expect(start).toMatchObject({ trainSize: tfjs.train.length, valSize: tfjs.validation.length });
    expect(report.counts.map((c) => c.validation)).toEqual([3, 3, 3]);
    expect(report.split).toMatchObject({ seed: 11, validationFraction: 0.25, file: 'split.json', method: expect.stringContaining('mulberry32') });
    expect(await readRunSplit(path.join(root, 'torch-run'))).toMatchObject(tfjs);

    // A run from before split.json gets it when resumed, and trains on it: the TF.js engine's split.
    await unlink(path.join(root, 'torch-run', 'split.json'));
    const resumed = await resumeTorchRun(path.join(root, 'torch-run'));
    expect((await resumed.finished).status).toBe('completed');
    expect(await readRunSplit(path.join(root, 'torch-run'))).toMatchObject(tfjs);
    expect(await runnerLists(torchRunPaths(path.join(root, 'torch-run')).job)).toEqual(tfjs);
  }, 240_000);

  it('both engines train on the run folder\'s split.json, not on a split of their own', async () => {
    const split = await splitForRun({ dir: data, validationFraction: 0.25, seed: 11 });
    // A split no algorithm made: two training images moved to validation.
    const edited: RunSplit = { ...split, train: split.train.slice(2), validation: [...split.validation, ...split.train.slice(0, 2)] };
    await writeRunSplit(path.join(root, 'tfjs-edited'), edited);
    expect(await tfjsLists(path.join(root, 'tfjs-edited'))).toEqual(listsOf(edited));
    const { lists, start } = await torchRun(path.join(root, 'torch-edited'), edited);
    expect(lists).toEqual(listsOf(edited));
    expect(start).toMatchObject({ trainSize: split.train.length - 2, valSize: split.validation.length + 2 });
  }, 180_000);
});
