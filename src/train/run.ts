import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select';
import { compileGraph } from '../compile/compile';
import { batches, buildSkippedReport, DecodePool, deriveSeed, mulberry32, type PreprocessSpec, type Sample, type SkippedFile } from '../data';
import { NO_AUGMENT } from '../contract/augment';
import { permutation } from '../data/random';
import { saveLayersModel } from '../export/tfjsFiles';
import { inferGraph } from '../shapes/infer';
import { inputSizeAt } from '../contract/progressiveResize';
import type { GraphDoc } from '../graph/types';
import { MetricsAccumulator } from '../infer/metrics';
import type { EvaluationMetrics } from '../contract/evaluation';
import { findCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { applyInitWeights, readRunLabels, readRunWeights, type InitReport } from './initWeights';
import { classifierNode, fitToClasses, inputOf } from '../shapes/classes';
import type { TrainConfig } from '../contract/runConfig';
import type { TrainEvent } from '../contract/events';
import { createOptimizer } from './optimizer';
import { prepareData } from './prepareData';
import { runPaths, writeJson } from '../io/runFolder';
import { MetricsLog, readMetrics } from '../io/metricsFile';
import { isImprovement, summarizeRun } from '../contract/runSummary';
import { reportSummaryFields } from '../io/reportSummary';
import { ClassCountError } from './classCountError';
import { learningRateAt } from './schedule';
import { evalStep, trainStep } from './step';
import { formatGraphError } from '../contract/graphErrors';

/** What the training loop needs besides the run: where its events go and when to stop. */
export interface RunHooks {
  onEvent?: (event: TrainEvent) => void;
  /** Polled after every batch: true ends the run gracefully (checkpoint, then return). */
  shouldStop?: () => boolean;
}

/** Where a run is; stored in every checkpoint so a resume continues exactly there. */
interface RunState {
  epoch: number;
  batchInEpoch: number;
  step: number;
  bestValLoss: number | null;
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  badEpochs: number;
  seconds: number;
  /** Fine-tuning: what the initial weights gave (kept here so a resumed run reports it too). */
  init?: InitReport | null;
}

export interface RunResult {
  status: 'completed' | 'stopped' | 'early-stopped';
  state: RunState;
  metrics: EvaluationMetrics | null;
}

const now = () => Date.now() / 1000;

/** A run whose design and options the service checked (`prepareRun`) or read back (`resumePlan`), as they are in its folder. */
export interface PreparedRun {
  runDir: string;
  graph: GraphDoc;
  config: TrainConfig;
  /** The dataset's classes, in the order the design was fitted to; null for a resumed run that never recorded them. */
  classes: readonly string[] | null;
  fixClasses: boolean;
  /** Continue from the last checkpoint. */
  resume: boolean;
}

/**
 * Trains a run prepared by `prepareRun` (or `prepareRunIn`), or read back by `resumePlan` to continue from its last
 * checkpoint, writing the run folder of DESIGN.md; resumable at any batch. Nothing is checked or written again but
 * the normalisation measured here when none was given.
 */
export async function trainPreparedRun(run: PreparedRun, options: RunHooks): Promise<RunResult> {
  const classOrder = run.classes ?? undefined;
  const paths = runPaths(run.runDir);
  const { config } = run;
  let { graph } = run;
  const backend = await initBackend(config.backend ?? undefined);
  const input = inputOf(graph);
  const data = await prepareData(config, input, classOrder, run.runDir);
  const classes = data.split.classes;
  if (classes.length < 2) throw new Error(`training needs at least 2 classes with images; ${config.data.dir} has ${classes.length}`);
  if (data.split.train.length === 0) throw new Error(`no training images in ${config.data.dir}`);

  // A guard: the classes with readable images may differ from the folders' the run was prepared for.
  checkDesign(graph);
  const fitted = fitToClasses(graph, classes, false);
  if (!fitted.ok) throw new ClassCountError(fitted.problem.text);
  graph = fitted.graph;
  if (!run.resume && (!config.data.mean || !config.data.std)) {
    // The normalisation measured on the training images is kept, so a resumed run normalises as this one did.
    await writeJson(paths.config, { ...config, data: { ...config.data, mean: data.spec.mean, std: data.spec.std } });
  }

  const log = new MetricsLog(paths.metrics);
  const emit = (event: TrainEvent) => {
    void log.append(event);
    options.onEvent?.(event);
  };
  for (const file of data.skipped) emit({ type: 'skipped', time: now(), path: file.path, reason: file.reason });
  const skipped = [...data.skipped];

  const model = compileGraph(graph, { seed: config.seed, logits: true });
  const opt = createOptimizer(config.optimizer, config.lr);
  let state: RunState = { epoch: 0, batchInEpoch: 0, step: 0, bestValLoss: null, bestValAccuracy: null, bestEpoch: null, badEpochs: 0, seconds: 0, init: null };
  if (run.resume && (await findCheckpoint(paths.last))) {
    state = await loadCheckpoint<RunState>(paths.last, model, opt.optimizer);
  } else if (config.init) {
    state.init = await initialWeights(model, graph, config.init, classes, run.fixClasses);
  }

  const stepsPerEpoch = Math.ceil(data.split.train.length / config.batchSize);
  const schedule = { baseLr: config.lr, schedule: config.schedule, warmupEpochs: config.warmupEpochs, epochs: config.epochs, stepsPerEpoch };
  const shapeInfo = { numClasses: classes.length, inputShape: [input.height, input.width, input.channels] };
  const pool = await DecodePool.create({ workers: config.data.workers ?? undefined });
  const onSkip = (file: SkippedFile) => {
    skipped.push(file);
    emit({ type: 'skipped', time: now(), path: file.path, reason: file.reason });
  };

  emit({
    type: 'start', time: now(), engine: 'tfjs', backend: backend.name, classes,
    trainSize: data.split.train.length, valSize: data.split.validation.length,
    epochs: config.epochs, stepsPerEpoch, fromEpoch: state.epoch, ...(state.init && { init: state.init }),
  });

  const startedAt = now() - state.seconds;
  const checkpoint = async (dir: string, kind: 'last' | 'best' | 'stop') => {
    state.seconds = now() - startedAt;
    await saveCheckpoint(dir, model, opt.optimizer, state);
    emit({ type: 'checkpoint', time: now(), epoch: state.epoch, step: state.step, kind });
  };

  let status: RunResult['status'] = 'completed';
  try {
    let rate = 0;
    while (state.epoch < config.epochs) {
      const epochStart = now();
      const order = epochOrder(data.split.train, config.seed, state.epoch).slice(state.batchInEpoch * config.batchSize);
      const stream = batches(order, { batchSize: config.batchSize, spec: data.spec, augment: config.augment, seed: config.seed, epoch: state.epoch, pool, onSkip, cacheDir: config.data.cacheDir ?? undefined });
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let last = now();
      for await (const batch of stream) {
        const lr = learningRateAt(state.step, schedule);
        const result = trainStep(model, opt, batch, { lr, labelSmoothing: config.labelSmoothing, ...shapeInfo, resizeTo: inputSizeAt(config.progressiveResize, state.epoch, input) });
        lossSum += result.loss * result.size;
        correct += result.correct;
        seen += result.size;
        const t = now();
        const instant = batch.size / Math.max(t - last, 1e-6);
        rate = rate ? 0.9 * rate + 0.1 * instant : instant;
        last = t;
        state.step += 1;
        state.batchInEpoch += 1;
        const stepsLeft = config.epochs * stepsPerEpoch - state.step;
        emit({ type: 'batch', time: t, epoch: state.epoch, step: state.step - 1, loss: result.loss, accuracy: result.correct / result.size, lr, imagesPerSecond: rate, etaSeconds: (stepsLeft * config.batchSize) / Math.max(rate, 1e-6) });
        if (options.shouldStop?.()) {
          await stream.return?.();
          await checkpoint(paths.last, 'stop');
          status = 'stopped';
          break;
        }
      }
      if (status === 'stopped') break;

      const val = await evaluateSamples(model, data.split.validation, { batchSize: config.batchSize, spec: data.spec, pool, onSkip, ...shapeInfo, classes });
      const valLoss = val?.loss ?? null;
      const best = isImprovement(valLoss, state.bestValLoss, config.earlyStopping?.minDelta ?? 0);
      if (best) {
        state.bestValLoss = valLoss;
        state.bestValAccuracy = val?.accuracy ?? null;
        state.bestEpoch = state.epoch;
        state.badEpochs = 0;
      } else {
        state.badEpochs += 1;
      }
      const epochSeconds = now() - epochStart;
      const finished = state.epoch;
      state.epoch += 1;
      state.batchInEpoch = 0;
      emit({
        type: 'epoch', time: now(), epoch: finished, loss: lossSum / Math.max(seen, 1), accuracy: correct / Math.max(seen, 1),
        valLoss, valAccuracy: val?.accuracy ?? null, lr: learningRateAt(Math.max(state.step - 1, 0), schedule),
        imagesPerSecond: seen / Math.max(epochSeconds, 1e-6), seconds: epochSeconds, etaSeconds: epochSeconds * (config.epochs - state.epoch), best,
      });
      if (best) await checkpoint(paths.best, 'best');
      await checkpoint(paths.last, 'last');
      if (config.earlyStopping && state.badEpochs >= config.earlyStopping.patience) {
        status = 'early-stopped';
        break;
      }
    }

    let metrics: EvaluationMetrics | null = null;
    if (status !== 'stopped') {
      if (await findCheckpoint(paths.best)) await loadCheckpoint(paths.best, model, null);
      await saveLayersModel(model, paths.model);
      await writeJson(`${paths.model}/labels.json`, classes);
      await writeJson(`${paths.model}/preprocessing.json`, data.spec);
      await writeJson(`${paths.model}/graph.json`, graph);
      metrics = await evaluateSamples(model, data.split.validation, { batchSize: config.batchSize, spec: data.spec, pool, onSkip, ...shapeInfo, classes });
    }
    state.seconds = now() - startedAt;
    const end: Extract<TrainEvent, { type: 'end' }> = { type: 'end', time: now(), status, epochsDone: state.epoch, bestValAccuracy: state.bestValAccuracy, bestValLoss: state.bestValLoss };
    await log.flush();
    const summary = summarizeRun([...(await readMetrics(paths.metrics)), end]);
    await writeJson(paths.report, {
      status, classes, backend: backend.name, ...reportSummaryFields(summary), ...(state.init && { init: state.init }),
      counts: data.split.counts, emptyClasses: data.emptyClasses, validation: metrics, skipped: buildSkippedReport(skipped),
    });
    emit({ ...end, bestValAccuracy: summary.bestValAccuracy, bestValLoss: summary.bestValLoss });
    await log.flush();
    return { status, state, metrics };
  } finally {
    await pool.close();
    model.dispose();
    opt.optimizer.dispose();
  }
}

/** Copies the init run's weights into the model; the classifier starts fresh when fixing classes for other classes than the init's. */
async function initialWeights(model: tf.LayersModel, graph: GraphDoc, init: NonNullable<TrainConfig['init']>, classes: string[], fixClasses: boolean): Promise<InitReport> {
  if (!init.runDir) throw new Error(`init.runDir is not set: the service resolves init.run (${init.run}) to its run folder`);
  const weights = await readRunWeights(init.runDir);
  const labels = await readRunLabels(init.runDir);
  const sameClasses = labels !== null && labels.join('\n') === classes.join('\n');
  const head = classifierNode(graph);
  return applyInitWeights(model, weights, init.run, new Set(fixClasses && !sameClasses && head ? [head] : []));
}

/** Throws with the design's first error when it has any. */
function checkDesign(graph: GraphDoc): void {
  const inference = inferGraph(graph);
  const first = inference.errors[0];
  if (first) throw new Error(`the design has ${inference.errors.length} error(s); first: ${formatGraphError(first)}`);
}

/** The same seeded order every time for a given epoch, so a run resumed mid-epoch sees the rest of it. */
function epochOrder(samples: readonly Sample[], seed: number, epoch: number): Sample[] {
  return permutation(samples.length, mulberry32(deriveSeed(seed, 'epoch-order', epoch))).map((i) => samples[i]);
}

/** Loss, accuracy, top-5 and the confusion matrix of a model over samples (no augmentation). */
export async function evaluateSamples(
  model: tf.LayersModel,
  samples: readonly Sample[],
  o: { batchSize: number; spec: PreprocessSpec; pool: DecodePool; onSkip?: (file: SkippedFile) => void; numClasses: number; inputShape: number[]; classes: string[] },
): Promise<EvaluationMetrics | null> {
  if (samples.length === 0) return null;
  const metrics = new MetricsAccumulator(o.classes);
  for await (const batch of batches(samples, { batchSize: o.batchSize, spec: o.spec, augment: NO_AUGMENT, pool: o.pool, onSkip: o.onSkip })) {
    const result = evalStep(model, batch, o);
    metrics.add(result.probabilities, batch.y);
  }
  return metrics.result();
}
