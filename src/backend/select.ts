import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../contract/engines';
import { threadCap } from '../io/threadCap';
import { BACKEND_ORDER, BACKEND_PACKAGES } from './detect';
import { registerWasmGradientKernels } from './wasmGradients';

export interface BackendChoice {
  /** The backend now active in `tf`. */
  name: BackendName;
  /** The backends tried before it, in order, each with why it could not be used. */
  tried: { name: BackendName; error: string }[];
  /** For wasm: which build runs and on how many threads (and why not more, when the threaded one failed). */
  detail?: string;
}

const requireHere = createRequire(import.meta.url);

/** The folder holding tfjs-backend-wasm's .wasm binaries, with a trailing separator. */
export function wasmBinaryDir(): string {
  return path.dirname(requireHere.resolve(BACKEND_PACKAGES.wasm)) + path.sep;
}

/**
 * Threads for the wasm backend: `$INCEPTION_WASM_THREADS` if set, else `$OMP_NUM_THREADS`, else half the
 * logical cores (the backend's own default: one per physical core where cores are hyper-threaded), at most 8
 * (the size of its worker pool).
 */
export function wasmThreadCount(): number {
  const requested = Number.parseInt(process.env.INCEPTION_WASM_THREADS ?? '', 10);
  const count = Number.isFinite(requested) ? requested : threadCap(Math.floor(os.cpus().length / 2));
  return Math.min(Math.max(count, 1), 8);
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String(e.message) : String(e);
  return text.split('\n')[0].slice(0, 400);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  tfjs?: unknown;
  PThread?: { runningWorkers?: { unref?(): void }[] };
}
type ModuleFactory = (config: { locateFile(file: string): string; mainScriptUrlOrBlob: string }) => Promise<EmscriptenModule>;

/**
 * Under Node, tfjs-backend-wasm 4.x always starts its single-threaded build: its thread check answers no
 * under Node (tfjs#3830), and forcing it fails because the pthread worker is handed to worker_threads as a
 * blob: URL, which Node rejects (ERR_WORKER_PATH). The threaded build itself supports Node (its workers use
 * worker_threads), so this loads it the way Node needs: the worker script written to a file, the main
 * script given as a path, then registers it as the 'wasm' backend. Throws, leaving the stock backend
 * registered, if anything fails.
 */
async function registerThreadedWasm(threads: number): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = wasmBinaryDir();
  const outDir = path.join(path.dirname(path.resolve(dist)), 'wasm-out');
  const mainScript = path.join(outDir, 'tfjs-backend-wasm-threaded-simd.js');
  const factory = requireHere(mainScript) as ModuleFactory;
  const { wasmWorkerContents } = requireHere(path.join(outDir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inception-wasm-'));
  // Only needed while the worker pool starts (all 8 workers load before the module resolves).
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const workerFile = path.join(dir, 'worker.cjs');
  // The contents are a template literal whose "\n" escapes became newlines; restore them.
  writeFileSync(workerFile, wasmWorkerContents.replace(/\n/g, '\\n'));

  // The C++ side caps its pool at half the logical cores it is told of; tell it enough for `threads`.
  const realCpus = os.cpus;
  if (realCpus().length < 2 * threads) {
    os.cpus = () => {
      const cpus = realCpus();
      return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]);
    };
  }
  let module: EmscriptenModule;
  try {
    module = await withTimeout(factory({
      locateFile: (file) => (file.endsWith('.worker.js') ? workerFile : path.join(dist, 'tfjs-backend-wasm-threaded-simd.wasm')),
      mainScriptUrlOrBlob: mainScript,
    }), 30_000, 'loading the multi-threaded wasm build');
  } finally {
    os.cpus = realCpus;
    removeDir();
    process.off('exit', removeDir);
  }
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  wasm.setThreadsCount(threads);
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => {
    const backend = new wasm.BackendWasm(module as unknown as ConstructorParameters<typeof wasm.BackendWasm>[0]);
    // The thread pool's workers now run for good, and Emscripten keeps running workers referenced: without
    // this, Node would never exit after the work is done. They only ever help a call the main thread makes.
    for (const worker of module.PThread?.runningWorkers ?? []) worker.unref?.();
    return backend;
  }, 2);
}

async function activateWasm(): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Node cannot fetch the binaries relative to a bundle: point at the installed package's dist/.
  wasm.setWasmPaths(wasmBinaryDir());
  registerWasmGradientKernels();
  const threads = wasmThreadCount();
  let why = '';
  const running = () => {
    const n = wasm.getThreadsCount();
    return n > 1 ? `threaded SIMD build, ${n} threads` : `SIMD build, 1 thread${why ? ` (${why})` : ''}`;
  };
  const current = tf.findBackend('wasm') ? wasm.getThreadsCount() : 0;
  if (threads > 1 && current !== threads) {
    const stock = tf.findBackendFactory('wasm');
    try {
      await registerThreadedWasm(threads);
      if (await tf.setBackend('wasm')) return running();
      why = 'the multi-threaded build failed to initialise';
    } catch (e) {
      why = `the multi-threaded build failed: ${message(e)}`;
    }
    if (stock && tf.findBackendFactory('wasm') !== stock) {
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', stock, 2);
    }
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise (see the warning above)');
  return running();
}

async function activate(name: BackendName): Promise<string | undefined> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      // Optional native packages: often absent. A variable specifier keeps bundlers and tsc from resolving them.
      const specifier: string = BACKEND_PACKAGES[name];
      await import(/* @vite-ignore */ specifier);
      if (!tf.findBackendFactory('tensorflow')) {
        throw new Error(`${specifier} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs (version mismatch?)`);
      }
      if (!(await tf.setBackend('tensorflow'))) throw new Error(`${specifier} loaded but its backend failed to initialise`);
      return undefined;
    }
    case 'wasm':
      return activateWasm();
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
      return undefined;
  }
}

/**
 * Activates the best TF.js backend that works here: tfjs-node-gpu, tfjs-node, wasm (with our training
 * kernels, multi-threaded where there are enough cores), then cpu. With `preferred`, starts there and falls
 * back in the same order after it.
 */
export async function initBackend(preferred?: BackendName): Promise<BackendChoice> {
  const start = preferred === undefined ? 0 : BACKEND_ORDER.indexOf(preferred);
  if (start < 0) throw new Error(`unknown backend "${String(preferred)}"; backends: ${BACKEND_ORDER.join(', ')}`);
  const tried: BackendChoice['tried'] = [];
  for (const name of BACKEND_ORDER.slice(start)) {
    try {
      const detail = await activate(name);
      return detail ? { name, tried, detail } : { name, tried };
    } catch (e) {
      tried.push({ name, error: message(e) });
    }
  }
  throw new Error(`no TF.js backend could be activated: ${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`);
}
