import { type AugmentSpec, augmentSpecSchema, NO_AUGMENT } from './augment';
import type { DecodeOptions } from './decode';
import type { DecodeOutcome } from './decodeTask';
import { DataError } from './errors';
import { DecodePool } from './pool';
import { deriveSeed, mulberry32, permutation } from './random';
import type { SkippedFile } from './report';
import type { Sample } from './scan';
import { assertPreprocessSpec, type PreprocessSpec, sampleLength } from './spec';

/** Options of a batch stream; one stream covers one epoch. */
export interface BatchOptions {
  /** Samples per batch; the last batch may be smaller unless `dropLast`. */
  batchSize: number;
  spec: PreprocessSpec;
  /** Default NO_AUGMENT. */
  augment?: AugmentSpec;
  /** Visit samples in a seeded random order (default false: the given order). */
  shuffle?: boolean;
  /** Seed of the shuffle and of the augmentation (default 0). */
  seed?: number;
  /** Epoch number: each epoch gets its own order and augmentation draws (default 0). */
  epoch?: number;
  /** Batches decoded ahead of the consumer at most (default 4): bounds memory whatever the folder size. */
  prefetch?: number;
  /** Drop a last, smaller batch (default false). */
  dropLast?: boolean;
  /** A pool shared with other streams; without it the stream starts its own and closes it when done. */
  pool?: DecodePool;
  /** Worker threads of the stream's own pool (default: cores, at least 1; 0 = this thread). */
  workers?: number;
  /** Worker script of the stream's own pool; see `resolveDecodeWorker`. */
  workerUrl?: URL | string;
  /** Folder for decoded pixels, reused across epochs (also with augmentation); see DecodeOptions. */
  cacheDir?: string;
  /** Size limits (and cacheDir); see DecodeOptions. */
  decode?: DecodeOptions;
  /** Called for each file that could not be decoded; the batch is filled from the next files. */
  onSkip?: (file: SkippedFile) => void;
}

/** One batch, ready to become tensors: `x` is N·H·W·C (NHWC), `y` holds the labels. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  size: number;
  paths: string[];
}

/** Counters of a stream, for diagnostics and tests. */
export interface BatchStreamStats {
  /** Decode tasks handed to the pool so far. */
  issued: number;
  batches: number;
  samples: number;
  skipped: number;
  /** The most samples issued but not yet handed over is capped at prefetch × batchSize… */
  pendingLimit: number;
  /** …and this is the most there ever were. */
  maxPending: number;
  /** The most finished batches waiting for the consumer at once (never above prefetch). */
  maxReady: number;
  /** Samples decoded per thread id (0 = the calling thread). */
  decodedByThread: Record<number, number>;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new DataError(`${name} must be a whole number ≥ 1, but received ${value}`);
  return value;
}

class BatchBuilder {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly paths: string[] = [];

  constructor(
    private readonly capacity: number,
    private readonly length: number,
  ) {
    this.x = new Float32Array(capacity * length);
    this.y = new Int32Array(capacity);
  }

