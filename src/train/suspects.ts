import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Suspects, SuspectsOptions, SuspectsProgress } from '../contract/errorAnalysis';
import type { TrainEvent } from '../contract/events';
import type { SkippedFile } from '../data';
import { writeTfjsModelFromTorchRun } from '../export/tfjsModel';
import { writeJson } from '../io/runFolder';
import { rankSuspects } from '../infer/confidentLearning';
import { accuracyOf, scoreSamples, type ScoredSample } from '../infer/errorAnalysis';
import { loadRunModel } from '../infer/runModel';
import { trainPreparedRun } from './run';
import { planSuspectFolds, writeFoldRun, type SuspectFold } from './suspectFolds';

/** Where a run keeps its last suspects list (read by the app; fixes name the run that suggested them). */
export const SUSPECTS_FILE = 'suspects.json';

/** How the folds' models come to be: trained here with the TF.js engine, or already trained by PyTorch (the service's runner). */
export interface FoldEngine {
  engine: 'tfjs' | 'torch';
  /** Said in the result: why this engine. */
  reason: string;
}

/** A PyTorch fold's model as TF.js layers, to score its held-out files as the TF.js folds are scored. */
async function torchFoldModel(fold: SuspectFold, k: number, count: number) {
  await writeTfjsModelFromTorchRun(fold.dir).catch((error: Error) => {
    throw new Error(`fold ${k + 1} of ${count}: ${error.message}`);
  });
  return loadRunModel(fold.dir);
}

/**
 * Likely mislabelled files of a finished run's data: every file of its train and validation lists gets
 * out-of-sample probabilities from k-fold cross-validation (k models of the run's design and recipe, each
 * trained on the other folds; see `planSuspectFolds`), then confident learning's per-class thresholds pick
 * the suspects. With the TF.js engine the folds train here; with PyTorch the service trained them in the
 * plan's folders before this job. The list is also written to the run folder's `suspects.json`.
 */
export async function findSuspects(
  runDir: string,
  options: SuspectsOptions,
  engine: FoldEngine,
  shouldStop: () => boolean = () => false,
  onProgress: (progress: SuspectsProgress) => void = () => undefined,
): Promise<Suspects> {
  const started = performance.now();
  const plan = await planSuspectFolds(runDir, options);
  const skipped: SkippedFile[] = [...plan.split.skipped];
  const scored: ScoredSample[] = [];
  const images = plan.folds.reduce((n, f) => n + f.held.length, 0);
  let imagesDone = 0;
  try {
    for (const [k, fold] of plan.folds.entries()) {
      if (shouldStop()) throw new Error('stopped');
      const at = { fold: k + 1, folds: plan.folds.length, epochs: plan.epochs, images };
      let trained;
      if (engine.engine === 'torch') {
        trained = await torchFoldModel(fold, k, plan.folds.length);
      } else {
        onProgress({ ...at, phase: 'training', epoch: 0, imagesDone });
        const onEvent = (event: TrainEvent) => event.type === 'epoch' && onProgress({ ...at, phase: 'training', epoch: event.epoch + 1, imagesDone });
        const result = await trainPreparedRun(await writeFoldRun(plan, fold, plan.tfjsConfig), { shouldStop, onEvent });
        if (result.status !== 'completed') throw new Error(`fold ${k + 1} of ${plan.folds.length} ended ${result.status}`);
        trained = await loadRunModel(fold.dir);
      }
      onProgress({ ...at, phase: 'scoring', epoch: plan.epochs, imagesDone });
      scored.push(...(await scoreSamples(trained, fold.held, (file) => skipped.push(file))));
      imagesDone += fold.held.length;
      onProgress({ ...at, phase: 'scoring', epoch: plan.epochs, imagesDone });
      trained.model.dispose();
    }
    if (shouldStop()) throw new Error('stopped');
  } finally {
    await rm(plan.work, { recursive: true, force: true });
  }
  const { thresholds, suspects } = rankSuspects(scored, plan.split.classes);
  const answer: Suspects = {
    runId: path.basename(runDir),
    classes: plan.split.classes,
    folds: plan.folds.length,
    epochs: plan.epochs,
    engine: engine.engine,
    engineReason: engine.reason,
    count: scored.length,
    accuracy: accuracyOf(scored),
    thresholds,
    suspects,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
  await writeJson(path.join(runDir, SUSPECTS_FILE), answer);
  return answer;
}
