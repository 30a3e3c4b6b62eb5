import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { freezeUpTo } from '../graph/freeze';
import { loadPreset } from '../graph/presets';
import { writeImportedRun } from '../import/writeImported';
import type { TrainEvent } from '../contract/events';
import { fashionMnist, torchGloo, torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { generateTorchModule } from '../torch/codegen';
import { detectTorch } from '../torch/detect';
import { exportPytorchBundle } from './export';
import { torchRunPaths } from './runner';
import { resumeTorchRun, startNewTorchRun } from '../service/testing/preparedRuns';
import { encodeSafetensors, readSafetensors, type StoredTensor } from '../torch/safetensors';
import { torchToTfjs } from '../torch/weights';

const torch = await detectTorch();

const bytesOf = (t: StoredTensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
const modelWeights = async (runDir: string) => (await readSafetensors(path.join(runDir, 'model', 'weights.safetensors'))).tensors;
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe.runIf(needs(torchInstalled(torch), fashionMnist('t10k')))('fine-tuning with the PyTorch engine', { timeout: 180_000 }, () => {
  let root = '';
  let tenClasses = '';
  let fourClasses = '';
  let initRun = '';
  const config = (dir: string, extra: object = {}) => ({
    data: { dir, validationFraction: 0.25 },
    augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 },
    optimizer: { type: 'adam' }, lr: 0.01, schedule: { type: 'constant' },
    epochs: 1, batchSize: 8, seed: 3, torch: { workers: 0, threads: 1, precision: 'fp32' }, ...extra,
  });

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'torch-finetune-'));
    tenClasses = path.join(root, 'ten');
    fourClasses = path.join(root, 'four');
    await writeFashionMnistFolder(tenClasses, { perClass: 8, split: 't10k' });
    await writeFashionMnistFolder(fourClasses, { perClass: 12, split: 't10k' });
    await Promise.all(FASHION_MNIST_CLASSES.slice(4).map((name) => rm(path.join(fourClasses, name), { recursive: true })));
    initRun = path.join(root, 'init');
    const run = await startNewTorchRun({ runDir: initRun, graph: loadPreset('small-cnn'), config: config(tenClasses) });
    const result = await run.finished;
    expect(result.status, result.stderr).toBe('completed');
  }, 180_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('starts from a PyTorch run, keeps frozen nodes bit-identical, trains the rest, resizes the head, and resumes without re-applying init', async () => {
    const runDir = path.join(root, 'tuned');
    const graph = freezeUpTo(loadPreset('small-cnn'), 'pool1');
    const events: TrainEvent[] = [];
    const run = await startNewTorchRun({
      runDir, graph, fixClasses: true, config: config(fourClasses, { epochs: 2, init: { run: 'run-init', runDir: initRun } }),
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'batch' && e.step === 1) void run.stop();
      },
    });
    const stopped = await run.finished;
    expect(stopped.status, stopped.stderr).toBe('stopped');
    const start = events.find((e) => e.type === 'start') as Extract<TrainEvent, { type: 'start' }>;
    expect(start.classes).toHaveLength(4);
    expect(start.backend).toContain('fine-tuning from run-init: 12 tensors copied, fresh: fc; frozen: input, conv1, pool1');
    const firstLine = JSON.parse((await readFile(torchRunPaths(runDir).metrics, 'utf8')).split('\n')[0]);
    expect(firstLine, 'the start event carries the TF.js engine\'s init record').toMatchObject({ type: 'start', init: { run: 'run-init', copied: 12, fresh: ['fc'] } });

    // A resume must continue from its own checkpoint: initial weights that no longer load prove they are not read.
    const paths = torchRunPaths(runDir);
    await writeFile(paths.initWeights, encodeSafetensors(new Map([['conv1.0.weight', { dtype: 'F32', shape: [1], data: new Float32Array(1) }]])));
    const resumed: TrainEvent[] = [];
    const again = await resumeTorchRun(runDir, { onEvent: (e) => resumed.push(e) });
    const result = await again.finished;
    expect(result.status, result.stderr).toBe('completed');
    expect((resumed[0] as Extract<TrainEvent, { type: 'start' }>).backend).toContain('fine-tuning from run-init');

    const before = await modelWeights(initRun);
    const after = await modelWeights(runDir);
    const conv1 = [...before.keys()].filter((k) => k.startsWith('conv1.'));
    expect(conv1.sort()).toEqual(['conv1.0.bias', 'conv1.0.weight', 'conv1.1.bias', 'conv1.1.num_batches_tracked', 'conv1.1.running_mean', 'conv1.1.running_var', 'conv1.1.weight']);
    for (const key of conv1) expect(bytesOf(after.get(key)!).equals(bytesOf(before.get(key)!)), `${key} is frozen`).toBe(true);
    for (const key of ['conv2.0.weight', 'conv2.1.weight', 'conv2.1.running_mean', 'conv2.1.running_var']) {
      expect(after.get(key)!.shape).toEqual(before.get(key)!.shape);
      expect(bytesOf(after.get(key)!).equals(bytesOf(before.get(key)!)), `${key} is trained`).toBe(false);
    }
    expect(before.get('fc.weight')!.shape).toEqual([10, 1568]);
    expect(after.get('fc.weight')!.shape).toEqual([4, 1568]);

    const report = await readJson(path.join(runDir, 'report.json'));
    expect(report.init).toEqual({ run: 'run-init', copied: 12, fresh: ['fc'], engine: 'torch', freshTensors: ['fc.weight', 'fc.bias'], unused: 2 });
    expect(report.frozen).toEqual({ nodes: ['input', 'conv1', 'pool1'], parameters: 16 * 9 + 16 + 16 + 16 });
    const preprocessing = await readJson(path.join(initRun, 'model', 'preprocessing.json'));
    expect((await readJson(paths.config)).data, 'the inputs are normalised as the copied weights expect').toMatchObject({ mean: preprocessing.mean, std: preprocessing.std });
  });

  it('starts from an imported model (a TF.js run folder), converting its weights', async () => {
    const source = await modelWeights(initRun);
    const design = loadPreset('small-cnn');
    const imported = path.join(root, 'imported');
    const weights = torchToTfjs(source, generateTorchModule(design).tensors);
    const spec = await readJson(path.join(initRun, 'model', 'preprocessing.json'));
    await writeImportedRun(imported, { graph: design, weights, labels: [...FASHION_MNIST_CLASSES], spec, info: { format: 'tfjs', source: 'test', notes: [] } });

    const runDir = path.join(root, 'from-imported');
    const run = await startNewTorchRun({ runDir, graph: freezeUpTo(design, 'dropout'), fixClasses: true, config: config(fourClasses, { init: { run: 'imported-1', runDir: imported } }) });
    const result = await run.finished;
    expect(result.status, result.stderr).toBe('completed');
    const after = await modelWeights(runDir);
    const features = [...source.keys()].filter((k) => /^conv[12]\./.test(k) && !k.endsWith('num_batches_tracked'));
    expect(features).toHaveLength(12);
    for (const key of features) expect(bytesOf(after.get(key)!).equals(bytesOf(source.get(key)!)), `${key} came through TF.js unchanged`).toBe(true);
    expect(after.get('fc.weight')!.shape).toEqual([4, 1568]);
    const report = await readJson(path.join(runDir, 'report.json'));
    expect(report.init).toMatchObject({ run: 'imported-1', engine: 'tfjs', copied: 12, fresh: ['fc'] });

    const bundle = path.join(root, 'bundle');
    const exported = await exportPytorchBundle(runDir, bundle);
    expect(exported.files).toEqual(expect.arrayContaining(['init.safetensors', 'init.json']));
    const job = await readJson(path.join(bundle, 'job.json'));
    expect(job).toMatchObject({ init: { weights: 'init.safetensors', record: 'init.json' }, frozen: { nodes: ['input', 'conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'dropout'], modules: ['conv1', 'pool1', 'conv2', 'pool2', 'dropout'] } });
    expect((await readSafetensors(path.join(bundle, 'init.safetensors'))).tensors.get('conv2.0.weight')!.shape).toEqual([32, 16, 3, 3]);
  });

  it.runIf(needs(torchGloo(torch)))('freezes under torchrun too (2 CPU processes, DistributedDataParallel)', async () => {
    const runDir = path.join(root, 'tuned-ddp');
    const logs: string[] = [];
    const run = await startNewTorchRun({
      runDir, graph: freezeUpTo(loadPreset('small-cnn'), 'pool1'), fixClasses: true, onLog: (l) => logs.push(l),
      config: config(fourClasses, { init: { run: 'run-init', runDir: initRun }, torch: { workers: 0, precision: 'fp32', distributed: { nprocPerNode: 2 } } }),
    });
    const result = await run.finished;
    expect(result.status, logs.slice(-20).join('\n')).toBe('completed');
    const before = await modelWeights(initRun);
    const after = await modelWeights(runDir);
    for (const key of [...before.keys()].filter((k) => k.startsWith('conv1.'))) expect(bytesOf(after.get(key)!).equals(bytesOf(before.get(key)!)), `${key} is frozen`).toBe(true);
    expect(bytesOf(after.get('conv2.0.weight')!).equals(bytesOf(before.get('conv2.0.weight')!))).toBe(false);
    expect((await readJson(path.join(runDir, 'report.json'))).processes).toBe(2);
  });

  it('refuses a source none of whose weights fits, before anything starts', async () => {
    const start = startNewTorchRun({
      runDir: path.join(root, 'misfit'), graph: loadPreset('googlenet-96'), fixClasses: true,
      config: config(fourClasses, { init: { run: 'run-init', runDir: initRun } }),
    });
    await expect(start).rejects.toMatchObject({ code: 'INIT' });
    await expect(start).rejects.toThrow(/none of the weights of run-init fits this design/);
  });
});
