import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { loadPreset } from '../graph/presets';
import { trainEvent, type TrainEvent } from '../contract/events';
import { fashionMnist, torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import { torchRunPaths } from './runner';
import { resumeTorchRun, startNewTorchRun } from '../service/testing/preparedRuns';

const torch = await detectTorch();
const cpuHasBf16 = /\b(avx512_bf16|amx_bf16)\b/.test(await readFile('/proc/cpuinfo', 'utf8').catch(() => ''));

type Of<T extends TrainEvent['type']> = Extract<TrainEvent, { type: T }>;
const only = <T extends TrainEvent['type']>(events: TrainEvent[], type: T) => events.filter((e): e is Of<T> => e.type === type);

/** Every line of metrics.jsonl, parsed with the shared schema (throws on the first invalid one). */
async function metricsFile(runDir: string): Promise<TrainEvent[]> {
  const text = await readFile(torchRunPaths(runDir).metrics, 'utf8');
  return text.trim().split('\n').map((line) => trainEvent.parse(JSON.parse(line)));
}

describe('a PyTorch run before anything starts', () => {
  it('refuses a design whose classifier does not match the data, saying how to fix it', async () => {
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'torch-classes-'));
    try {
      const start = startNewTorchRun({ runDir, graph: loadPreset('small-cnn'), config: { data: { dir: runDir }, torch: { synthetic: { images: 20, classes: 4 } } } });
      await expect(start).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(start).rejects.toThrow(/outputs 10 classes but the dataset has 4.*set fc's units to 4/);
      await expect(resumeTorchRun(path.join(runDir, 'missing'))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('cannot be resumed') });
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  });
});

