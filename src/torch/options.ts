import { z } from 'zod';
import { trainConfigSchema, type TrainConfig } from '../train/config';

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
    /** CPU threads per process; null: the cores divided among the processes. */
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

/** Fills defaults and validates; errors name the field. */
export function parseTorchTrainConfig(input: unknown): TorchTrainConfig {
  const parsed = torchTrainConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`training option ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as TorchTrainConfig;
}

/** What `inception_runner.py` reads; relative paths are relative to the job file. */
export interface TorchJob {
  format: 'inception-studio.torch-job';
  version: 1;
  runDir: string;
  /** The generated module (`net.py`). */
  net: string;
  graph: string | null;
  /**
   * The run's `split.json` (`src/data/runSplit.ts`): the train and validation files the runner trains on,
   * the TF.js engine's split. null: synthetic data, or no host to write it (an exported bundle), and the
   * runner scans and splits the folder itself.
   */
  split: string | null;
  resume: boolean;
  input: { channels: number; height: number; width: number };
  /**
   * Fine-tuning: the initial weights (safetensors, PyTorch names; loaded unless a checkpoint is resumed) and
   * what they cover (`InitRecord`, for report.json); null for a run from fresh weights.
   */
  init: { weights: string; record: string } | null;
  /** Frozen nodes and their `Net` attributes: no gradients, no optimizer state, BatchNorm kept in eval mode. */
  frozen: { nodes: string[]; modules: string[] };
  config: Omit<TrainConfig, 'engine' | 'backend'>;
  torch: Omit<TorchOptions, 'python' | 'distributed'>;
}

/** The job file for a run: paths as given, training options without the TF.js-only fields. */
export function buildJob(
  config: TorchTrainConfig,
  paths: { runDir: string; net: string; graph: string | null; split: string | null },
  input: TorchJob['input'],
  resume: boolean,
  fineTuning: Pick<TorchJob, 'init' | 'frozen'> = { init: null, frozen: { nodes: [], modules: [] } },
): TorchJob {
  const { engine: _engine, backend: _backend, torch, ...training } = config;
  const { python: _python, distributed: _distributed, ...device } = torch;
  return { format: 'inception-studio.torch-job', version: 1, ...paths, resume, input, ...fineTuning, config: training, torch: device };
}