  get size(): number {
    return this.paths.length;
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  add(pixels: Float32Array, sample: Sample): void {
    this.x.set(pixels, this.size * this.length);
    this.y[this.size] = sample.label;
    this.paths.push(sample.path);
  }

  finish(): Batch {
    const n = this.size;
    if (this.full) return { x: this.x, y: this.y, size: n, paths: this.paths };
    return { x: this.x.slice(0, n * this.length), y: this.y.slice(0, n), size: n, paths: this.paths };
  }
}

/**
 * Streams one epoch of batches. Images are decoded by a pool of worker threads, at most
 * `prefetch` batches ahead of the consumer. Batch contents depend only on the samples, seed and
 * epoch, never on thread timing. A file that fails to decode is reported to `onSkip` and its
 * place taken by the next file; the stream goes on.
 * @example
 * for await (const { x, y, size } of batches(split.train, { batchSize: 32, spec, shuffle: true, seed: 1, epoch })) {
 *   const xs = tf.tensor4d(x, [size, spec.height, spec.width, spec.channels]);
 * }
 */
export class BatchStream implements AsyncIterableIterator<Batch> {
  readonly stats: BatchStreamStats;
  private readonly order: number[];
  private readonly length: number;
  private readonly batchSize: number;
  private readonly augment: AugmentSpec;
  private readonly seed: number;
  private readonly epoch: number;
  private readonly decodeOptions: DecodeOptions | undefined;
  private pool: DecodePool | undefined;
  private poolReady: Promise<DecodePool> | undefined;
  private nextIssue = 0;
  private nextConsume = 0;
  private pending = 0;
  private readonly results = new Map<number, DecodeOutcome>();
  private building: BatchBuilder | undefined;
  private readonly ready: Batch[] = [];
  private failure: unknown;
  private closed = false;
  private wake: (() => void) | undefined;
  private pulls: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly samples: readonly Sample[],
    private readonly options: BatchOptions,
  ) {
    this.batchSize = positiveInt('batchSize', options.batchSize);
    const prefetch = positiveInt('prefetch', options.prefetch ?? 4);
    assertPreprocessSpec(options.spec);
    this.augment = options.augment ?? NO_AUGMENT;
    const augment = augmentSpecSchema.safeParse(this.augment);
    if (!augment.success) {
      const issue = augment.error.issues[0];
      throw new DataError(`Invalid augmentation, field "${issue.path.join('.')}": ${issue.message}`);
    }
    this.seed = options.seed ?? 0;
    this.epoch = options.epoch ?? 0;
    this.length = sampleLength(options.spec);
    this.decodeOptions = options.cacheDir ? { ...options.decode, cacheDir: options.cacheDir } : options.decode;
    this.order = permutation(samples.length, options.shuffle ? mulberry32(deriveSeed(this.seed, 'shuffle', this.epoch)) : undefined);
    this.stats = { issued: 0, batches: 0, samples: 0, skipped: 0, pendingLimit: prefetch * this.batchSize, maxPending: 0, maxReady: 0, decodedByThread: {} };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next batch. Calls that overlap are served one after the other, in call order. */
  next(): Promise<IteratorResult<Batch, undefined>> {
    const result = this.pulls.then(() => this.pull());
    this.pulls = result.catch(() => undefined);
    return result;
  }

  private async pull(): Promise<IteratorResult<Batch, undefined>> {
    if (this.closed) return { done: true, value: undefined };
    try {
      await this.start();
      for (;;) {
        if (this.failure !== undefined) throw this.failure;
        const batch = this.ready.shift();
        if (batch) {
          this.pending -= batch.size;
          this.stats.batches++;
          this.stats.samples += batch.size;
          this.fill();
          return { done: false, value: batch };
        }
        if (this.nextConsume === this.order.length) {
          await this.close();
          return { done: true, value: undefined };
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<Batch, undefined>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** Stops decoding; closes the pool if the stream started it. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal();
    if (!this.options.pool && this.poolReady) await (await this.poolReady.catch(() => undefined))?.close();
  }

  private async start(): Promise<void> {
    if (this.pool) return;
    this.poolReady ??= this.options.pool
      ? Promise.resolve(this.options.pool)
      : DecodePool.create({ workers: this.options.workers, workerUrl: this.options.workerUrl });
    this.pool = await this.poolReady;
    this.fill();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private fill(): void {
    const pool = this.pool;
    while (pool && !this.closed && this.failure === undefined && this.pending < this.stats.pendingLimit && this.nextIssue < this.order.length) {
      const seq = this.nextIssue++;
      this.stats.issued++;
      const index = this.order[seq];
      this.pending++;
      this.stats.maxPending = Math.max(this.stats.maxPending, this.pending);
      const task = {
        path: this.samples[index].path,
        spec: this.options.spec,
        augment: this.augment,
        seed: deriveSeed(this.seed, this.epoch, index),
        options: this.decodeOptions,
      };
      pool.decode(task).then(
        (outcome) => {
          this.results.set(seq, outcome);
          this.drain();
        },
        (error: unknown) => {
          this.failure ??= error;
          this.signal();
        },
      );
    }
  }

  /** Moves finished decodes, in issue order, into batches. */
  private drain(): void {
    if (this.closed) return;
    try {
      for (let outcome = this.results.get(this.nextConsume); outcome; outcome = this.results.get(this.nextConsume)) {
        this.results.delete(this.nextConsume);
        const sample = this.samples[this.order[this.nextConsume++]];
        if (outcome.ok) {
          this.stats.decodedByThread[outcome.threadId] = (this.stats.decodedByThread[outcome.threadId] ?? 0) + 1;
          this.building ??= new BatchBuilder(this.batchSize, this.length);
          this.building.add(outcome.pixels, sample);
          if (this.building.full) this.finishBatch();
        } else {
          this.pending--;
          this.stats.skipped++;
          this.options.onSkip?.({ path: sample.path, code: outcome.code, reason: outcome.reason });
        }
      }
      if (this.nextConsume === this.order.length && this.building) {
        if (this.options.dropLast) {
          this.pending -= this.building.size;
          this.building = undefined;
        } else this.finishBatch();
      }
    } catch (error) {
      this.failure ??= error;
    }
    this.fill();
    this.signal();
  }

  private finishBatch(): void {
    this.ready.push(this.building!.finish());
    this.building = undefined;
    this.stats.maxReady = Math.max(this.stats.maxReady, this.ready.length);
  }
}

/** One epoch of batches: `new BatchStream(samples, options)`. See BatchStream. */
export function batches(samples: readonly Sample[], options: BatchOptions): BatchStream {
  return new BatchStream(samples, options);
}
