import { countsOf, ensureRunSplit, measureMeanStd, splitForRun, splitOptionsOf, type DatasetSplit, type PreprocessSpec, type SkippedFile } from '../data';
import type { TrainConfig } from '../contract/runConfig';

export interface PreparedData {
  split: Pick<DatasetSplit, 'classes' | 'train' | 'validation' | 'counts'>;
  spec: PreprocessSpec;
  skipped: SkippedFile[];
  emptyClasses: string[];
}

/**
 * The run's train/validation split and its normalisation (given, or measured on training images). With a
 * run folder the split is the folder's `split.json` (written here the first time), so a run is split once.
 */
export async function prepareData(
  config: TrainConfig,
  input: { height: number; width: number; channels: 1 | 3 | 4 },
  /** A resumed run's recorded class order, kept even where today's order differs. */
  classOrder?: readonly string[],
  /** The run folder; without it (the range test) nothing is written. */
  runDir?: string,
): Promise<PreparedData> {
  const options = { ...splitOptionsOf(config), classOrder };
  const split = runDir ? await ensureRunSplit(runDir, options) : await splitForRun(options);
  const skipped = [...split.skipped];
  let { mean, std } = config.data;
  if (!mean || !std) {
    const stats = await measureMeanStd(split.train, { ...input, resize: config.data.resize }, 300, {
      seed: config.seed,
      onSkip: (file) => skipped.push(file),
    });
    mean ??= stats.mean;
    std ??= stats.std;
  }
  if (mean.length !== input.channels || std.length !== input.channels) {
    throw new Error(`data.mean and data.std need ${input.channels} values (the Input node's channels), got ${mean.length} and ${std.length}`);
  }
  const { classes, train, validation } = split;
  return {
    split: { classes, train, validation, counts: countsOf(classes, train, validation) },
    spec: { ...input, resize: config.data.resize, mean, std },
    skipped,
    emptyClasses: split.emptyClasses,
  };
}
