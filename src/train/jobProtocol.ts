import { z } from 'zod';
import { graphSchema } from '../graph/schema';
import type { SkipCode } from '../data/report';
import { trainConfigSchema } from './config';
import { trainEvent } from './events';

/** Messages between the service and a training job process (validated on both sides). */
export const toJobMessage = z.discriminatedUnion('type', [
  /**
   * Trains a run folder. With `prepared` (the service's `prepareRun`, or `resumePlan` with `resume`): graph.json
   * and config.json are in the folder as given here and the design fits `prepared.classes` (null: a resumed run
   * that never recorded them); the job only trains. Without it, a new run's design and options are checked and
   * written by the job (`runTraining`); graph and config omitted resume the run from its folder.
   */
  z.object({
    type: z.literal('start'),
    runDir: z.string(),
    graph: graphSchema.optional(),
    config: trainConfigSchema.optional(),
    fixClasses: z.boolean().default(false),
    prepared: z.object({ classes: z.array(z.string()).nullable(), resume: z.boolean() }).optional(),
  }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('evaluate'), runDir: z.string(), dataDir: z.string().nullable() }),
  z.object({ type: z.literal('predict'), runDir: z.string(), images: z.array(z.string()).max(1000), topK: z.number().int().min(1).max(100) }),
  /** Writes a run's model as stock TF.js layers files into `outDir` (the TF.js export). */
  z.object({ type: z.literal('exportTfjs'), runDir: z.string(), outDir: z.string() }),
  /** Writes a finished PyTorch run's TF.js copy into its `model/` folder, so TF.js predict and evaluate work on it. */
  z.object({ type: z.literal('tfjsFromTorch'), runDir: z.string() }),
  /** A learning-rate range test (`findLearningRate`): nothing is written. */
  z.object({ type: z.literal('findLr'), graph: graphSchema, config: trainConfigSchema }),
  /** Every image under a folder, streamed back as `classified` messages, then a `result` with the summary. */
  z.object({ type: z.literal('classify'), runDir: z.string(), folder: z.string(), topK: z.number().int().min(1).max(100), batchSize: z.number().int().min(1).max(1024) }),
  /** A few training steps of a design on random images: the TF.js engine's images/s here (`measureTfjsSpeed`). */
  z.object({ type: z.literal('speed'), graph: graphSchema, batch: z.number().int().min(1).max(1024), seconds: z.number().positive().max(60) }),
]);

const SKIP_CODES = [
  'empty', 'unreadable', 'not-image', 'unsupported', 'truncated', 'corrupt', 'too-large', 'outside-class',
  'not-file', 'broken-link', 'symlink-loop', 'duplicate', 'unknown-class', 'decoder-failed',
] as const satisfies readonly SkipCode[];

/** A number that crossed the IPC channel: JSON turns NaN and ±Infinity into null, read back as NaN. */
const jsonNumber = z.union([z.number(), z.null().transform(() => Number.NaN)]);

const topClass = z.object({ label: z.string(), probability: jsonNumber });
const skippedFile = z.object({ path: z.string(), code: z.enum(SKIP_CODES), reason: z.string() });

const evaluationMetrics = z.object({
  count: z.number(),
  accuracy: jsonNumber,
  top5: jsonNumber,
  loss: jsonNumber,
  confusion: z.array(z.array(z.number())),
  perClass: z.array(z.object({ name: z.string(), support: z.number(), precision: jsonNumber.nullable(), recall: jsonNumber.nullable() })),
});

/** The `result` payload of each request that answers with one; checked where the answer arrives. */
export const jobResults = {
  evaluate: evaluationMetrics.extend({
    classes: z.array(z.string()),
    skipped: z.array(skippedFile),
    unknownClasses: z.array(z.string()),
    confidentlyWrong: z.array(z.object({ path: z.string(), label: z.string(), predicted: z.string(), probability: jsonNumber })),
    cells: z.array(z.array(z.array(z.object({ path: z.string(), probability: jsonNumber })))),
  }),
  predict: z.array(z.object({ path: z.string(), top: z.array(topClass), error: z.string().optional() })),
  findLr: z.object({
    lowest: jsonNumber,
    steepest: jsonNumber.nullable(),
    suggested: jsonNumber,
    points: z.array(z.object({ lr: z.number(), loss: jsonNumber, smoothed: jsonNumber })),
    diverged: z.boolean(),
    backend: z.string(),
  }),
  exportTfjs: z.object({ files: z.array(z.string()) }),
  tfjsFromTorch: z.object({}),
  speed: z.object({ backend: z.string(), imagesPerSecond: z.number(), steps: z.number(), seconds: z.number() }),
  classify: z.object({
    folder: z.string(), images: z.number(), skipped: z.number(), seconds: z.number(), imagesPerSecond: z.number(), stopped: z.boolean(),
    peakRssMiB: z.number().optional(),
  }),
} satisfies Record<Exclude<ToJobMessage['type'], 'start' | 'stop'>, z.ZodType>;

export const fromJobMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: trainEvent }),
  z.object({ type: z.literal('done'), status: z.enum(['completed', 'stopped', 'early-stopped']) }),
  z.object({ type: z.literal('error'), message: z.string(), code: z.string().optional() }),
  /** A classify job's next results (one batch) and the files skipped since the last message. */
  z.object({
    type: z.literal('classified'),
    rows: z.array(z.object({ path: z.string(), top: z.array(topClass) })),
    skipped: z.array(skippedFile),
    progress: z.object({ done: z.number(), skipped: z.number(), total: z.number().nullable(), imagesPerSecond: z.number() }),
  }),
  /** The answer of a request in `jobResults`; its payload is checked against that request's schema where it arrives. */
  z.object({ type: z.literal('result'), result: z.unknown() }),
]);

export type ToJobMessage = z.input<typeof toJobMessage>;
export type FromJobMessage = z.infer<typeof fromJobMessage>;
/** The requests a job answers with one `result`. */
export type JobRequest = Extract<ToJobMessage, { type: keyof typeof jobResults }>;
/** The checked answer of a request. */
export type JobResult<T extends keyof typeof jobResults> = z.infer<(typeof jobResults)[T]>;
