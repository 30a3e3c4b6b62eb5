import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { threadId as mainThreadId, Worker } from 'node:worker_threads';
import { type DecodeOutcome, type DecodeResult, type DecodeTask, runDecodeTask } from './decodeTask';
import type { WorkerRequest } from './decodeWorker';
import { DataError } from './errors';
import { createLimiter, type Limiter } from './limiter';
import { resolveDecodeWorker } from './workerLocation';

/** Options of `DecodePool.create`. */
export interface DecodePoolOptions {
  /** Worker threads (default: the number of cores, at least 1); 0 decodes on the calling thread. */
  workers?: number;
  /** The worker script; see `resolveDecodeWorker` for the default. */
  workerUrl?: URL | string;
  /** Tasks in flight per worker, so a worker never waits for its next message (default 2). */
  tasksPerWorker?: number;
}

interface Slot {
  worker: Worker;
  threadId: number;
  active: number;
}

interface Waiting {
  task: DecodeTask;
  resolve: (outcome: DecodeOutcome) => void;
  reject: (error: unknown) => void;
}

/** The default number of decode workers: one per core, at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A pool of `worker_threads` that decode images off the calling thread. One pool can serve many
 * streams (training epochs and validation) and should be closed when done.
 * @example
 * const pool = await DecodePool.create({ workers: 4 });
 * try { … batches(train, { pool, … }) … } finally { await pool.close(); }
 */
export class DecodePool {
  /** Samples decoded per thread id (0 = the calling thread), for diagnostics. */
  readonly decodedByThread = new Map<number, number>();
  private readonly queue: Waiting[] = [];
  private readonly inFlight = new Map<number, Waiting & { slot: Slot }>();
  private nextId = 0;
  private failure: DataError | undefined;
  private closing = false;

  private constructor(
    private readonly slots: Slot[],
    private readonly tasksPerWorker: number,
    private readonly inProcess: Limiter | undefined,
    private readonly workerPath: string,
  ) {
    for (const slot of slots) this.watch(slot);
  }

  /**
   * Starts the workers (or none, for `workers: 0`).
   * @throws DataError when the worker script cannot be found.
   */
  static async create(options: DecodePoolOptions = {}): Promise<DecodePool> {
    const count = options.workers ?? defaultWorkerCount();
    if (!Number.isInteger(count) || count < 0) throw new DataError(`workers must be a whole number ≥ 0, but received ${count}`);
    const perWorker = Math.max(1, options.tasksPerWorker ?? 2);
    if (count === 0) return new DecodePool([], perWorker, createLimiter(2 * perWorker), 'in-process');
    const url = await resolveDecodeWorker(options.workerUrl);
    const slots = Array.from({ length: count }, () => {
      const worker = new Worker(url);
      worker.unref();
      return { worker, threadId: worker.threadId, active: 0 };
    });
    return new DecodePool(slots, perWorker, undefined, url.protocol === 'file:' ? fileURLToPath(url) : url.href);
  }

  /** Number of worker threads; 0 when decoding on the calling thread. */
  get threads(): number {
    return this.slots.length;
  }

  /**
   * Decodes one image. Resolves with the sample or the reason it was skipped; rejects only when
   * the pool itself fails (a worker crashed or could not start) or is closed.
   */
  decode(task: DecodeTask): Promise<DecodeOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new DataError('the decode pool is closed'));
    if (this.inProcess) {
      return this.inProcess(() => runDecodeTask(task)).then((result) => this.count(result, mainThreadId));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the workers; pending decodes reject. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.rejectAll(new DataError('the decode pool was closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private count(result: DecodeResult, threadId: number): DecodeOutcome {
    if (result.ok) this.decodedByThread.set(threadId, (this.decodedByThread.get(threadId) ?? 0) + 1);
    return { ...result, threadId };
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const slot of this.slots) if (!best || slot.active < best.active) best = slot;
      if (!best || best.active >= this.tasksPerWorker) return;
      const waiting = this.queue.shift()!;
      const id = this.nextId++;
      if (best.active++ === 0) best.worker.ref();
      this.inFlight.set(id, { ...waiting, slot: best });
      best.worker.postMessage({ id, task: waiting.task } satisfies WorkerRequest);
    }
  }

  private watch(slot: Slot): void {
    slot.worker.on('message', (message: DecodeResult & { id: number }) => {
      const entry = this.inFlight.get(message.id);
      if (!entry) return;
      this.inFlight.delete(message.id);
      if (--slot.active === 0) slot.worker.unref();
      const { id: _id, ...result } = message;
      entry.resolve(this.count(result, slot.threadId));
      this.dispatch();
    });
    const fail = (what: string) => {
      if (this.closing || this.failure) return;
      this.failure = new DataError(`Decode worker ${this.workerPath} ${what}`);
      this.rejectAll(this.failure);
      for (const other of this.slots) void other.worker.terminate();
    };
    slot.worker.on('error', (error) => fail(`failed: ${error.message}`));
    slot.worker.on('exit', (code) => fail(`exited unexpectedly (code ${code})`));
  }

  private rejectAll(error: unknown): void {
    for (const entry of this.inFlight.values()) entry.reject(error);
    this.inFlight.clear();
    for (const waiting of this.queue.splice(0)) waiting.reject(error);
  }
}
