import { z } from 'zod';
import { torchOptionsSchema, trainConfigSchema } from './runConfig';

/** The job file version this build writes, and the highest the Python runner it ships reads. */
export const TORCH_JOB_VERSION = 1;

/**
 * What `inception_runner.py` reads (`pytorch/job.json`): every value resolved here, none left to Python's
 * defaults. Relative paths are relative to the job file. The runner checks a job against the JSON Schema
 * generated from this schema (`assets/python/inception_torch/job.schema.json`) and refuses a newer `version`.
 */
export const torchJobSchema = z
  .object({
    format: z.literal('inception-studio.torch-job'),
    version: z.literal(TORCH_JOB_VERSION),
    runDir: z.string().min(1),
    /** The generated module (`net.py`). */
    net: z.string().min(1),
    /** The design, copied into `model/` when the run finishes; null for none. */
    graph: z.string().min(1).nullable(),
    /**
     * The run's `split.json` (`src/data/runSplit.ts`): the train and validation files the runner trains on,
     * the TF.js engine's split. null: synthetic data, or no host to write it (an exported bundle), and the
     * runner scans and splits the folder itself.
     */
    split: z.string().min(1).nullable(),
    resume: z.boolean(),
    input: z.object({ channels: z.number().int().min(1), height: z.number().int().min(1), width: z.number().int().min(1) }).strict(),
    /**
     * Fine-tuning: the initial weights (safetensors, PyTorch names; loaded unless a checkpoint is resumed) and
     * what they cover (`InitRecord`, for report.json); null for a run from fresh weights.
     */
    init: z.object({ weights: z.string().min(1), record: z.string().min(1) }).strict().nullable(),
    /** Frozen nodes and their `Net` attributes: no gradients, no optimizer state, BatchNorm kept in eval mode. */
    frozen: z.object({ nodes: z.array(z.string()), modules: z.array(z.string()) }).strict(),
    /** The run's options without the TF.js-only fields. */
    config: trainConfigSchema.omit({ engine: true, backend: true }).strict(),
    /** The PyTorch options this process needs (the interpreter and torchrun's layout stay with the host). */
    torch: torchOptionsSchema.omit({ python: true, distributed: true }).strict(),
  })
  .strict();

export type TorchJob = z.output<typeof torchJobSchema>;
