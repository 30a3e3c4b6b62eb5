import { initBackend } from '../backend/select';
import { compileGraph } from '../compile/compile';
import { batches, DecodePool } from '../data';
import type { GraphDoc } from '../graph/types';
import { designClassCount, inputOf, withClassCount } from '../shapes/classes';
import { parseTrainConfig, type TrainConfigInput } from '../contract/runConfig';
import { appendSmoothed, hasDiverged, suggestLearningRate } from './lrSuggest';
import { createOptimizer } from './optimizer';
import { prepareData } from './prepareData';
import { trainStep } from './step';
import type { LrFinderResult, LrPoint } from '../contract/lrFinder';

export interface LrFinderOptions {
  graph: GraphDoc;
  config: TrainConfigInput;
  /** Training steps of the test (default 100), each at a higher rate. */
  steps?: number;
  minLr?: number;
  maxLr?: number;
}

/**
 * A learning-rate range test: trains a fresh copy of the design for a few steps on the run's data,
 * the rate rising geometrically from `minLr` to `maxLr`, and suggests a rate from the loss curve.
 * Nothing is written; the design's class count follows the folder's, as a run with the fix would.
 */
export async function findLearningRate(options: LrFinderOptions): Promise<LrFinderResult> {
  const { steps = 100, minLr = 1e-6, maxLr = 1 } = options;
  if (!(minLr > 0 && maxLr > minLr && steps >= 10)) throw new Error('the range test needs 0 < minLr < maxLr and at least 10 steps');
  const config = parseTrainConfig(options.config);
  const backend = await initBackend(config.backend ?? undefined);
  const input = inputOf(options.graph);
  const data = await prepareData(config, input);
  const classes = data.split.classes;
  if (classes.length < 2 || data.split.train.length === 0) throw new Error(`the range test needs at least 2 classes with training images in ${config.data.dir}`);
  const graph = designClassCount(options.graph) === classes.length ? options.graph : withClassCount(options.graph, classes.length);

  const model = compileGraph(graph, { seed: config.seed, logits: true });
  const opt = createOptimizer(config.optimizer, minLr);
  const pool = await DecodePool.create({ workers: config.data.workers ?? undefined });
  const shape = { numClasses: classes.length, inputShape: [input.height, input.width, input.channels] };
  const points: LrPoint[] = [];
  let diverged = false;
  try {
    for (let epoch = 0; points.length < steps && !diverged; epoch++) {
      const stream = batches(data.split.train, { batchSize: config.batchSize, spec: data.spec, augment: config.augment, shuffle: true, seed: config.seed, epoch, pool });
      for await (const batch of stream) {
        const lr = minLr * (maxLr / minLr) ** (points.length / (steps - 1));
        const { loss } = trainStep(model, opt, batch, { lr, labelSmoothing: config.labelSmoothing, ...shape });
        appendSmoothed(points, { lr, loss });
        diverged = hasDiverged(points) && points.length < steps;
        if (diverged || points.length >= steps) {
          await stream.return?.();
          break;
        }
      }
    }
  } finally {
    await pool.close();
    model.dispose();
    opt.optimizer.dispose();
  }
  const finite = points.filter((p) => Number.isFinite(p.smoothed));
  return { ...suggestLearningRate(finite), points: finite, diverged, backend: backend.name };
}
