import { z } from 'zod';
import { skippedFileSchema, topClassSchema } from './evaluation';
import { inferenceChoiceSchema, type InferenceChoice } from './inference';

/** One classified image: its top classes, most probable first. */
export const folderPredictionSchema = z.object({ path: z.string(), top: z.array(topClassSchema) });
export type FolderPrediction = z.infer<typeof folderPredictionSchema>;

export const classifyProgressSchema = z.object({
  /** Images classified so far. */
  done: z.number(),
  skipped: z.number(),
  /** Image files in the folder; null until the counting walk has finished. */
  total: z.number().nullable(),
  imagesPerSecond: z.number(),
});
export type ClassifyProgress = z.infer<typeof classifyProgressSchema>;

/** How a classification's rows can be ordered: walk order (= path order), top-1 class, top-1 probability. */
export const resultSortSchema = z.enum(['path', 'label', 'probability']);
export type ResultSort = z.infer<typeof resultSortSchema>;

/** How a folder classification ended (`classifyFolder` in src/infer). */
export const classifySummarySchema = z.object({
  folder: z.string(),
  images: z.number(),
  skipped: z.number(),
  seconds: z.number(),
  imagesPerSecond: z.number(),
  /** True when it was asked to stop before the end. */
  stopped: z.boolean(),
  /** The runtime the images went through, and why. */
  inference: inferenceChoiceSchema.optional(),
});
export type ClassifySummary = z.infer<typeof classifySummarySchema>;

/** Which page of results, in which order (`path` is the walk's order: path order). */
export const classificationQuerySchema = z.strictObject({
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
  sort: resultSortSchema,
  descending: z.boolean(),
});
export type ClassificationQuery = z.infer<typeof classificationQuerySchema>;

/** A folder classification: started by `classifyFolder`, its results kept in the workspace until discarded. */
export interface ClassificationInfo {
  id: string;
  runId: string;
  /** The folder classified (absolute). */
  folder: string;
  status: 'running' | 'completed' | 'stopped' | 'failed';
  progress: ClassifyProgress;
  /** Why it failed. */
  message?: string;
  /** Seconds since it started, or that it took. */
  seconds: number;
  /** The job process's peak resident memory, once it has ended. */
  peakRssMiB?: number;
  /** The runtime the images went through and why, once it has ended. */
  inference?: InferenceChoice;
}

/** Pushed by the host to subscribers while a classification runs (at most ~4 a second) and when it ends. */
export type ClassifyEventMessage = ClassificationInfo;

/** One page of a classification's results, in the order asked for. */
export interface ClassificationPage {
  info: ClassificationInfo;
  /** Results so far (the rows the page was cut from). */
  count: number;
  offset: number;
  rows: FolderPrediction[];
  /** The first skipped files with their reasons; `skippedCount` has the total. */
  skipped: { path: string; reason: string }[];
  skippedCount: number;
}

/** A classify job's next results (one batch), the files skipped since the last message, and the progress. */
export const classifiedBatchSchema = z.object({
  rows: z.array(folderPredictionSchema),
  skipped: z.array(skippedFileSchema),
  progress: classifyProgressSchema,
});