describe.runIf(needs(torchInstalled(torch), fashionMnist('t10k')))('the PyTorch runner on real Fashion-MNIST images', () => {
  let root = '';
  let data = '';
  const config = () => ({
    data: { dir: data, validationFraction: 0.2 },
    augment: { cropPadding: 2, flip: true, rotation: 0, scale: 0, colorJitter: 0 },
    optimizer: { type: 'adam' }, lr: 0.002, schedule: { type: 'constant' },
    epochs: 2, batchSize: 8, seed: 1, torch: { workers: 0, threads: 1 },
  });
  const reference = new Map<number, number>();
  let referenceSetup = '';
  /**
   * Losses of an uninterrupted run in the given arithmetic and memory format (the measured choice may differ between
   * runs: a reading under load is provisional and measured again).
   */
  const lossesIn = async ({ precision, channelsLast }: { precision: string; channelsLast: boolean }): Promise<Map<number, number>> => {
    if (`${precision}/${channelsLast}` === referenceSetup) return reference;
    const events: TrainEvent[] = [];
    const config_ = { ...config(), torch: { ...config().torch, precision, channelsLast } };
    const run = await startNewTorchRun({ runDir: path.join(root, `reference-${precision}-${channelsLast}`), graph: loadPreset('small-cnn'), config: config_, onEvent: (e) => events.push(e) });
    expect((await run.finished).status).toBe('completed');
    return new Map(only(events, 'batch').map((b) => [b.step, b.loss]));
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'torch-runner-'));
    data = path.join(root, 'data');
    await writeFashionMnistFolder(data, { perClass: 40, split: 't10k' });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('trains small-cnn for two epochs, emitting only valid events, and fills the run folder', async () => {
    const runDir = path.join(root, 'run');
    const events: TrainEvent[] = [];
    const run = await startNewTorchRun({ runDir, graph: loadPreset('small-cnn'), config: config(), onEvent: (e) => events.push(e) });
    const result = await run.finished;
    expect(result.status, result.stderr).toBe('completed');
    expect(await metricsFile(runDir)).toEqual(events);

    const start = events[0] as Of<'start'>;
    expect(start).toMatchObject({ type: 'start', engine: 'torch', trainSize: 320, valSize: 80, epochs: 2, stepsPerEpoch: 40, fromEpoch: 0 });
    expect(start.classes).toHaveLength(10);
    const batches = only(events, 'batch');
    expect(batches.map((b) => b.step)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(batches.map((b) => b.epoch)).toEqual(batches.map((b) => Math.floor(b.step / 40)));
    const epochs = only(events, 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1]);
    expect(epochs[1].valAccuracy).toBeGreaterThan(0.4);
    expect(only(events, 'checkpoint').map((c) => c.kind)).toEqual(expect.arrayContaining(['best', 'last']));
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 2 });
    for (const b of batches) reference.set(b.step, b.loss);

    const report = JSON.parse(await readFile(path.join(runDir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ status: 'completed', engine: 'torch', epochsDone: 2 });
    expect(report.validation.confusion).toHaveLength(10);
    expect(report.split.seed).toBe(1);
    for (const file of ['net.py', 'weights.safetensors', 'labels.json', 'preprocessing.json', 'graph.json']) {
      await expect(stat(path.join(runDir, 'model', file))).resolves.toBeTruthy();
    }
    const saved = JSON.parse(await readFile(path.join(runDir, 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, engine: 'torch' });
    expect(saved.data.mean).toHaveLength(1);

    const chosen = JSON.parse(await readFile(path.join(runDir, 'torch-setup.json'), 'utf8'));
    // The CPU precision and memory format are measured and cached per machine (src/torch/precisionChoice.ts).
    expect(chosen).toMatchObject({ device: 'cpu', precision: expect.stringMatching(/^(fp32|bf16)$/), channelsLast: expect.any(Boolean) });
    referenceSetup = `${chosen.precision}/${chosen.channelsLast}`;
    expect(start.backend).toMatch(new RegExp(`^cpu: ${chosen.precision}${chosen.channelsLast ? ', channels_last' : ''}, 1 threads`));
    if (cpuHasBf16) expect(start.backend).toMatch(/bf16 measured \d+\.\d\d× fp32 here \([\d.]+ vs [\d.]+ GFLOP\/s\)/);
  });

  it('stops on SIGTERM mid-epoch with a checkpoint, and a resume continues at the next step exactly', async () => {
    const runDir = path.join(root, 'stopped');
    const events: TrainEvent[] = [];
    const run = await startNewTorchRun({
      runDir, graph: loadPreset('small-cnn'), config: config(),
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'batch' && e.step === 3) void run.stop();
      },
    });
    const stopped = await run.finished;
    expect(stopped.status, stopped.stderr).toBe('stopped');
    const lastStep = only(events, 'batch').at(-1)!.step;
    expect(lastStep).toBeLessThan(39);
    expect(only(events, 'checkpoint')).toEqual([expect.objectContaining({ kind: 'stop', epoch: 0, step: lastStep + 1 })]);
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'stopped', epochsDone: 0 });
    const expected = await lossesIn(JSON.parse(await readFile(path.join(runDir, 'torch-setup.json'), 'utf8')));
    for (const b of only(events, 'batch')) expect(b.loss).toBeCloseTo(expected.get(b.step)!, 5);

    const resumed: TrainEvent[] = [];
    const again = await resumeTorchRun(runDir, { onEvent: (e) => resumed.push(e) });
    const result = await again.finished;
    expect(result.status, result.stderr).toBe('completed');
    expect(resumed[0]).toMatchObject({ type: 'start', fromEpoch: 0 });
    expect((resumed[0] as Of<'start'>).backend, 'a resumed run keeps its precision instead of measuring again').not.toContain('measured');
    const steps = only(resumed, 'batch');
    expect(steps[0].step).toBe(lastStep + 1);
    expect(steps.at(-1)!.step).toBe(79);
    for (const b of steps) expect(b.loss, `step ${b.step}`).toBeCloseTo(expected.get(b.step)!, 4);
    expect((await metricsFile(runDir)).length).toBe(events.length + resumed.length);
  });

  it('skips bad files with their reasons, as events and in report.json, without stopping', async () => {
    const folder = path.join(root, 'bad-data');
    await writeFashionMnistFolder(folder, { perClass: 4, split: 't10k' });
    const good = path.join(folder, 'Bag', (await readdir(path.join(folder, 'Bag')))[0]);
    const bytes = await readFile(good);
    await writeFile(path.join(folder, 'Bag', 'broken.png'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await writeFile(path.join(folder, 'Coat', 'notes.txt'), 'not a picture');
    await writeFile(path.join(folder, 'Dress', 'empty.jpg'), '');
    await writeFile(path.join(folder, 'loose.png'), bytes);
    const runDir = path.join(root, 'bad-run');
    const events: TrainEvent[] = [];
    const run = await startNewTorchRun({ runDir, graph: loadPreset('small-cnn'), onEvent: (e) => events.push(e), config: { data: { dir: folder }, epochs: 1, batchSize: 8, torch: { threads: 1 } } });
    const result = await run.finished;
    expect(result.status, result.stderr).toBe('completed');
    const skipped = only(events, 'skipped');
    expect(skipped.map((e) => path.basename(e.path)).sort()).toEqual(['broken.png', 'empty.jpg', 'loose.png', 'notes.txt']);
    expect(skipped.find((e) => e.path.endsWith('broken.png'))!.reason).toMatch(/truncated|corrupt/);
    const report = JSON.parse(await readFile(path.join(runDir, 'report.json'), 'utf8'));
    expect(report.skipped.total).toBe(4);
    expect(Object.keys(report.skipped.byCode).sort()).toEqual(expect.arrayContaining(['empty', 'not-image', 'outside-class']));
  });
});
