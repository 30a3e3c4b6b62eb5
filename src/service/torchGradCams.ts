import { NO_AUGMENT } from '../contract/augment';
import type { GradCamOptions, GradCamResult } from '../contract/gradCam';
import { decodeImage, type PreprocessSpec } from '../data';
import { gradCamAnswer, gradCamSource, requestedClass } from '../infer/gradCamSource';
import { withRandomHead } from '../infer/randomHead';
import { defaultGradCamNode as defaultNode, gradCamNode } from '../shapes/gradCamNodes';
import { generateTorchModule } from '../torch/codegen';
import { TorchGradCamWorker } from '../torch/gradCamWorker';
import { pythonWithTorch } from '../torch/runWeights';
import { tfjsToTorch } from '../torch/weights';
import type { GraphDoc } from '../graph/types';
import { keptPerRun, type KeptWorker } from './keptPerRun';

/** How long a run's worker waits for the next request before it is closed. */
export const GRAD_CAM_WORKER_IDLE_MS = 10 * 60_000;

interface LoadedRun extends KeptWorker {
  worker: TorchGradCamWorker;
  graph: GraphDoc;
  classes: string[];
  spec: PreprocessSpec;
}

/** One pass on a blank image at the default node, so that the first request finds torch's kernels chosen and its allocator warm. */
async function primeTorch(worker: TorchGradCamWorker, graph: GraphDoc, spec: PreprocessSpec): Promise<void> {
  const node = defaultNode(graph);
  if (node) await worker.gradCam(new Float32Array(spec.height * spec.width * spec.channels), node);
}

async function load(runDir: string, randomHead: boolean): Promise<LoadedRun> {
  const source = await gradCamSource(runDir);
  const module = generateTorchModule(source.graph);
  const weights = randomHead ? withRandomHead(source.graph, source.weights) : source.weights;
  const worker = await TorchGradCamWorker.start(await pythonWithTorch(), module, tfjsToTorch(weights, module.tensors));
  await primeTorch(worker, source.graph, source.spec).catch(async (error: Error) => {
    await worker.close();
    throw error;
  });
  return { worker, graph: source.graph, classes: source.classes, spec: source.spec, get alive() { return worker.alive; }, close: () => worker.close() };
}

/**
 * The PyTorch engine's Grad-CAM in the service: one Python worker per run (and per sanity-check variant, whose
 * classifier is randomised), started on the run's first request, kept for the next ones, closed after
 * `idleMs` without a request and on shutdown. The image is decoded and the overlay drawn here.
 */
export function torchGradCams(idleMs = GRAD_CAM_WORKER_IDLE_MS) {
  const kept = keptPerRun(load, idleMs);
  return {
    gradCam: (runDir: string, file: string, options: GradCamOptions): Promise<GradCamResult> => {
      const randomHead = Boolean(options.randomHead);
      return kept.use(runDir, randomHead, async (run) => {
        const node = gradCamNode(run.graph, options.node);
        const pixels = await decodeImage(file, run.spec, NO_AUGMENT);
        const cam = await run.worker.gradCam(pixels, node, requestedClass(run.classes, options.label));
        return gradCamAnswer(file, run.spec, run.classes, cam, { engine: 'torch', node, randomHead });
      });
    },
    /** Starts the run's worker ahead of its first request (see `keptPerRun`'s `warm`). */
    warm: (runDir: string): Promise<void> => kept.warm(runDir, false),
    /** The runs with a worker now (for tests). */
    workers: kept.workers,
    shutdown: kept.shutdown,
  };
}
