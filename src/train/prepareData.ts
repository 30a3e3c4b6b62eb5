import { measureMeanStd, scanImageFolder, withClassOrder, splitDataset, splitWithValidationFolder, type DatasetSplit, type PreprocessSpec, type SkippedFile } from '../data';
import type { TrainConfig } from '../contract/runConfig';

export interface PreparedData {
  split: DatasetSplit;
  spec: PreprocessSpec;
  skipped: SkippedFile[];
  emptyClasses: string[];
}

/** Scans and splits the image folder, and fixes the normalisation (given, or measured on training images). */
export async function prepareData(
  config: TrainConfig,
  input: { height: number; width: number; channels: 1 | 3 | 4 },
  /** A resumed run's recorded class order, kept even where today's order differs. */
  classOrder?: readonly string[],
): Promise<PreparedData> {
  const found = await scanImageFolder(config.data.dir);
  const scan = classOrder ? withClassOrder(found, classOrder) : found;
  const split = config.data.valDir
    ? await splitWithValidationFolder(scan, config.data.valDir)
    : splitDataset(scan, { validationFraction: config.data.validationFraction, seed: config.seed });
  const skipped = [...scan.skipped, ...split.skipped];
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
  return { split, spec: { ...input, resize: config.data.resize, mean, std }, skipped, emptyClasses: scan.emptyClasses };
}
