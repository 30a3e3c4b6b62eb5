import { z } from 'zod';
import { jsonNumber } from './jsonNumber';
import { skippedFileSchema } from './skippedFiles';

/** One image with the loss the model gives it: its given label, what the model predicts and how sure it is. */
export const lossRowSchema = z.object({
  path: z.string(),
  label: z.string(),
  predicted: z.string(),
  /** The probability of the predicted class. */
  probability: jsonNumber,
  /** The probability of the given label. */
  labelProbability: jsonNumber,
  /** Cross-entropy: −log(probability of the given label). */
  loss: jsonNumber,
});
export type LossRow = z.infer<typeof lossRowSchema>;

/** How often images of class `label` were taken for `predicted`. */
export const confusedPairSchema = z.object({ label: z.string(), predicted: z.string(), count: z.number().int().min(1) });
export type ConfusedPair = z.infer<typeof confusedPairSchema>;

/** A run's validation images sorted by loss, and the most confused pairs of classes (`topLosses`). */
export const topLossesSchema = z.object({
  classes: z.array(z.string()),
  /** Validation images scored. */
  count: z.number().int().min(0),
  accuracy: jsonNumber,
  /** Highest loss first, at most the limit asked for. */
  losses: z.array(lossRowSchema),
  /** Most frequent first; every pair with at least one image. */
  pairs: z.array(confusedPairSchema),
  skipped: z.array(skippedFileSchema),
});
export type TopLosses = z.infer<typeof topLossesSchema>;

export const topLossesOptionsSchema = z.strictObject({ limit: z.number().int().min(1).max(10_000).optional() });
export type TopLossesOptions = z.infer<typeof topLossesOptionsSchema>;

/** A file whose given label the model, not having trained on it, finds unlikely. */
export const suspectSchema = z.object({
  path: z.string(),
  label: z.string(),
  /** The class the model proposes instead. */
  proposed: z.string(),
  /** Out-of-sample probability of the proposed class. */
  confidence: jsonNumber,
  /** Out-of-sample probability of the given label. */
  labelProbability: jsonNumber,
});
export type Suspect = z.infer<typeof suspectSchema>;

/** Likely mislabelled files of a run's data folder, found by k-fold cross-validation and confident learning. */
export const suspectsSchema = z.object({
  runId: z.string(),
  classes: z.array(z.string()),
  folds: z.number().int().min(2),
  epochs: z.number().int().min(1),
  /** The engine the folds' models trained with, and why that one (the run's own, asked for, or the run's is missing here). */
  engine: z.enum(['tfjs', 'torch']),
  engineReason: z.string(),
  /** Files scored out of sample (every readable file of the run's train and validation lists). */
  count: z.number().int().min(0),
  /** Accuracy of the out-of-sample predictions against the given labels. */
  accuracy: jsonNumber,
  /** Per class: the mean out-of-sample probability of the class over the files labelled with it. */
  thresholds: z.array(jsonNumber),
  /** Ranked, most suspicious first (lowest probability of the given label). */
  suspects: z.array(suspectSchema),
  skipped: z.array(skippedFileSchema),
  seconds: z.number(),
});
export type Suspects = z.infer<typeof suspectsSchema>;

export const suspectsOptionsSchema = z.strictObject({
  folds: z.number().int().min(2).max(20).optional(),
  /** Epochs each fold's model trains; default: the run's. */
  epochs: z.number().int().min(1).max(1000).optional(),
  /** The engine the folds train with; default: the one that trained the run (TF.js when that one is missing here). */
  engine: z.enum(['tfjs', 'torch']).optional(),
});
export type SuspectsOptions = z.infer<typeof suspectsOptionsSchema>;

/**
 * Where a suspects search is (`suspectsProgress`): the fold whose model trains now (1-based) and its epoch, then
 * the held-out images scored so far; `scoring` once the fold's model is trained.
 */
export const suspectsProgressSchema = z.object({
  fold: z.number().int().min(1),
  folds: z.number().int().min(2),
  phase: z.enum(['training', 'scoring']),
  /** Epochs of this fold's model done, of `epochs`. */
  epoch: z.number().int().min(0),
  epochs: z.number().int().min(1),
  /** Held-out images scored so far, of every file of the run's lists. */
  imagesDone: z.number().int().min(0),
  images: z.number().int().min(0),
});
export type SuspectsProgress = z.infer<typeof suspectsProgressSchema>;

/** One change to a data folder: a file moved to another class, excluded (quarantined), or an earlier change undone. */
export const folderFixSchema = z.object({
  id: z.number().int().min(1),
  time: z.string(),
  action: z.enum(['move', 'exclude', 'undo']),
  /** Absolute paths: where the file was, and where it is now. */
  from: z.string(),
  to: z.string(),
  /** SHA-256 of the file's bytes (the same before and after: nothing is rewritten). */
  sha256: z.string(),
  /** The run whose suggestion this follows, if any. */
  runId: z.string().nullable(),
  /** For an undo: the id of the change it reverses. */
  undoes: z.number().int().min(1).optional(),
  /** For a move or exclude: true once undone. */
  undone: z.boolean().optional(),
});
export type FolderFix = z.infer<typeof folderFixSchema>;

/** What to do to one file of a data folder. */
export const folderFixRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('move'), file: z.string().min(1).max(4096), toClass: z.string().min(1).max(255), runId: z.string().max(100).optional() }),
  z.strictObject({ action: z.literal('exclude'), file: z.string().min(1).max(4096), runId: z.string().max(100).optional() }),
]);
export type FolderFixRequest = z.infer<typeof folderFixRequestSchema>;
