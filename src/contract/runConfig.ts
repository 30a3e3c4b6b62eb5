import { z } from 'zod';
import { augmentSpecSchema, NO_AUGMENT } from './augment';
import { progressiveResizeSchema } from './progressiveResize';

/** The highest `config.json` version this build reads, and the one it writes. */
export const RUN_CONFIG_VERSION = 1;

/** The options of a training run, as stored in the run's `config.json`; every field has a default. */
export const trainConfigSchema = z.object({
  /** The config format's version; files without one are version 0 (see `migrateRunConfig`). */
  version: z.literal(RUN_CONFIG_VERSION).default(RUN_CONFIG_VERSION),
  data: z
    .object({
      /** Folder with one sub-folder per class. */
      dir: z.string().min(1),
      /** A separate validation folder; otherwise `validationFraction` of each class is held out. */
      valDir: z.string().min(1).nullable().default(null),
      validationFraction: z.number().min(0).max(0.9).default(0.2),
      resize: z.enum(['crop', 'stretch']).default('crop'),
      /** Per-channel mean and std on the 0..1 scale; measured on the training images when null. */
      mean: z.array(z.number()).nullable().default(null),
      std: z.array(z.number().positive()).nullable().default(null),
      /** Folder for decoded images, reused across epochs and runs; null for none. */
      cacheDir: z.string().nullable().default(null),
      /** Decoding threads; null for one per core. */
      workers: z.number().int().min(0).max(64).nullable().default(null),
    })
    .strict(),
  /** None unless asked for: a mirror is wrong for digits, text and many medical images. */
  augment: augmentSpecSchema.default({ ...NO_AUGMENT }),
  optimizer: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('sgd'), momentum: z.number().min(0).max(0.999).default(0.9), nesterov: z.boolean().default(false), weightDecay: z.number().min(0).max(1).default(5e-4) }),
      z.object({ type: z.literal('adam'), beta1: z.number().min(0).max(0.9999).default(0.9), beta2: z.number().min(0).max(0.99999).default(0.999), epsilon: z.number().positive().default(1e-7), weightDecay: z.number().min(0).max(1).default(0) }),
      z.object({ type: z.literal('adamw'), beta1: z.number().min(0).max(0.9999).default(0.9), beta2: z.number().min(0).max(0.99999).default(0.999), epsilon: z.number().positive().default(1e-7), weightDecay: z.number().min(0).max(1).default(0.01) }),
    ])
    .default({ type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 }),
  lr: z.number().positive().max(10).default(0.001),
  schedule: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('constant') }),
      z.object({ type: z.literal('step'), stepEpochs: z.number().int().min(1).default(10), gamma: z.number().positive().max(1).default(0.1) }),
      z.object({ type: z.literal('cosine'), minFactor: z.number().min(0).max(1).default(0.01) }),
    ])
    .default({ type: 'cosine', minFactor: 0.01 }),
  warmupEpochs: z.number().min(0).max(100).default(0),
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  epochs: z.number().int().min(1).max(10_000).default(10),
  /** Smaller images for the first epochs (`progressiveResize.ts`); their epochs count within `epochs`. */
  progressiveResize: progressiveResizeSchema.default([]),
  batchSize: z.number().int().min(1).max(4096).default(32),
  /** Stop when the validation loss has not improved by minDelta for `patience` epochs; null to never stop early. */
  earlyStopping: z
    .object({ patience: z.number().int().min(1).default(5), minDelta: z.number().min(0).default(0) })
    .nullable()
    .default(null),
  seed: z.number().int().min(0).max(2 ** 31).default(0),
  /**
   * Fine-tuning: start from the weights of a finished run or an imported model (`run`, its id). The service
   * fills `runDir`, the run's folder. Weights whose layer name and shape match are copied; the rest (a new
   * head for a different class count) start fresh. Nodes with `frozen: true` in the design are not trained.
   */
  init: z.object({ run: z.string().min(1), runDir: z.string().min(1).optional() }).strict().nullable().default(null),
  engine: z.literal('tfjs').default('tfjs'),
  /** How "Automatic" picked this run's engine; null when the engine was given. */
  engineChoice: z
    .object({ requested: z.literal('auto'), engine: z.enum(['tfjs', 'torch']), device: z.string(), reason: z.string() })
    .nullable()
    .default(null),
  /** A TF.js backend to prefer; null picks the best present. */
  backend: z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).nullable().default(null),
});

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** Options that only the PyTorch engine has; stored under `torch` in the run's config.json. */
export const torchOptionsSchema = z
  .object({
    /** The interpreter; null finds one (`detectTorch`). */
    python: z.string().min(1).nullable().default(null),
    /** `auto` picks CUDA, then MPS, then the CPU. */
    device: z.string().regex(/^(auto|cpu|mps|cuda(:\d+)?)$/, 'expected auto, cpu, mps, cuda or cuda:N').default('auto'),
    /** `auto`: bf16 (or fp16 where bf16 is missing) on CUDA, bf16 on CPUs with bf16 instructions, else fp32. */
    precision: z.enum(['auto', 'fp32', 'bf16', 'fp16']).default('auto'),
    /** NHWC memory format; null: on for CUDA and the CPU. `precision: fp32` with `channelsLast: false` is plain fp32. */
    channelsLast: z.boolean().nullable().default(null),
    /** DataLoader worker processes; null: a share of the cores. */
    workers: z.number().int().min(0).max(64).nullable().default(null),
    /** CPU threads per process; null: `OMP_NUM_THREADS` where set (one process per machine), else the cores divided among the processes. */
    threads: z.number().int().min(1).max(1024).nullable().default(null),
    /** Decoded images are kept in memory when they fit this many bytes; null: min(2 GiB, RAM / 4). */
    cacheBytes: z.number().int().min(0).nullable().default(null),
    /** Decode every image into memory before training (when they fit `cacheBytes`); null: on the CPU only. */
    preload: z.boolean().nullable().default(null),
    /** Stop (with a checkpoint, status `stopped`) after this many steps in one session; for benchmarks. */
    maxSteps: z.number().int().min(1).nullable().default(null),
    /** Several processes through torchrun (DistributedDataParallel); null for one process. */
    distributed: z
      .object({
        nprocPerNode: z.number().int().min(1).max(1024),
        nnodes: z.number().int().min(1).max(10_000).default(1),
        /** This machine's index among the nodes (0 to nnodes − 1); the c10d rendezvous assigns ranks as nodes join. */
        nodeRank: z.number().int().min(0).default(0),
        /** `HOST:PORT` of the c10d rendezvous, the same on every node; required when nnodes > 1. */
        rdzvEndpoint: z
          .string()
          .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected HOST:PORT, e.g. 10.0.0.1:29400')
          .nullable()
          .default(null),
        /** How often torchrun restarts the whole group after a worker fails; each attempt resumes from `checkpoints/last`. */
        maxRestarts: z.number().int().min(0).max(1000).default(0),
      })
      .strict()
      .refine((d) => d.nnodes === 1 || d.rdzvEndpoint !== null, { message: 'several nodes need rdzvEndpoint HOST:PORT (the first node\'s address and a free port)', path: ['rdzvEndpoint'] })
      .refine((d) => d.nodeRank < d.nnodes, { message: 'nodeRank must be below nnodes', path: ['nodeRank'] })
      .nullable()
      .default(null),
    /**
     * Also write `checkpoints/last` every this many steps inside an epoch (besides every epoch's end and a stop);
     * null: every 100 steps when `distributed.maxRestarts` > 0, else at epoch ends only. A restart loses at most
     * the steps since the last one.
     */
    checkpointEverySteps: z.number().int().min(1).nullable().default(null),
    /** Random images instead of a folder (no Pillow needed): benchmarks and GPU checks. */
    synthetic: z.object({ images: z.number().int().min(2), classes: z.number().int().min(2) }).nullable().default(null),
  })
  .strict();

