import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { runPaths, writeJson } from '../io/runFolder';
import { deviceOfBackend, finishedRunSpeed } from './runSpeed';

describe('deviceOfBackend', () => {
  it('reads the device off a start event\'s backend text', () => {
    expect(deviceOfBackend('cpu: fp32, channels_last, 2 threads')).toBe('cpu');
    expect(deviceOfBackend('cuda (NVIDIA H100 80GB HBM3): bf16, channels_last')).toBe('cuda');
    expect(deviceOfBackend('wasm')).toBe('wasm');
  });
});

describe('finishedRunSpeed', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const start = (time: number, backend: string) => ({ type: 'start', time, engine: 'torch', backend, classes: ['a', 'b'], trainSize: 10, valSize: 2, epochs: 3, stepsPerEpoch: 2, fromEpoch: 0 });
  const epoch = (time: number, imagesPerSecond: number) => ({ type: 'epoch', time, epoch: 0, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.5, lr: 0.01, imagesPerSecond, seconds: 1, etaSeconds: 0, best: true });
  const end = (time: number, status: string) => ({ type: 'end', time, status });

  async function runWith(events: object[]): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'run-speed-'));
    dirs.push(dir);
    const files = runPaths(dir);
    await writeJson(files.config, { engine: 'torch' });
    await writeJson(files.graph, loadPreset('small-cnn'));
    await appendFile(files.metrics, events.map((e) => JSON.stringify(e) + '\n').join(''));
    return dir;
  }

  it('is the median epoch speed of the last session, with the engine, device and design', async () => {
    const dir = await runWith([start(1, 'cpu: fp32, 2 threads'), epoch(2, 5), end(3, 'stopped'), start(4, 'cpu: fp32, channels_last, 2 threads'), epoch(5, 40), epoch(6, 52), epoch(7, 44), end(8, 'completed')]);
    const speed = await finishedRunSpeed(dir);
    expect(speed).toMatchObject({ runId: path.basename(dir), engine: 'torch', device: 'cpu', imagesPerSecond: 44 });
    expect(speed?.graph.name).toBe(loadPreset('small-cnn').name);
  });

  it('is nothing for a failed run, a run without an epoch, or one still going', async () => {
    expect(await finishedRunSpeed(await runWith([start(1, 'wasm'), epoch(2, 40), end(3, 'failed')]))).toBeNull();
    expect(await finishedRunSpeed(await runWith([start(1, 'wasm'), end(3, 'stopped')]))).toBeNull();
    expect(await finishedRunSpeed(await runWith([start(1, 'wasm'), epoch(2, 40)]))).toBeNull();
  });
});
