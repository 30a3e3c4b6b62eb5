import { z } from 'zod';
import { EXPORT_FORMATS } from './apiTypes';
import { augmentSpecSchema } from './augment';
import { classificationQuerySchema } from './classification';
import { featureMapsOptionsSchema } from './featureMaps';
import { GRAD_CAM_ENGINES, gradCamOptionsSchema } from './gradCam';
import { folderFixRequestSchema, suspectsOptionsSchema, topLossesOptionsSchema } from './errorAnalysis';
import { MAX_RUN_LABEL } from './runInfo';

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

/**
 * The service API, declared once: each method and the argument tuple it accepts. The method list
 * (`API_METHODS`) and every transport's validation derive from this table; `InceptionApi` (src/service/api.ts)
 * gives each method its return type and is checked against this table at compile time.
 */
export const API_ARGS = {
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
  exportRun: z.union([
    z.tuple([runId, z.enum(EXPORT_FORMATS)]),
    z.tuple([runId, z.enum(EXPORT_FORMATS), pathArg]),
    z.tuple([runId, z.enum(EXPORT_FORMATS), pathArg.nullable(), z.strictObject({ calibration: pathArg.optional(), profile: z.boolean().optional() })]),
  ]),
  classifyFolder: z.union([
    z.tuple([runId, pathArg]),
    z.tuple([runId, pathArg, z.strictObject({ topK: z.number().int().min(1).max(100).optional() })]),
  ]),
  classificationPage: z.tuple([classificationId, classificationQuerySchema]),
  cancelClassification: z.tuple([classificationId]),
  saveClassificationCsv: z.tuple([classificationId, pathArg]),
  discardClassification: z.tuple([classificationId]),
  gradCam: z.union([z.tuple([runId, pathArg]), z.tuple([runId, pathArg, gradCamOptionsSchema])]),
  warmGradCam: z.union([z.tuple([runId]), z.tuple([runId, z.strictObject({ engine: z.enum(GRAD_CAM_ENGINES).optional() })])]),
  featureMaps: z.union([z.tuple([runId, pathArg]), z.tuple([runId, pathArg, featureMapsOptionsSchema])]),
  topLosses: z.union([z.tuple([runId]), z.tuple([runId, topLossesOptionsSchema])]),
  findSuspects: z.union([z.tuple([runId]), z.tuple([runId, suspectsOptionsSchema])]),
  suspectsProgress: z.tuple([runId]),
  cancelSuspects: z.tuple([runId]),
  fixFolder: z.tuple([pathArg, folderFixRequestSchema]),
  undoFolderFix: z.union([z.tuple([pathArg]), z.tuple([pathArg, z.number().int().min(1)])]),
  listFolderFixes: z.tuple([pathArg]),
  importModel: z.union([z.tuple([pathArg]), z.tuple([pathArg, importOptions])]),
  engines: z.tuple([]),
  chooseEngine: z.union([z.tuple([]), z.tuple([z.boolean()]), z.tuple([z.boolean(), z.unknown()])]),
  hostInfo: z.tuple([]),
} as const satisfies Record<string, z.ZodType<unknown[]>>;

/** A method of the service API. */
export type ApiMethod = keyof typeof API_ARGS;

/** The arguments of a method once validated. */
export type ApiArgs<M extends ApiMethod> = z.output<(typeof API_ARGS)[M]>;

/** Every method of the service API, in the table's order. */
export const API_METHODS: readonly ApiMethod[] = Object.freeze(Object.keys(API_ARGS) as ApiMethod[]);

export const isApiMethod = (method: unknown): method is ApiMethod => typeof method === 'string' && Object.hasOwn(API_ARGS, method);

/** A request and its reply on any message transport (WebSocket, IPC). */
export interface ApiRequest {
  id: number;
  method: string;
  args: unknown[];
  /** Browser mode: the page's token, checked on every message. */
  token?: string;
}
export type ApiReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code: string; option?: string } };