export type TorchOptions = z.infer<typeof torchOptionsSchema>;

/** The run config of the PyTorch engine: the TF.js engine's options, `engine: "torch"` and `torch`. */
export const torchTrainConfigSchema = trainConfigSchema.extend({
  engine: z.enum(['tfjs', 'torch']).default('torch'),
  torch: torchOptionsSchema.default(torchOptionsSchema.parse({})),
});

export type TorchTrainConfig = Omit<TrainConfig, 'engine'> & { engine: 'tfjs' | 'torch'; torch: TorchOptions };

type ConfigDoc = Record<string, unknown>;
type Migration = (doc: ConfigDoc) => ConfigDoc;

/** Version 0 is every config.json written before configs had a version; its fields are those of version 1. */
const v0ToV1: Migration = (doc) => ({ ...doc, version: 1 });

/** MIGRATIONS[v] turns a version-v config into version v+1. */
const MIGRATIONS: Record<number, Migration> = { 0: v0ToV1 };

/**
 * Brings a stored or received run config up to `RUN_CONFIG_VERSION` (no `version` means 0).
 * @throws Error when the config comes from a newer Inception Studio or its version is not a whole number.
 */
export function migrateRunConfig(doc: ConfigDoc): ConfigDoc {
  let version = doc.version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new Error(`training option version: expected a whole number from 0 to ${RUN_CONFIG_VERSION}, got ${JSON.stringify(version)}`);
  }
  if (version > RUN_CONFIG_VERSION) {
    throw new Error(`this run config was written by a newer Inception Studio (config version ${version}; this one reads up to ${RUN_CONFIG_VERSION})`);
  }
  let current = doc;
  while (version < RUN_CONFIG_VERSION) {
    current = MIGRATIONS[version](current);
    version += 1;
  }
  return current;
}

const isDoc = (value: unknown): value is ConfigDoc => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseWith<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(isDoc(input) ? migrateRunConfig(input) : input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`training option ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Migrates, fills defaults and validates a TF.js run config; errors name the field. */
export function parseTrainConfig(input: unknown): TrainConfig {
  return parseWith(trainConfigSchema, input);
}

/** Migrates, fills defaults and validates a PyTorch run config; errors name the field. */
export function parseTorchTrainConfig(input: unknown): TorchTrainConfig {
  return parseWith(torchTrainConfigSchema, input ?? {}) as TorchTrainConfig;
}
