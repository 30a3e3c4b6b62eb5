import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { NO_AUGMENT } from '../contract/augment';
import type { GradCamOptions, GradCamResult } from '../contract/gradCam';
import { decodeImage, type PreprocessSpec } from '../data';
import { gradCamAnswer, gradCamSource, requestedClass } from '../infer/gradCamSource';
import { withRandomHead } from '../infer/randomHead';
import { gradCamNode } from '../shapes/gradCamNodes';
import { generateTorchModule } from '../torch/codegen';
import { TorchGradCamWorker } from '../torch/gradCamWorker';
import { pythonWithTorch } from '../torch/runWeights';
import { tfjsToTorch } from '../torch/weights';
import type { GraphDoc } from '../graph/types';

/** How long a run's worker waits for the next request before it is closed. */
export const GRAD_CAM_WORKER_IDLE_MS = 10 * 60_000;

interface LoadedRun {
  worker: TorchGradCamWorker;
  graph: GraphDoc;
  classes: string[];
  spec: PreprocessSpec;
  /** The run's weights files as they were when the worker loaded them: a run trained further gets a new worker. */
  weightsStamp: string;
  idle?: NodeJS.Timeout;
}

/** Names and modification times of the files a run's weights are read from (model/, the checkpoints). */
async function weightsStamp(runDir: string): Promise<string> {
  const parts: string[] = [];
  for (const dir of ['model', path.join('checkpoints', 'best'), path.join('checkpoints', 'last')]) {
    const names = await readdir(path.join(runDir, dir)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const info = await stat(path.join(runDir, dir, name)).catch(() => null);
      if (info) parts.push(`${dir}/${name}:${info.mtimeMs}:${info.size}`);
    }
  }
  return parts.join('|');
}

/**
 * The PyTorch engine's Grad-CAM in the service: one Python worker per run (and per sanity-check variant, whose
 * classifier is randomised), started on the run's first request, kept for the next ones, closed after
 * `idleMs` without a request and on shutdown. The image is decoded and the overlay drawn here.
 */
export function torchGradCams(idleMs = GRAD_CAM_WORKER_IDLE_MS) {
  const loaded = new Map<string, Promise<LoadedRun>>();

  async function load(runDir: string, randomHead: boolean, stamp: string): Promise<LoadedRun> {
    const source = await gradCamSource(runDir);
    const module = generateTorchModule(source.graph);
    const weights = randomHead ? withRandomHead(source.graph, source.weights) : source.weights;
    const worker = await TorchGradCamWorker.start(await pythonWithTorch(), module, tfjsToTorch(weights, module.tensors));
    return { worker, graph: source.graph, classes: source.classes, spec: source.spec, weightsStamp: stamp };
  }

  function close(key: string, run: LoadedRun): void {
    clearTimeout(run.idle);
    loaded.delete(key);
    void run.worker.close();
  }

  async function worker(runDir: string, randomHead: boolean): Promise<LoadedRun> {
    const key = `${path.resolve(runDir)}\n${randomHead}`;
    const stamp = await weightsStamp(runDir);
    const known = loaded.get(key);
    if (known) {
      const run = await known.catch(() => null);
      if (run && run.worker.alive && run.weightsStamp === stamp) return run;
      if (loaded.get(key) === known) {
        loaded.delete(key);
        if (run) close(key, run);
      }
    }
    const starting = load(runDir, randomHead, stamp);
    loaded.set(key, starting);
    starting.catch(() => loaded.get(key) === starting && loaded.delete(key));
    return starting;
  }

  return {
    async gradCam(runDir: string, file: string, options: GradCamOptions): Promise<GradCamResult> {
      const randomHead = Boolean(options.randomHead);
      const run = await worker(runDir, randomHead);
      clearTimeout(run.idle);
      try {
        const node = gradCamNode(run.graph, options.node);
        const pixels = await decodeImage(file, run.spec, NO_AUGMENT);
        const cam = await run.worker.gradCam(pixels, node, requestedClass(run.classes, options.label));
        return await gradCamAnswer(file, run.spec, run.classes, cam, { engine: 'torch', node, randomHead });
      } finally {
        const key = `${path.resolve(runDir)}\n${randomHead}`;
        clearTimeout(run.idle);
        run.idle = setTimeout(() => close(key, run), idleMs);
        run.idle.unref();
      }
    },
    /** The runs with a worker now (for tests). */
    workers: () => loaded.size,
    async shutdown(): Promise<void> {
      const runs = await Promise.all([...loaded.values()].map((p) => p.catch(() => null)));
      loaded.clear();
      await Promise.all(runs.map((run) => run && (clearTimeout(run.idle), run.worker.close())));
    },
  };
}
