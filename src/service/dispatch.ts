import { z } from 'zod';
import { augmentSpecSchema } from '../data/augment';
import { API_METHODS, EXPORT_FORMATS, type ApiMethod, type InceptionApi } from './api';
import { ApiError, ERROR_CODES } from './errors';
import { MAX_RUN_LABEL } from './runLabel';

const pathArg = z.string().min(1).max(4096);
const runId = z.string().min(1).max(100);
const classificationId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a classification id');
/** An image sent as bytes: at most 20 MB each (base64 is 4/3 of that). */
const upload = z.strictObject({ name: z.string().min(1).max(255), base64: z.string().max(28_000_000) });

const perChannel = z.array(z.number().finite()).min(1).max(4);
const importOptions = z.strictObject({
  name: z.string().max(120).optional(),
  mean: perChannel.optional(),
  std: perChannel.optional(),
  size: z.tuple([z.number().int().min(1).max(4096), z.number().int().min(1).max(4096)]).optional(),
  labels: z.array(z.string().max(200)).max(100_000).optional(),
});

/** The argument tuple each method accepts; every transport validates with these before calling. */
const ARGS: Record<ApiMethod, z.ZodType<unknown[]>> = {
  inspect: z.tuple([z.unknown()]),
  listPresets: z.tuple([]),
  loadPreset: z.tuple([z.string().max(64)]),
  listDesigns: z.tuple([]),
  openGraph: z.tuple([pathArg]),
  saveGraph: z.tuple([pathArg, z.unknown()]),
  pickPath: z.union([z.tuple([z.enum(['open', 'save', 'folder', 'model'])]), z.tuple([z.enum(['open', 'save', 'folder', 'model']), z.string().max(255)])]),
  pickImages: z.tuple([]),
  makeSampleDataset: z.tuple([]),
  browseFolder: z.tuple([pathArg.nullable()]),
  previewImages: z.tuple([
    z.array(pathArg).max(64),
    z.strictObject({
      size: z.number().int().min(8).max(512),
      channels: z.union([z.literal(1), z.literal(3), z.literal(4)]),
      resize: z.enum(['crop', 'stretch']),
      augment: augmentSpecSchema.optional(),
      variant: z.number().int().min(0).max(1_000_000).optional(),
    }),
  ]),
  saveAutosave: z.tuple([z.unknown(), pathArg.nullable()]),
  loadAutosave: z.tuple([]),
  clearAutosave: z.tuple([]),
  estimateMemory: z.union([
    z.tuple([z.unknown(), z.number().int().min(1).max(65536)]),
    z.tuple([z.unknown(), z.number().int().min(1).max(65536), z.enum(['sgd', 'adam', 'adamw'])]),
  ]),
  scanDataset: z.tuple([pathArg]),
  startTraining: z.union([
    z.tuple([z.unknown(), z.unknown()]),
    z.tuple([z.unknown(), z.unknown(), z.strictObject({ fixClasses: z.boolean().optional() })]),
  ]),
  stopTraining: z.tuple([runId]),
  findLearningRate: z.tuple([z.unknown(), z.unknown()]),
  resumeTraining: z.union([z.tuple([runId]), z.tuple([runId, z.strictObject({ epochs: z.number().int().min(1).max(100_000).optional() })])]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
  deleteRun: z.tuple([runId]),
  renameRun: z.tuple([runId, z.string().max(MAX_RUN_LABEL)]),
  evaluateRun: z.tuple([runId, pathArg.nullable()]),
  predict: z.union([z.tuple([runId, z.array(pathArg).min(1).max(1000)]), z.tuple([runId, z.array(pathArg).min(1).max(1000), z.number().int().min(1).max(100)])]),
  predictUploads: z.union([
    z.tuple([runId, z.array(upload).min(1).max(16)]),
    z.tuple([runId, z.array(upload).min(1).max(16), z.number().int().min(1).max(100)]),
  ]),
  exportRun: z.union([z.tuple([runId, z.enum(EXPORT_FORMATS)]), z.tuple([runId, z.enum(EXPORT_FORMATS), pathArg])]),
  classifyFolder: z.union([
    z.tuple([runId, pathArg]),
    z.tuple([runId, pathArg, z.strictObject({ topK: z.number().int().min(1).max(100).optional() })]),
  ]),
  classificationPage: z.tuple([
    classificationId,
    z.strictObject({
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
      sort: z.enum(['path', 'label', 'probability']),
      descending: z.boolean(),
    }),
  ]),
  cancelClassification: z.tuple([classificationId]),
  saveClassificationCsv: z.tuple([classificationId, pathArg]),
  discardClassification: z.tuple([classificationId]),
  importModel: z.union([z.tuple([pathArg]), z.tuple([pathArg, importOptions])]),
  engines: z.tuple([]),
  chooseEngine: z.union([z.tuple([]), z.tuple([z.boolean()])]),
  hostInfo: z.tuple([]),
};

const isMethod = (m: unknown): m is ApiMethod => typeof m === 'string' && (API_METHODS as readonly string[]).includes(m);

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: { message: string; code: string } };

/** Validates a call that arrived from outside and runs it; never throws. */
export async function dispatch(api: InceptionApi, method: unknown, args: unknown): Promise<DispatchResult> {
  try {
    if (!isMethod(method)) {
      throw new ApiError(ERROR_CODES.BAD_REQUEST, `unknown method ${JSON.stringify(String(method).slice(0, 40))}; methods: ${API_METHODS.join(', ')}`);
    }
    const parsed = ARGS[method].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(ERROR_CODES.BAD_REQUEST, `${method}: bad arguments at [${issue.path.join('.')}]: ${issue.message}`);
    }
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, result: await fn(...parsed.data) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: ERROR_CODES.INTERNAL, message: `internal error: ${(error as Error)?.message ?? String(error)}` } };
  }
}
