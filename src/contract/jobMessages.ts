import { z } from 'zod';
import { classifiedBatchSchema, classifySummarySchema } from './classification';
import { tfjsSpeedSchema } from './engines';
import { folderEvaluationSchema, predictionSchema } from './evaluation';
import { featureMapsOptionsSchema, featureMapsResultSchema } from './featureMaps';
import { gradCamOptionsSchema, gradCamResultSchema } from './gradCam';
import { suspectsOptionsSchema, suspectsProgressSchema, suspectsSchema, topLossesSchema } from './errorAnalysis';
import { trainEvent } from './events';
import { graphSchema } from './graphDocument';
import { inferenceOptionsSchema } from './inference';
import { lrFinderResultSchema } from './lrFinder';
import { trainConfigSchema } from './runConfig';

/** Messages between the service and a training job process (validated on both sides). */
export const toJobMessage = z.discriminatedUnion('type', [
  /**
   * Trains a run folder prepared by the service's `prepareRun` (or read back by `resumePlan`, with `resume`):
   * graph.json and config.json are in the folder as given here and the design fits `prepared.classes` (null: a
   * resumed run that never recorded them); the job only trains.
   */
  z.object({
    type: z.literal('start'),
    runDir: z.string(),
    graph: graphSchema,
    config: trainConfigSchema,
    fixClasses: z.boolean().default(false),
    prepared: z.object({ classes: z.array(z.string()).nullable(), resume: z.boolean() }),
  }),
  z.object({ type: z.literal('stop') }),
  /** Evaluate, predict and classify run on the runtime `inference` asks for (default: the fastest measured). */
  z.object({ type: z.literal('evaluate'), runDir: z.string(), dataDir: z.string().nullable(), inference: inferenceOptionsSchema.optional() }),
  z.object({ type: z.literal('predict'), runDir: z.string(), images: z.array(z.string()).max(1000), topK: z.number().int().min(1).max(100), inference: inferenceOptionsSchema.optional() }),
  /** Writes a run's model as stock TF.js layers files into `outDir` (the TF.js export). */
  z.object({ type: z.literal('exportTfjs'), runDir: z.string(), outDir: z.string() }),
  /** Writes a finished PyTorch run's TF.js copy into its `model/` folder, so TF.js predict and evaluate work on it. */
  z.object({ type: z.literal('tfjsFromTorch'), runDir: z.string() }),
  /** A learning-rate range test (`findLearningRate`): nothing is written. */
  z.object({ type: z.literal('findLr'), graph: graphSchema, config: trainConfigSchema }),
  /** Every image under a folder, streamed back as `classified` messages, then a `result` with the summary. */
  z.object({
    type: z.literal('classify'),
    runDir: z.string(),
    folder: z.string(),
    topK: z.number().int().min(1).max(100),
    batchSize: z.number().int().min(1).max(1024),
    inference: inferenceOptionsSchema.optional(),
  }),
  /** A few training steps of a design on random images: the TF.js engine's images/s here (`measureTfjsSpeed`). */
  z.object({ type: z.literal('speed'), graph: graphSchema, batch: z.number().int().min(1).max(1024), seconds: z.number().positive().max(60) }),
  /** Grad-CAM of one image with a finished run's weights, in the engine the options name (`runGradCam`). */
  z.object({ type: z.literal('gradCam'), runDir: z.string(), image: z.string(), options: gradCamOptionsSchema }),
  /**
   * Keeps the job for one run's Grad-CAM (TF.js): the model built once with the run's weights (or with its
   * classifier randomised), answered `ready`; then `gradCamRequest`s, each answered by an `answer` with its id,
   * until the service disconnects.
   */
  z.object({ type: z.literal('gradCamServe'), runDir: z.string(), randomHead: z.boolean() }),
  z.object({ type: z.literal('gradCamRequest'), id: z.number().int(), image: z.string(), options: gradCamOptionsSchema.pick({ label: true, node: true }) }),
  /** A node's feature maps for one image with a finished run's weights (`runFeatureMaps`). */
  z.object({ type: z.literal('featureMaps'), runDir: z.string(), image: z.string(), options: featureMapsOptionsSchema }),
  /** A run's validation images sorted by loss, and its most confused pairs (`runTopLosses`). */
  z.object({ type: z.literal('topLosses'), runDir: z.string(), limit: z.number().int().min(1).max(10_000) }),
  /**
   * Likely mislabelled files of a run's data, by confident learning (`findSuspects`): with `engine: tfjs` the k fold
   * models train in this job; with `torch` the service's PyTorch runner trained them and this job only scores them.
   */
  z.object({ type: z.literal('suspects'), runDir: z.string(), options: suspectsOptionsSchema, engine: z.enum(['tfjs', 'torch']), engineReason: z.string() }),
]);

export const fromJobMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: trainEvent }),
  z.object({ type: z.literal('done'), status: z.enum(['completed', 'stopped', 'early-stopped']) }),
  z.object({ type: z.literal('error'), message: z.string(), code: z.string().optional() }),
  /** A classify job's next results (one batch) and the files skipped since the last message. */
  classifiedBatchSchema.extend({ type: z.literal('classified') }),
  /** A suspects job's progress: the fold training or scored now, and the images scored so far. */
  z.object({ type: z.literal('suspectsProgress'), progress: suspectsProgressSchema }),
  /** A kept job (`gradCamServe`) has loaded its run and takes requests. */
  z.object({ type: z.literal('ready') }),
  /** A kept job's answer to request `id`: its result, or the error it met (the job stays). */
  z.object({ type: z.literal('answer'), id: z.number().int(), result: z.unknown().optional(), error: z.string().optional() }),
  /** The answer of an evaluate, predict, exportTfjs, findLr, classify or speed job. */
  z.object({ type: z.literal('result'), result: z.unknown() }),
]);

export type ToJobMessage = z.input<typeof toJobMessage>;
export type FromJobMessage = z.infer<typeof fromJobMessage>;

/** The payload of the `result` message each kind of job answers with. */
export const jobResultSchemas = {
  evaluate: folderEvaluationSchema,
  predict: z.array(predictionSchema),
  exportTfjs: z.object({ files: z.array(z.string()) }),
  tfjsFromTorch: z.object({}),
  findLr: lrFinderResultSchema,
  /** With the job process's peak resident memory. */
  classify: classifySummarySchema.extend({ peakRssMiB: z.number() }),
  speed: tfjsSpeedSchema,
  gradCam: gradCamResultSchema,
  featureMaps: featureMapsResultSchema,
  topLosses: topLossesSchema,
  suspects: suspectsSchema,
} satisfies Partial<Record<ToJobMessage['type'], z.ZodType>>;

export type ResultJobType = keyof typeof jobResultSchemas;
/** The requests a job answers with one `result`. */
export type JobRequest = Extract<ToJobMessage, { type: ResultJobType }>;
export type JobResult<T extends ResultJobType> = z.infer<(typeof jobResultSchemas)[T]>;

/**
 * Validates a job's `result` against what its request promises, where the answer arrives.
 * @throws Error naming the job and the first field that does not fit.
 */
export function parseJobResult<T extends ResultJobType>(type: T, result: unknown): JobResult<T> {
  const parsed = jobResultSchemas[type].safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the ${type} job answered with an unexpected result at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as JobResult<T>;
}
