import type { ChildProcess } from 'node:child_process';
import type { GradCamOptions, GradCamResult } from '../contract/gradCam';
import { fromJobMessage, jobResultSchemas } from '../contract/jobMessages';
import type { JobManager } from './jobs';

const CLOSE_GRACE_MS = 5_000;

/**
 * A job process with one run's TF.js model built (`gradCamServe`) that answers Grad-CAM requests one at a time:
 * the process start, TF.js's load and the model's build are paid once, not per image. `close()` disconnects it
 * (the job then exits; killed if it lingers).
 */
export class TfjsGradCamJob {
  private readonly waiting = new Map<number, { resolve: (result: GradCamResult) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private ended: Error | null = null;

  private constructor(private readonly child: ChildProcess, ready: { resolve: () => void; reject: (error: Error) => void }, tail: () => string) {
    child.on('message', (raw) => {
      const parsed = fromJobMessage.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'ready') {
        ready.resolve();
        this.holdOpen(false);
      }
      else if (message.type === 'error') ready.reject(new Error(message.message));
      else if (message.type === 'answer') {
        const waiter = this.waiting.get(message.id);
        if (!waiter) return;
        this.waiting.delete(message.id);
        if (this.waiting.size === 0) this.holdOpen(false);
        if (message.error !== undefined) return waiter.reject(new Error(message.error));
        const result = jobResultSchemas.gradCam.safeParse(message.result);
        if (result.success) waiter.resolve(result.data);
        else waiter.reject(new Error(`the Grad-CAM job answered outside its schema: ${result.error.issues[0].message}`));
      }
    });
    const end = (code: number | null, signal: NodeJS.Signals | null) => {
      if (this.ended) return;
      const last = tail().trim().split('\n').slice(-3).join(' ').slice(0, 500);
      this.ended = new Error(`the TF.js Grad-CAM job ended (${signal ?? `exit ${code}`})${last ? `: ${last}` : ''}`);
      ready.reject(this.ended);
      for (const waiter of this.waiting.values()) waiter.reject(this.ended);
      this.waiting.clear();
    };
    // After 'close' every message the job sent has been handled; Node gives no 'close' once the service has
    // disconnected the channel itself (`close()`), and then no message is awaited any more: 'exit' ends it.
    child.on('close', end);
    child.on('exit', (code, signal) => !child.connected && end(code, signal));
  }

  /** Starts a job with `runDir`'s model (its classifier randomised with `randomHead`); resolves once it takes requests. */
  static async start(jobs: JobManager, runDir: string, randomHead: boolean): Promise<TfjsGradCamJob> {
    const { child, tail } = jobs.keep({ type: 'gradCamServe', runDir, randomHead });
    let ready!: { resolve: () => void; reject: (error: Error) => void };
    const loaded = new Promise<void>((resolve, reject) => (ready = { resolve, reject }));
    const job = new TfjsGradCamJob(child, ready, tail);
    try {
      await loaded;
    } catch (error) {
      await job.close();
      throw error;
    }
    return job;
  }

  /** A kept job keeps the service's process (a CLI command) running only while a request waits for it. */
  private holdOpen(hold: boolean): void {
    const channel = this.child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (hold) {
      this.child.ref();
      channel?.ref?.();
    } else {
      this.child.unref();
      channel?.unref?.();
      (this.child.stderr as { unref?: () => void } | null)?.unref?.();
    }
  }

  get alive(): boolean {
    return this.ended === null;
  }

  /** Grad-CAM of one image file (the run's variant this job was started with; `engine` and `randomHead` are its own). */
  gradCam(image: string, options: Pick<GradCamOptions, 'label' | 'node'>): Promise<GradCamResult> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.holdOpen(true);
      this.child.send({ type: 'gradCamRequest', id, image, options: { label: options.label, node: options.node } });
    });
  }

  /** Disconnects the job, which then exits; killed if it has not within a few seconds. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
