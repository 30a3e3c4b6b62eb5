import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTick } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AugmentSpec } from './augment';
import { type Batch, type BatchOptions, batches } from './batches';
import { DataError } from './errors';
import { DecodePool } from './pool';
import type { SkippedFile } from './report';
import type { Sample } from './scan';
import type { PreprocessSpec } from './spec';
import { greyPng, tempFolder } from './testing/images';

const spec: PreprocessSpec = { height: 4, width: 4, channels: 1, resize: 'stretch', mean: [0], std: [1] };
const CLASSES = 3;
const PER_CLASS = 10;

/** Each image is one grey level, unique per file, so a decoded sample tells which file it came from. */
const levelOf = (label: number, i: number) => 5 + (label * PER_CLASS + i) * 7;

async function collect(stream: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of stream) out.push(batch);
  return out;
}

describe('batches', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let samples: Sample[];
  let pool: DecodePool;
  const levels = new Map<string, number>();

  beforeAll(async () => {
    ({ dir, cleanup } = await tempFolder());
    samples = [];
    for (let label = 0; label < CLASSES; label++) {
      await mkdir(path.join(dir, `c${label}`));
      for (let i = 0; i < PER_CLASS; i++) {
        const file = path.join(dir, `c${label}`, `${i}.png`);
        await writeFile(file, await greyPng(6, 6, levelOf(label, i)));
        samples.push({ path: file, label });
        levels.set(file, levelOf(label, i));
      }
    }
    pool = await DecodePool.create({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
    await cleanup();
  });

  const options = (extra: Partial<BatchOptions> = {}): BatchOptions => ({ batchSize: 4, spec, pool, ...extra });

  function checkBatch(batch: Batch): void {
    expect(batch.x.length).toBe(batch.size * 16);
    expect(batch.y.length).toBe(batch.size);
    expect(batch.paths.length).toBe(batch.size);
    batch.paths.forEach((file, i) => {
      expect(batch.y[i]).toBe(samples.find((s) => s.path === file)!.label);
      for (let k = 0; k < 16; k++) expect(Math.round(batch.x[i * 16 + k] * 255)).toBe(levels.get(file));
    });
  }

  it('yields NHWC batches with the right labels, every sample once, the last batch smaller', async () => {
    const stream = batches(samples, options());
    const out = await collect(stream);
    expect(out.map((b) => b.size)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    out.forEach(checkBatch);
    expect(out.flatMap((b) => b.paths)).toEqual(samples.map((s) => s.path)); // no shuffle: given order
    expect(stream.stats).toMatchObject({ batches: 8, samples: 30, skipped: 0, issued: 30 });
    const dropped = await collect(batches(samples, options({ dropLast: true })));
    expect(dropped.map((b) => b.size)).toEqual([4, 4, 4, 4, 4, 4, 4]);
  });

  it('shuffles reproducibly per seed and epoch, and covers the epoch exactly once', async () => {
    const order = async (seed: number, epoch: number) => (await collect(batches(samples, options({ shuffle: true, seed, epoch })))).flatMap((b) => b.paths);
    const a = await order(1, 0);
    expect([...a].sort()).toEqual(samples.map((s) => s.path).sort());
    expect(a).not.toEqual(samples.map((s) => s.path));
    expect(await order(1, 0)).toEqual(a);
    expect(await order(1, 1)).not.toEqual(a);
    expect(await order(2, 0)).not.toEqual(a);
  });

  it('decodes on the worker threads of the pool', async () => {
    const stream = batches(samples, options());
    await collect(stream);
    const threads = Object.keys(stream.stats.decodedByThread).map(Number);
    expect(threads).toHaveLength(2);
    expect(threads).not.toContain(threadId);
    expect(Object.values(stream.stats.decodedByThread).reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('gives the same augmented batches with workers and in-process', async () => {
    const augment: AugmentSpec = { cropPadding: 1, flip: true, rotation: 10, scale: 0.1, colorJitter: 0.3 };
    const run = async (extra: Partial<BatchOptions>) => collect(batches(samples, { ...options({ shuffle: true, seed: 4, epoch: 2, augment }), ...extra }));
    const viaWorkers = await run({});
    const inProcess = batches(samples, { ...options({ shuffle: true, seed: 4, epoch: 2, augment }), pool: undefined, workers: 0 });
    const local = await collect(inProcess);
    expect(Object.keys(inProcess.stats.decodedByThread)).toEqual([String(threadId)]);
    expect(local.map((b) => Array.from(b.x))).toEqual(viaWorkers.map((b) => Array.from(b.x)));
    expect(local.map((b) => b.paths)).toEqual(viaWorkers.map((b) => b.paths));
  });

  it('skips bad files, reports them, and fills the batch from the next files', async () => {
    const truncated = path.join(dir, 'truncated.png');
    const png = await greyPng(6, 6, 1);
    await writeFile(truncated, png.subarray(0, png.length - 20));
    const text = path.join(dir, 'text.png');
    await writeFile(text, 'not an image');
    const missing = path.join(dir, 'missing.png');
    const mixed = [...samples.slice(0, 3), { path: truncated, label: 0 }, { path: text, label: 1 }, ...samples.slice(3, 10), { path: missing, label: 2 }];
    const skipped: SkippedFile[] = [];
    const stream = batches(mixed, options({ onSkip: (file) => skipped.push(file) }));
    const out = await collect(stream);
    expect(out.map((b) => b.size)).toEqual([4, 4, 2]);
    out.forEach(checkBatch);
    expect(out.flatMap((b) => b.paths)).toEqual(samples.slice(0, 10).map((s) => s.path));
    expect(skipped).toEqual([
      { path: truncated, code: 'truncated', reason: 'truncated PNG' },
      { path: text, code: 'not-image', reason: 'not an image: unsupported format (text)' },
      { path: missing, code: 'unreadable', reason: 'file not found (deleted or moved?)' },
    ]);
    expect(stream.stats.skipped).toBe(3);
  });

  it('keeps at most prefetch batches decoded ahead of the consumer (counted, not timed)', async () => {
    const many = Array.from({ length: 20 }, () => samples).flat(); // 600 samples
    const stream = batches(many, options({ batchSize: 3, prefetch: 2 }));
    expect(stream.stats.pendingLimit).toBe(6);
    const first = await stream.next();
    expect(first.done).toBe(false);
    // The producer now runs ahead on its own until the bound stops it: 2 batches ready, 9 issued.
    for (let spins = 0; stream.stats.maxReady < 2; spins++) {
      if (spins > 100_000) throw new Error('the stream never prefetched two batches');
      await nextTick();
    }
    for (let i = 0; i < 50; i++) await nextTick();
    expect(stream.stats.issued).toBe(3 + 6);
    let consumed = 3;
    for await (const batch of stream) {
      consumed += batch.size;
      expect(stream.stats.issued - consumed - stream.stats.skipped).toBeLessThanOrEqual(6);
    }
    expect(consumed).toBe(600);
    expect(stream.stats.maxPending).toBe(6);
    expect(stream.stats.maxReady).toBe(2);
  });

  it('serves overlapping next() calls in order', async () => {
    const stream = batches(samples, options({ batchSize: 10 }));
    const results = await Promise.all([stream.next(), stream.next(), stream.next(), stream.next()]);
    expect(results.map((r) => (r.done ? 'done' : r.value.paths[0]))).toEqual([samples[0].path, samples[10].path, samples[20].path, 'done']);
  });

  it('starts and closes its own pool, also when the consumer stops early', async () => {
    const stream = batches(samples, { batchSize: 5, spec, workers: 1 });
    for await (const batch of stream) {
      expect(batch.size).toBe(5);
      break;
    }
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    const whole = await collect(batches(samples, { batchSize: 7, spec, workers: 1, cacheDir: path.join(dir, 'cache') }));
    expect(whole.reduce((n, b) => n + b.size, 0)).toBe(30);
    const cached = await collect(batches(samples, { batchSize: 7, spec, workers: 0, cacheDir: path.join(dir, 'cache') }));
    expect(cached.map((b) => Array.from(b.x))).toEqual(whole.map((b) => Array.from(b.x)));
  });

  it('explains bad options and a worker that cannot start', async () => {
    expect(() => batches(samples, options({ batchSize: 0 }))).toThrow(/batchSize must be a whole number ≥ 1, but received 0/);
    expect(() => batches(samples, options({ spec: { ...spec, std: [0] } }))).toThrow(DataError);
    expect(() => batches(samples, options({ augment: { cropPadding: -1, flip: false, rotation: 0, scale: 0, colorJitter: 0 } }))).toThrow(
      /field "cropPadding"/,
    );
    const nowhere = batches(samples, { batchSize: 4, spec, workerUrl: path.join(dir, 'nowhere.mjs') });
    await expect(nowhere.next()).rejects.toThrow(/Decode worker not found at .*nowhere\.mjs/);
    const broken = path.join(dir, 'broken.mjs');
    await writeFile(broken, 'throw new Error("cannot load sharp");');
    await expect(collect(batches(samples, { batchSize: 4, spec, workerUrl: broken, workers: 1 }))).rejects.toThrow(
      /Decode worker .*broken\.mjs failed: cannot load sharp/,
    );
  });
});
