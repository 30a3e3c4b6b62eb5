import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { TorchModule } from './codegen';
import { asTorchGradCam, gradCamAnswer, torchGradCamRequest, type TorchGradCam } from './gradCam';
import { toolsScript } from './paths';
import { pythonEnv } from './python';
import { writeSafetensors, type StoredTensor } from './safetensors';

const workerLine = z.union([z.object({ ready: z.literal(true) }), z.object({ error: z.string() }), gradCamAnswer]);

/**
 * A Python process with one network and its weights loaded (`inception_tools.py gradcam-serve`) that answers
 * Grad-CAM requests one at a time: Python's start, torch's import and the weights' load are paid once, not per
 * image. Requests wait their turn; `close()` ends the process (so does its stdin closing).
 */
export class TorchGradCamWorker {
  private readonly pending: { resolve: (line: z.infer<typeof workerLine>) => void; reject: (error: Error) => void }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private stderr = '';
  private exited: Error | null = null;

  private constructor(private readonly child: ChildProcess, private readonly module: TorchModule, private readonly dir: string) {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (!text.startsWith('{')) return;
      const parsed = workerLine.safeParse(JSON.parse(text));
      const next = this.pending.shift();
      if (!next) return;
      if (parsed.success) next.resolve(parsed.data);
      else next.reject(new Error(`the Grad-CAM worker answered outside its schema: ${parsed.error.issues[0].message}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    child.on('close', (code, signal) => {
      const tail = this.stderr.trim().split('\n').slice(-4).join(' | ');
      this.exited = new Error(`the PyTorch Grad-CAM worker ended (${signal ?? `exit ${code}`})${tail ? `: ${tail}` : ''}`);
      for (const p of this.pending.splice(0)) p.reject(this.exited);
      void rm(this.dir, { recursive: true, force: true });
    });
    child.on('error', (error) => {
      this.exited = error;
      for (const p of this.pending.splice(0)) p.reject(error);
    });
  }

  /** Starts Python with `module` and its weights (PyTorch names) loaded; resolves once it is ready to answer. */
  static async start(python: string, module: TorchModule, weights: Map<string, StoredTensor>): Promise<TorchGradCamWorker> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'inception-gradcam-worker-'));
    const net = path.join(dir, 'net.py');
    const file = path.join(dir, 'weights.safetensors');
    await writeFile(net, module.code);
    await writeSafetensors(file, weights);
    const child = spawn(python, [toolsScript(), 'gradcam-serve', net, '--weights', file], { env: pythonEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const worker = new TorchGradCamWorker(child, module, dir);
    const first = await worker.next();
    if (!('ready' in first)) throw new Error(`the Grad-CAM worker did not start: ${'error' in first ? first.error : 'no ready line'}`);
    return worker;
  }

  get alive(): boolean {
    return this.exited === null;
  }

  private next(): Promise<z.infer<typeof workerLine>> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  /** Grad-CAM of one image (H×W×C, as the TF.js engine feeds it) at design node `nodeId`'s output. */
  gradCam(pixels: Float32Array, nodeId: string, classIndex?: number): Promise<TorchGradCam> {
    const { nchw, where } = torchGradCamRequest(this.module, pixels, nodeId);
    const input = Buffer.from(nchw.buffer, nchw.byteOffset, nchw.byteLength).toString('base64');
    const request = JSON.stringify({ input, shape: [1, ...this.module.inputShape], class: classIndex ?? null, ...where });
    const answer = this.queue.then(async () => {
      const reply = this.next();
      this.child.stdin!.write(request + '\n');
      const line = await reply;
      if ('error' in line) throw new Error(`Grad-CAM (PyTorch): ${line.error}`);
      if ('ready' in line) throw new Error('the Grad-CAM worker answered a request with its ready line');
      return asTorchGradCam(line);
    });
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  /** Ends the process (stdin closed, then killed if it lingers). */
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await done;
    clearTimeout(timer);
  }
}
