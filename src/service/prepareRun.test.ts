import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greyPng } from '../data/testing/images';
import { loadPreset } from '../graph/presets';
import { readJson, runPaths } from '../io/runFolder';
import { readRunSplit } from '../data/runSplit';
import { PathPolicy } from './paths';
import { dispatch } from './dispatch';
import { prepareRun, type RunPreparation } from './prepareRun';
import { createService } from './service';
import { newRunId, runsDir } from './runs';

let dir: string;
let data: string;
let context: RunPreparation;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-prepare-'));
  data = path.join(dir, 'images');
  for (const name of ['cat', 'dog', 'owl']) {
    await mkdir(path.join(data, name), { recursive: true });
    for (let i = 0; i < 2; i++) await writeFile(path.join(data, name, `${i}.png`), await greyPng(8, 8, 40 * i));
  }
  const workspace = path.join(dir, 'ws');
  context = { workspace, paths: new PathPolicy(workspace, [data]), chooseEngine: async () => ({ engine: 'tfjs', device: 'cpu', title: 'TF.js on cpu', reason: 'test', measured: [], measuredAt: 0, cached: false, design: 'test', sizeClass: 'test', provisional: false, othersCores: null, cores: 1, measurements: 1 }) };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const runFolders = async () => readdir(runsDir(context.workspace)).catch(() => [] as string[]);

describe('prepareRun', () => {
  it('prepares a run once: the design fitted to the classes, graph.json, config.json and split.json written as the plan says', async () => {
    const plan = await prepareRun(context, loadPreset('small-cnn'), { data: { dir: data }, epochs: 1 }, true);
    expect(plan).toMatchObject({ engine: 'tfjs', classes: ['cat', 'dog', 'owl'], fixClasses: true, init: null, resume: false });
    expect(plan.graph.nodes.find((n) => n.id === 'fc')?.params.units).toBe(3);
    expect(plan.config).toMatchObject({ engine: 'tfjs', epochs: 1, data: { dir: data, mean: null } });
    expect((await readdir(plan.runDir)).sort()).toEqual(['checkpoints', 'config.json', 'graph.json', 'split.json']);
    expect(await readJson(runPaths(plan.runDir).graph)).toEqual(plan.graph);
    expect(await readJson(runPaths(plan.runDir).config)).toEqual(plan.config);
    const split = await readRunSplit(plan.runDir);
    expect(split?.classes).toEqual(plan.classes);
    expect(split?.method).toMatchObject({ dir: data, seed: plan.config.seed, validationFraction: plan.config.data.validationFraction });
  });

  it('types the plan for the PyTorch engine, whose synthetic data names its own classes', async () => {
    const plan = await prepareRun(context, loadPreset('small-cnn'), { engine: 'torch', data: { dir: data }, torch: { synthetic: { images: 20, classes: 4 } } }, true);
    if (plan.engine !== 'torch') throw new Error(`expected a PyTorch plan, got ${plan.engine}`);
    expect(plan.classes).toEqual(['class0', 'class1', 'class2', 'class3']);
    expect(plan.config.torch.synthetic).toEqual({ images: 20, classes: 4 });
    expect(await readJson(runPaths(plan.runDir).config)).toMatchObject({ engine: 'torch', torch: { synthetic: { classes: 4 } } });
  });

  it('refuses a class-count mismatch without the fix, saying how to fix it, and creates no run', async () => {
    const before = await runFolders();
    await expect(prepareRun(context, loadPreset('small-cnn'), { data: { dir: data } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: "the design outputs 10 classes but the dataset has 3 (cat, dog, owl); set fc's units to 3",
      option: 'fix-classes',
    });
    expect(await runFolders()).toEqual(before);
  });

  it('sends the fix that does it apart from the plain words, through the API envelope', async () => {
    const api = createService({ host: 'browser', workspace: context.workspace, extraRoots: [data] });
    try {
      expect(await dispatch(api, 'startTraining', [loadPreset('small-cnn'), { data: { dir: data }, engine: 'tfjs' }])).toEqual({
        ok: false,
        error: { code: 'BAD_REQUEST', message: "the design outputs 10 classes but the dataset has 3 (cat, dog, owl); set fc's units to 3", option: 'fix-classes' },
      });
    } finally {
      await api.shutdown();
    }
  });

  it('refuses a bad design with the node and field, and data outside the allowed folders', async () => {
    const graph = loadPreset('small-cnn');
    graph.nodes.find((n) => n.id === 'conv1')!.params.kernel = 99;
    await expect(prepareRun(context, graph, { data: { dir: data } })).rejects.toMatchObject({ code: 'INVALID_GRAPH', message: expect.stringMatching(/^fix the design first: node conv1, kernel: /) });
    await expect(prepareRun(context, { format: 'nope' }, { data: { dir: data } })).rejects.toMatchObject({ code: 'INVALID_GRAPH', message: expect.stringMatching(/^the design is invalid: format: expected format/) });
    await expect(prepareRun(context, loadPreset('small-cnn'), { data: { dir: os.tmpdir() } }, true)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('resolves the run fine-tuning starts from, with the normalisation its weights expect', async () => {
    const source = newRunId('source', new Date(2020, 0, 1));
    const sourceDir = path.join(runsDir(context.workspace), source);
    await mkdir(runPaths(sourceDir).model, { recursive: true });
    await expect(prepareRun(context, loadPreset('small-cnn'), { data: { dir: data }, init: { run: source } }, true)).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: expect.stringContaining(`run ${source} has no trained model to start from`),
    });
    await writeFile(path.join(runPaths(sourceDir).model, 'model.json'), '{}');
    await writeFile(path.join(runPaths(sourceDir).model, 'preprocessing.json'), JSON.stringify({ mean: [0.3], std: [0.2] }));
    const plan = await prepareRun(context, loadPreset('small-cnn'), { data: { dir: data }, init: { run: source, runDir: '/somewhere/else' } }, true);
    expect(plan.init).toEqual({ run: source, runDir: sourceDir });
    expect(plan.config).toMatchObject({ init: { run: source, runDir: sourceDir }, data: { mean: [0.3], std: [0.2] } });
    await expect(prepareRun(context, loadPreset('small-cnn'), { data: { dir: data }, init: { run: '20200101-000000-missing' } }, true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
