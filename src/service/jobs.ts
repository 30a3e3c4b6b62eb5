import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainEvent } from '../contract/events';
import { threadCap } from '../io/threadCap';
import { fromJobMessage, jobResultSchemas as jobResults, type FromJobMessage, type JobRequest, type JobResult, type ToJobMessage } from '../contract/jobMessages';
import { ApiError, ERROR_CODES } from './errors';

/** The bundled job entry: `dist/node/job.mjs`, beside the CLI bundle or two levels above the sources. */
export function defaultJobScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'job.mjs'), path.resolve(here, '..', '..', 'dist', 'node', 'job.mjs')];
  return candidates.find((c) => existsSync(c)) ?? candidates[1];
}

const STOP_GRACE_MS = 120_000;
/** How long a job that is not training gets to end after SIGTERM before it is killed. */
const ONE_SHOT_GRACE_MS = 10_000;

interface RunningJob {
  child: ChildProcess;
  stderr: string;
  finished: Promise<void>;
}

/** Starts training, evaluation and prediction in child processes, so a crash or OOM never takes the host down. */
export class JobManager {
  private readonly training = new Map<string, RunningJob>();
  /** Every job process still running, of any kind. */
  private readonly live = new Set<ChildProcess>();
  private closed = false;

  constructor(
    private readonly onEvent: (runId: string, event: TrainEvent) => void,
    private readonly jobScript = defaultJobScript(),
  ) {}

  isRunning(runId: string): boolean {
    return this.training.has(runId);
  }

  /** The process id of a run's training job, while it runs. */
  pidOf(runId: string): number | undefined {
    return this.training.get(runId)?.child.pid;
  }

  runningIds(): string[] {
    return [...this.training.keys()];
  }

