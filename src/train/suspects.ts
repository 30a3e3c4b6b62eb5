import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Suspects, SuspectsOptions } from '../contract/errorAnalysis';
import { parseTrainConfig } from '../contract/runConfig';
import { deriveSeed, mulberry32, readRunSplit, shuffleInPlace, splitForRun, splitOptionsOf, writeRunSplit, type SkippedFile } from '../data';
import { FRACTION_METHOD } from '../data/runSplit';
import { readJson, runPaths, writeJson } from '../io/runFolder';
import { rankSuspects, stratifiedFolds } from '../infer/confidentLearning';
import { accuracyOf, scoreSamples, type ScoredSample } from '../infer/errorAnalysis';
import { loadRunModel } from '../infer/runModel';
import { runGraph } from '../torch/runWeights';
import { trainPreparedRun } from './run';

/** Where a run keeps its last suspects list (read by the app; fixes name the run that suggested them). */
export const SUSPECTS_FILE = 'suspects.json';

/**
 * Likely mislabelled files of a finished run's data: every file of its train and validation lists gets
 * out-of-sample probabilities from k-fold cross-validation (k models of the run's design and recipe, each
 * trained with the TF.js engine on the other folds), then confident learning's per-class thresholds pick
 * the suspects. The list is also written to the run folder's `suspects.json`.
 */
export async function findSuspects(runDir: string, options: SuspectsOptions = {}, shouldStop: () => boolean = () => false): Promise<Suspects> {
  const started = performance.now();
  const graph = await runGraph(runDir);
  const config = parseTrainConfig(await readJson(runPaths(runDir).config));
  const split = (await readRunSplit(runDir)) ?? (await splitForRun(splitOptionsOf(config)));
  const folds = options.folds ?? 4;
  const epochs = options.epochs ?? config.epochs;
  const seed = config.seed ?? 0;
  const all = shuffleInPlace([...split.train, ...split.validation], mulberry32(deriveSeed(seed, 'suspects')));
  const foldOf = stratifiedFolds(all, folds);
  const skipped: SkippedFile[] = [...split.skipped];
  const scored: ScoredSample[] = [];
  const work = await mkdtemp(path.join(runDir, '.suspects-'));
  try {
    for (let k = 0; k < folds; k++) {
      if (shouldStop()) throw new Error('stopped');
      const foldDir = path.join(work, `fold-${k}`);
      const foldConfig = { ...config, epochs, earlyStopping: null, data: { ...config.data, valDir: null } };
      // The fold's lists, recorded as the split of the options it trains with, so training takes them as they are.
      await writeRunSplit(foldDir, {
        version: 1,
        method: { kind: 'fraction', description: FRACTION_METHOD, dir: path.resolve(config.data.dir), validationFraction: config.data.validationFraction, seed },
        classes: split.classes,
        emptyClasses: [],
        train: all.filter((_, i) => foldOf[i] !== k),
        validation: all.filter((_, i) => foldOf[i] === k),
        skipped: [],
      });
      // A fold is the finished run again (its design fitted, its options resolved) with other lists: a prepared run.
      await writeJson(runPaths(foldDir).graph, graph);
      await writeJson(runPaths(foldDir).config, foldConfig);
      const fold = { runDir: foldDir, graph, config: foldConfig, classes: split.classes, fixClasses: false, resume: false };
      const result = await trainPreparedRun(fold, { shouldStop });
      if (result.status !== 'completed') throw new Error(`fold ${k + 1} of ${folds} ended ${result.status}`);
      const trained = await loadRunModel(foldDir);
      const held = all.filter((_, i) => foldOf[i] === k);
      scored.push(...(await scoreSamples(trained, held, (file) => skipped.push(file))));
      trained.model.dispose();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const { thresholds, suspects } = rankSuspects(scored, split.classes);
  const answer: Suspects = {
    runId: path.basename(runDir),
    classes: split.classes,
    folds,
    epochs,
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
