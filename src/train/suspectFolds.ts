import path from 'node:path';
import type { SuspectsOptions } from '../contract/errorAnalysis';
import { parseTorchTrainConfig, parseTrainConfig, type TorchTrainConfig, type TrainConfig } from '../contract/runConfig';
import { deriveSeed, mulberry32, readRunSplit, shuffleInPlace, splitForRun, splitOptionsOf, writeRunSplit, type RunSplit, type Sample } from '../data';
import { FRACTION_METHOD } from '../data/runSplit';
import type { GraphDoc } from '../graph/types';
import { readJson, runPaths } from '../io/runFolder';
import { stratifiedFolds } from '../infer/confidentLearning';
import { runGraph } from '../torch/runWeights';

// The k-fold cross-validation behind `findSuspects`, without any engine: which files each fold holds out, and
// the run's recipe for the fold models in either engine's form. Both the TF.js job and the service (which
// trains PyTorch folds with the runner) read the same plan, so the folds are the same whoever trains them.

/** The folder inside a run where the fold models train; removed when the suspects are scored. */
export const SUSPECT_FOLDS_DIR = '.suspects-folds';

export interface SuspectFold {
  dir: string;
  train: Sample[];
  held: Sample[];
}

export interface SuspectFoldPlan {
  graph: GraphDoc;
  split: RunSplit;
  /** The run's recipe for a fold model: the run's, with `epochs` as asked, no early stopping, the fold's own lists. */
  tfjsConfig: TrainConfig;
  torchConfig: TorchTrainConfig;
  epochs: number;
  work: string;
  folds: SuspectFold[];
}

/** The run's config in the TF.js engine's form: a PyTorch run's options without those only PyTorch has. */
function asTfjsConfig(config: TorchTrainConfig): TrainConfig {
  const { torch: _torch, ...shared } = config;
  return parseTrainConfig({ ...shared, engine: 'tfjs' });
}

/** The folds of a finished run's train and validation files (seeded, stratified by class). */
export async function planSuspectFolds(runDir: string, options: SuspectsOptions = {}): Promise<SuspectFoldPlan> {
  const graph = await runGraph(runDir);
  const stored = parseTorchTrainConfig(await readJson(runPaths(runDir).config));
  const split = (await readRunSplit(runDir)) ?? (await splitForRun(splitOptionsOf(stored)));
  const count = options.folds ?? 4;
  const epochs = options.epochs ?? stored.epochs;
  const seed = stored.seed ?? 0;
  const all = shuffleInPlace([...split.train, ...split.validation], mulberry32(deriveSeed(seed, 'suspects')));
  const foldOf = stratifiedFolds(all, count);
  const work = path.join(runDir, SUSPECT_FOLDS_DIR);
  const recipe = { epochs, earlyStopping: null, data: { ...stored.data, valDir: null } };
  return {
    graph,
    split,
    tfjsConfig: { ...asTfjsConfig(stored), ...recipe },
    torchConfig: { ...stored, ...recipe, engine: 'torch' },
    epochs,
    work,
    folds: Array.from({ length: count }, (_, k) => ({
      dir: path.join(work, `fold-${k}`),
      train: all.filter((_, i) => foldOf[i] !== k),
      held: all.filter((_, i) => foldOf[i] === k),
    })),
  };
}

/** Writes a fold's lists as its run split (recorded as the split of the options it trains with, so training takes them as they are). */
export async function writeFoldSplit(plan: SuspectFoldPlan, fold: SuspectFold): Promise<void> {
  const { data, seed } = plan.tfjsConfig;
  await writeRunSplit(fold.dir, {
    version: 1,
    method: { kind: 'fraction', description: FRACTION_METHOD, dir: path.resolve(data.dir), validationFraction: data.validationFraction, seed },
    classes: plan.split.classes,
    emptyClasses: [],
    train: fold.train,
    validation: fold.held,
    skipped: [],
  });
}