  /**
   * A job's end is read from 'close', not 'exit': a process may exit before the service has read all it sent
   * (seen under load: a result lost, "exited with code 0"); 'close' comes once its output and IPC channel are
   * drained. (Node gives no 'close' where the service disconnected the channel itself: `keep`'s owner handles that.)
   */
  private spawn(): { child: ChildProcess; tail: () => string } {
    if (this.closed) throw new ApiError(ERROR_CODES.BAD_REQUEST, 'the service is shutting down: no new job starts');
    if (!existsSync(this.jobScript)) {
      throw new ApiError(ERROR_CODES.INTERNAL, `the job runner ${this.jobScript} is missing; run \`npm run build\``);
    }
    const child = fork(this.jobScript, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // A training job may use every core for the wasm backend (measured: 1.46× with 2 threads on 2 cores).
      env: { INCEPTION_WASM_THREADS: String(threadCap(Math.min(8, os.availableParallelism()))), ...process.env, ELECTRON_RUN_AS_NODE: '1', TF_CPP_MIN_LOG_LEVEL: '2' },
      execArgv: [],
    });
    // A message to a process that is exiting fails with EPIPE; its exit is handled where it is awaited.
    child.on('error', () => undefined);
    this.live.add(child);
    child.once('exit', () => this.live.delete(child));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    return { child, tail: () => stderr };
  }

  /** Starts (or resumes) a training job for a run folder; events arrive through `onEvent`. */
  startTraining(runId: string, message: Extract<ToJobMessage, { type: 'start' }>): void {
    if (this.training.has(runId)) throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} is already training`);
    const { child, tail } = this.spawn();
    // The end event is passed on only once the process is over, so whoever hears it can resume at once.
    let end: TrainEvent | null = null;
    const finished = new Promise<void>((resolve) => {
      child.on('message', (raw) => {
        const parsed = fromJobMessage.safeParse(raw);
        if (!parsed.success) return;
        const msg = parsed.data;
        if (msg.type === 'event' && msg.event.type === 'end') end = msg.event;
        else if (msg.type === 'event') this.onEvent(runId, msg.event);
        else if (msg.type === 'error') end = failure(msg.message);
      });
      child.on('close', (code, signal) => {
        this.training.delete(runId);
        this.onEvent(runId, end ?? failure(crashMessage(code, signal, tail())));
        resolve();
      });
    });
    this.training.set(runId, { child, stderr: '', finished });
    child.send(message);
  }

  /** Asks a job to stop: it checkpoints after the current batch and exits; killed if it does not within the grace time. */
  async stopTraining(runId: string): Promise<void> {
    const job = this.training.get(runId);
    if (!job) throw new ApiError(ERROR_CODES.NOT_FOUND, `run ${runId} is not training`);
    if (job.child.connected) job.child.send({ type: 'stop' } satisfies ToJobMessage);
    else job.child.kill('SIGTERM');
    const timer = setTimeout(() => job.child.kill('SIGKILL'), STOP_GRACE_MS);
    await job.finished;
    clearTimeout(timer);
  }

  /**
   * Runs an evaluate, predict, export, learning-rate, speed or suspects job and returns its answer, checked against
   * the request's result schema. `watch.onMessage` sees its other messages (progress); `watch.signal` asks it to
   * stop (it ends its work as a stop request says, and is killed if it lingers).
   */
  async oneShot<M extends Exclude<JobRequest, { type: 'classify' }>>(
    message: M,
    watch: { onMessage?: (message: FromJobMessage) => void; signal?: AbortSignal } = {},
  ): Promise<JobResult<M['type']>> {
    const { child, tail } = this.spawn();
    const schema = jobResults[message.type];
    const stop = () => {
      if (child.connected) child.send({ type: 'stop' } satisfies ToJobMessage);
      else child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    };
    watch.signal?.addEventListener('abort', stop, { once: true });
    child.once('exit', () => watch.signal?.removeEventListener('abort', stop));
    return new Promise((resolve, reject) => {
      let answered = false;
      child.on('message', (raw) => {
        const parsed = fromJobMessage.safeParse(raw);
        if (!parsed.success) return;
        if (parsed.data.type !== 'result' && parsed.data.type !== 'error') watch.onMessage?.(parsed.data);
        if (parsed.data.type === 'result') {
          answered = true;
          const result = schema.safeParse(parsed.data.result);
          if (result.success) resolve(result.data as JobResult<M['type']>);
          else reject(new ApiError(ERROR_CODES.INTERNAL, `the ${message.type} job answered outside its schema: ${describeIssue(result.error)}`));
        } else if (parsed.data.type === 'error') {
          answered = true;
          reject(new ApiError(ERROR_CODES.BAD_REQUEST, parsed.data.message));
        }
      });
      child.on('close', (code, signal) => {
        if (!answered) reject(new ApiError(ERROR_CODES.INTERNAL, crashMessage(code, signal, tail())));
      });
      child.send(message);
    });
  }

  /**
   * Starts a job whose messages keep coming (a folder classification): each valid message goes to
   * `onMessage`; `done` settles with the `result`, or rejects with the job's error or crash.
   */
  stream(message: Extract<ToJobMessage, { type: 'classify' }>, onMessage: (message: FromJobMessage) => void): { stop(): void; done: Promise<JobResult<'classify'>> } {
    const { child, tail } = this.spawn();
    const done = new Promise<JobResult<'classify'>>((resolve, reject) => {
      let outcome: { ok: true; result: JobResult<'classify'> } | { ok: false; message: string } | null = null;
      child.on('message', (raw) => {
        const parsed = fromJobMessage.safeParse(raw);
        if (!parsed.success) return;
        if (parsed.data.type === 'result') {
          const result = jobResults.classify.safeParse(parsed.data.result);
          outcome = result.success ? { ok: true, result: result.data } : { ok: false, message: `the classify job answered outside its schema: ${describeIssue(result.error)}` };
        } else if (parsed.data.type === 'error') outcome = { ok: false, message: parsed.data.message };
        else onMessage(parsed.data);
      });
      child.on('close', (code, signal) => {
        if (outcome?.ok) resolve(outcome.result);
        else reject(new ApiError(outcome ? ERROR_CODES.BAD_REQUEST : ERROR_CODES.INTERNAL, outcome?.message ?? classifyCrashMessage(code, signal, tail())));
      });
    });
    child.send(message);
    let stopping = false;
    return {
      stop: () => {
        if (stopping) return;
        stopping = true;
        if (child.connected) child.send({ type: 'stop' } satisfies ToJobMessage);
        else child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      },
      done,
    };
  }

  /**
   * Starts a job that stays to answer requests (a run's kept Grad-CAM, `gradCamServe`): the caller talks to
   * the process and ends it (`TfjsGradCamJob`).
   */
  keep(message: Extract<ToJobMessage, { type: 'gradCamServe' }>): { child: ChildProcess; tail: () => string } {
    const started = this.spawn();
    started.child.send(message);
    return started;
  }

  /**
   * On quit: stops every training job (each checkpoints first), then ends every other job still running (a
   * learning-rate test, a speed probe, a suspects search…: SIGTERM ends them at once, `jobMain.ts`) and waits for
   * them all: a job left running kept the host alive and went on writing into its workspace.
   */
  async shutdown(): Promise<void> {
    this.closed = true;
    await Promise.all(this.runningIds().map((id) => this.stopTraining(id).catch(() => undefined)));
    await Promise.all([...this.live].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), ONE_SHOT_GRACE_MS).unref();
    })));
  }
}

function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
}

function failure(message: string): TrainEvent {
  return { type: 'end', time: Date.now() / 1000, status: 'failed', epochsDone: 0, bestValAccuracy: null, bestValLoss: null, message };
}

function crashMessage(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const outOfMemory = /heap out of memory|Allocation failed|OOM|Cannot allocate memory/i.test(stderr) || signal === 'SIGKILL';
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const advice = outOfMemory ? ' It probably ran out of memory: try a smaller batch size or a smaller input size, then resume.' : ' Resume continues from the last checkpoint.';
  const last = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
  return `the training process ${how}.${advice}${last ? ` Last output: ${last}` : ''}`;
}

function classifyCrashMessage(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const last = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
  return `the classification process ${how}; the results so far are kept.${last ? ` Last output: ${last}` : ''}`;
}
