import { DataError } from './errors';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';
import type { SkippedFile } from './report';
import { type DatasetScan, type Sample, type ScanOptions, scanImageFolder } from './scan';

/** Train and validation samples over one class list. */
export interface DatasetSplit {
  /** Class names; a class's index is its label in both `train` and `validation`. */
  classes: string[];
  train: Sample[];
  validation: Sample[];
  /** Per class: how many images went to each side. */
  counts: { name: string; train: number; validation: number }[];
  /** Validation-folder classes that training does not have; their images are in `skipped`. */
  onlyInValidation: string[];
  /** Training classes with no validation image. */
  missingFromValidation: string[];
  /** Files left out while building the validation side (beyond each scan's own `skipped`). */
  skipped: SkippedFile[];
}

/** Options of `splitDataset`. */
export interface SplitOptions {
  /** Share of each class held out for validation, in [0, 1) (default 0.2). */
  validationFraction?: number;
  /** Seed of the split (default 0): the same seed always gives the same split. */
  seed?: number;
}

/** Per class: how many of its images are in `train` and in `validation`. */
export function countsOf(classes: readonly string[], train: readonly Sample[], validation: readonly Sample[]): DatasetSplit['counts'] {
  const counts = classes.map((name) => ({ name, train: 0, validation: 0 }));
  for (const s of train) counts[s.label].train++;
  for (const s of validation) counts[s.label].validation++;
  return counts;
}

/**
 * Stratified random split: each class gives `round(n × fraction)` images to validation, but always
 * keeps at least one for training. Deterministic for a given seed and scan.
 * @example const { train, validation } = splitDataset(scan, { validationFraction: 0.2, seed: 7 });
 * @throws DataError when the fraction is outside [0, 1).
 */
export function splitDataset(scan: DatasetScan, options: SplitOptions = {}): DatasetSplit {
  const fraction = options.validationFraction ?? 0.2;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new DataError(`validationFraction must be at least 0 and below 1, but received ${fraction}`);
  }
  const seed = options.seed ?? 0;
  const classes = scan.classes.map((c) => c.name);
  const byClass: Sample[][] = classes.map(() => []);
  for (const sample of scan.samples) byClass[sample.label].push(sample);
  const train: Sample[] = [];
  const validation: Sample[] = [];
  byClass.forEach((samples, label) => {
    const shuffled = shuffleInPlace([...samples], mulberry32(deriveSeed(seed, 'split', classes[label])));
    const held = Math.min(Math.round(samples.length * fraction), samples.length - 1);
    const heldOut = new Set(shuffled.slice(0, Math.max(0, held)));
    for (const sample of samples) (heldOut.has(sample) ? validation : train).push(sample);
  });
  return { classes, train, validation, counts: countsOf(classes, train, validation), onlyInValidation: [], missingFromValidation: [], skipped: [] };
}

/**
 * Uses a separate folder for validation: it is scanned like the training folder and its class
 * folders are matched to the training classes by name, so labels agree. Classes found on only
 * one side are reported.
 * @throws DataError from scanning the validation folder.
 */
export async function splitWithValidationFolder(train: DatasetScan, validationRoot: string, options: ScanOptions = {}): Promise<DatasetSplit> {
  const scan = await scanImageFolder(validationRoot, options);
  const classes = train.classes.map((c) => c.name);
  const labelOf = new Map(classes.map((name, label) => [name, label]));
  const validation: Sample[] = [];
  const skipped: SkippedFile[] = [];
  const trainLabel = scan.classes.map((c) => labelOf.get(c.name));
  const onlyInValidation = scan.classes.filter((_, i) => trainLabel[i] === undefined).map((c) => c.name);
  for (const sample of scan.samples) {
    const label = trainLabel[sample.label];
    if (label !== undefined) validation.push({ path: sample.path, label });
    else {
      const name = scan.classes[sample.label].name;
      skipped.push({ path: sample.path, code: 'unknown-class', reason: `class "${name}" is not in the training folder ${train.root}` });
    }
  }
  validation.sort((a, b) => a.label - b.label);
  const counts = countsOf(classes, train.samples, validation);
  return {
    classes,
    train: train.samples,
    validation,
    counts,
    onlyInValidation,
    missingFromValidation: counts.filter((c) => c.validation === 0).map((c) => c.name),
    skipped: [...scan.skipped, ...skipped],
  };
}
