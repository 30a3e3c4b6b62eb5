import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { loadPreset } from '../graph/presets';
import { trainEvent, type TrainEvent } from '../train/events';
import { detectTorch } from './detect';
import { startTorchRun, torchRunPaths } from './runner';

const torch = await detectTorch();

type Of<T extends TrainEvent['type']> = Extract<TrainEvent, { type: T }>;
const only = <T extends TrainEvent['type']>(events: TrainEvent[], type: T) => events.filter((e): e is Of<T> => e.type === type);

/** Every line of metrics.jsonl, parsed with the shared schema (throws on the first invalid one). */
async function metricsFile(runDir: string): Promise<TrainEvent[]> {
  const text = await readFile(torchRunPaths(runDir).metrics, 'utf8');
  return text.trim().split('\n').map((line) => trainEvent.parse(JSON.parse(line)));
}

describe.runIf(torch.available && fashionMnistAvailable('t10k'))('the PyTorch runner on real Fashion-MNIST images', () => {
  let root = '';
  let data = '';
  const config = () => ({
    data: { dir: data, validationFraction: 0.2 },
    augment: { cropPadding: 2, flip: true, rotation: 0, scale: 0, colorJitter: 0 },
    optimizer: { type: 'adam' }, lr: 0.002, schedule: { type: 'constant' },
    epochs: 2, batchSize: 8, seed: 1, torch: { workers: 1 },
  });
  const reference = new Map<number, number>();

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
    const run = await startTorchRun({ runDir, graph: loadPreset('small-cnn'), config: config(), onEvent: (e) => events.push(e) });
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
    expect(saved.engine).toBe('torch');
    expect(saved.data.mean).toHaveLength(1);
  });

  it('stops on SIGTERM mid-epoch with a checkpoint, and a resume continues at the next step exactly', async () => {
    const runDir = path.join(root, 'stopped');
    const events: TrainEvent[] = [];
    const run = await startTorchRun({
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
    for (const b of only(events, 'batch')) expect(b.loss).toBeCloseTo(reference.get(b.step)!, 5);

    const resumed: TrainEvent[] = [];
    const again = await startTorchRun({ runDir, onEvent: (e) => resumed.push(e) });
    const result = await again.finished;
    expect(result.status, result.stderr).toBe('completed');
    expect(resumed[0]).toMatchObject({ type: 'start', fromEpoch: 0 });
    const steps = only(resumed, 'batch');
    expect(steps[0].step).toBe(lastStep + 1);
    expect(steps.at(-1)!.step).toBe(79);
    for (const b of steps) expect(b.loss, `step ${b.step}`).toBeCloseTo(reference.get(b.step)!, 4);
    expect((await metricsFile(runDir)).length).toBe(events.length + resumed.length);
  });
});
