import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileEntryFromSource } from '../../data';
import { threadCap } from '../../io/threadCap';
import { fromOrtProcess, type FromOrtProcess, type ToOrtProcess } from './messages';

/** File name of the bundled ONNX Runtime process entry, beside the job bundle. */
export const ORT_PROCESS_NAME = 'ortProcess.mjs';

/** The entry: compiled on the fly from TypeScript source, else `ortProcess.mjs` beside this bundle. */
async function entryPath(): Promise<string> {
  if (import.meta.url.endsWith('.ts')) return fileURLToPath(await compileEntryFromSource(new URL('./ortProcess.ts', import.meta.url), ORT_PROCESS_NAME));
  const file = fileURLToPath(new URL(`./${ORT_PROCESS_NAME}`, import.meta.url));
  if (!existsSync(file)) throw new Error(`the ONNX Runtime process entry is missing: expected ${file} (build it with scripts/build-node.mjs)`);
  return file;
}

type Pending = { resolve: (message: FromOrtProcess) => void; reject: (error: Error) => void };

/**
 * An ONNX model running in onnxruntime-node in a process of its own, fed decoded batches. Requests are
 * answered in order; a crash of that process fails every pending request with its exit code or signal.
 * @example const ort = await OrtProcess.open('/runs/r1/inference/model.onnx'); const p = await ort.run(x, [n, h, w, c]);
 */
export class OrtProcess {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (raw) => {
      const parsed = fromOrtProcess.safeParse(raw);
      if (!parsed.success) return this.fail(new Error(`the ONNX Runtime process answered outside its schema: ${parsed.error.issues[0]?.message}`));
      const waiting = this.pending.get(parsed.data.id);
      if (!waiting) return;
      this.pending.delete(parsed.data.id);
      if (parsed.data.type === 'error') waiting.reject(new Error(`ONNX Runtime: ${parsed.data.message}`));
      else waiting.resolve(parsed.data);
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    child.on('error', (error) => this.fail(error));
    child.on('exit', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.fail(new Error(`the ONNX Runtime process ${how}${this.stderr.trim() ? `: ${this.stderr.trim().slice(-500)}` : ''}`));
    });
  }

  /** Starts the process and opens the model; without `threads`, `OMP_NUM_THREADS` where set, else 0: ONNX Runtime uses every core. */
  static async open(model: string, options: { threads?: number } = {}): Promise<OrtProcess> {
    const child = fork(await entryPath(), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
    });
    const ort = new OrtProcess(child);
    try {
      await ort.request({ type: 'open', id: 0, model, threads: options.threads ?? threadCap(0) });
    } catch (error) {
      await ort.close();
      throw error;
    }
    return ort;
  }

  /** Class probabilities (N·K) of a batch of N·H·W·C floats. */
  async run(input: Float32Array, shape: [number, number, number, number]): Promise<Float32Array> {
    const answer = await this.request({ type: 'run', id: 0, input, shape });
    if (answer.type !== 'output') throw new Error(`expected the batch's output from the ONNX Runtime process, found ${answer.type}`);
    return answer.output;
  }

  /** Ends the process; pending requests fail. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private request(message: ToOrtProcess): Promise<FromOrtProcess> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
